/**
 * Browser tests of the conversations view (<lwc-limepkg-userlike-relay-conversations>) on the dev harness:
 * the list of a ticket's conversations (with the Lime person the notes are about, or Userlike's contact
 * id), the requests a list costs, the empty state, both context shapes and the Swedish strings, against
 * the Lime sandbox.
 */
import { describe, expect, it } from 'vitest';
import {
    conversationRow,
    conversationRows,
    saveScreenshot,
    shadowText,
    TAG,
    type ComponentPage,
} from './support/component-page.ts';
import { useComponentHarness } from './support/use-component-harness.ts';

const suite = useComponentHarness();
let view: ComponentPage | undefined;

const EMPTY = 'No Userlike conversations are connected to this object yet.';

describe('the conversation list', () => {
    it("shows the ticket's conversation with its record, person, start, Userlike link and its notes, newest first", async () => {
        view = await suite.open({
            object: `helpdesk:${suite.seed.helpdeskPrinter}`,
        });
        const { page } = view;
        const row = conversationRows(page);
        await row.locator('ul.notes a').first().waitFor();
        expect(await row.count()).toBe(1);
        // The conversation links to its record in Lime.
        const title = row.locator('a.title');
        expect(await title.textContent()).toContain('Conversation 5550001');
        expect(await title.getAttribute('href')).toBe(
            `/client/object/ulconversation/${suite.seed.conversationPrinter}`
        );
        // The Lime person the notes are related to, linked to the person; not Userlike's contact id.
        const person = row.getByRole('link', { name: 'Jane Doe' });
        expect(await person.getAttribute('href')).toBe(
            `/client/object/person/${suite.seed.personJane}`
        );
        expect(await shadowText(row)).toContain('Jane Doe');
        expect(await shadowText(row)).not.toContain('7770001');
        // When it started, in the user's language (the page runs in UTC).
        expect(await row.getByText(/^Started /).textContent()).toBe('Started Mar 2, 2026, 9:01 AM');

        const userlike = row.getByRole('link', { name: 'Open conversation 5550001 in Userlike' });
        expect(await userlike.getAttribute('href')).toBe(
            'https://userlike.com/en/umc#/conversation/5550001'
        );
        expect(await userlike.getAttribute('target')).toBe('_blank');

        const notes = row.locator('ul.notes a');
        expect(await notes.count()).toBe(2);
        expect(await notes.nth(0).getAttribute('href')).toBe(
            `/client/object/history/${suite.seed.historyPrinterSecond}`
        );
        expect(await notes.nth(1).getAttribute('href')).toBe(
            `/client/object/history/${suite.seed.historyPrinterFirst}`
        );
        expect(await notes.allTextContents()).toEqual([
            'Note of Mar 2, 2026, 9:12 AM',
            'Note of Mar 2, 2026, 9:05 AM',
        ]);
        await saveScreenshot(page, 'component-list');

        // The link leads to the (sandbox's stand-in for the) web client page of the note.
        await notes.nth(0).click();
        await page.waitForURL(`**/client/object/history/${suite.seed.historyPrinterSecond}`);
        expect(await page.locator('body').textContent()).toContain('The fire is out.');
    });

    it('loads any number of conversations with their notes and persons in 2 requests once the data model is known', async () => {
        const seed = suite.seed;
        const sandbox = suite.harness.sandbox;
        const persons = [seed.personJane, seed.personJohn, null];
        for (let index = 0; index < 6; index++) {
            const record = sandbox.insert('ulconversation', {
                conversationid: 5560001 + index,
                contactid: String(79189080 + index),
                startedtime: `2026-03-0${index + 1}T10:00:00Z`,
                deal: seed.dealAcme,
            });
            sandbox.insert('history', {
                date: `2026-03-0${index + 1}T10:30:00Z`,
                type: 'comment',
                note: `Chat ${index + 1}`,
                person: persons[index % 3],
                deal: seed.dealAcme,
                ulconversation: record._id,
            });
        }
        view = await suite.open({ object: `helpdesk:${seed.helpdeskPrinter}` });
        const { page } = view;
        await conversationRows(page).locator('ul.notes a').first().waitFor();
        sandbox.clearRequests();
        await page.selectOption('#object', `deal:${seed.dealAcme}`);
        await conversationRow(page, 5560006).waitFor();
        const rows = conversationRows(page);
        await expect.poll(() => rows.locator('ul.notes a').count()).toBe(6);
        expect(await rows.count()).toBe(6);
        // The limetype metadata was read with the first load (the ticket's) and is not asked again.
        expect(sandbox.requests().map((request) => `${request.method} ${request.path}`)).toEqual([
            `GET /lime/api/v1/limeobject/deal/${seed.dealAcme}/ulconversation/`,
            'GET /lime/api/v1/query/',
        ]);
        // Newest first: 5560006 (no person), 5560005 (John), 5560004 (Jane), ...
        const contacts = await rows.evaluateAll((items) =>
            items.map(
                (item) =>
                    item.shadowRoot
                        ?.querySelector('.line a.person, .line span.muted')
                        ?.textContent?.trim() ?? null
            )
        );
        expect(contacts).toEqual([
            'Userlike contact 79189085',
            'John Smith',
            'Jane Doe',
            'Userlike contact 79189082',
            'John Smith',
            'Jane Doe',
        ]);
        await saveScreenshot(page, 'component-list-many');
    });

    it("shows Userlike's contact id, labelled as such, when the user may not read the person", async () => {
        const seed = suite.seed;
        const sandbox = suite.harness.sandbox;
        const record = sandbox.insert('ulconversation', {
            conversationid: 5560101,
            contactid: '79189089',
            startedtime: '2026-03-03T10:00:00Z',
            deal: seed.dealAcme,
        });
        sandbox.insert('history', {
            date: '2026-03-03T10:30:00Z',
            type: 'comment',
            note: 'Chat with Vera',
            person: seed.personRestricted,
            deal: seed.dealAcme,
            ulconversation: record._id,
        });
        view = await suite.open({ object: `deal:${seed.dealAcme}` });
        const { page } = view;
        const row = conversationRows(page);
        await row.getByRole('link', { name: 'Vera Hidden' }).waitFor();
        // The page's "Lime user" control switches to the user who may not read Vera (a new platform).
        await page.selectOption('#user', 'restricted');
        await row.getByText('Userlike contact 79189089').waitFor();
        expect(await row.locator('a.person').count()).toBe(0);
        expect(await row.getByRole('link', { name: 'Vera Hidden' }).count()).toBe(0);
        // The note itself is readable and listed.
        await expect.poll(() => row.locator('ul.notes a').count()).toBe(1);
        await saveScreenshot(page, 'component-list-userlike-contact');

        await page.selectOption('#language', 'sv');
        await row.getByText('Userlike-kontakt 79189089').waitFor();
    });

    it('still lists the conversations, without a request per conversation, when the Query API is not there (404)', async () => {
        const sandbox = suite.harness.sandbox;
        view = await suite.open({ object: `deal:${suite.seed.dealAcme}` });
        const { page } = view;
        await page.getByText(EMPTY).waitFor();
        sandbox.faults.set({
            errorRate: 1,
            errorStatus: 404,
            match: { pathIncludes: '/api/v1/query/' },
        });
        sandbox.clearRequests();
        await page.selectOption('#object', `helpdesk:${suite.seed.helpdeskPrinter}`);
        const row = conversationRow(page, 5550001);
        await row.getByText('The history notes could not be loaded.').waitFor();
        expect(await row.locator('a.title').getAttribute('href')).toBe(
            `/client/object/ulconversation/${suite.seed.conversationPrinter}`
        );
        // The list may be answered 304 from the browser's cache; the query is the 404 under test.
        const requests = sandbox.requests();
        expect(requests.map((request) => request.path)).toEqual([
            `/lime/api/v1/limeobject/helpdesk/${suite.seed.helpdeskPrinter}/ulconversation/`,
            '/lime/api/v1/query/',
        ]);
        expect(requests[1]?.status).toBe(404);
    });

    it('says so when nothing is connected', async () => {
        view = await suite.open({ object: `deal:${suite.seed.dealAcme}` });
        const status = view.page.getByText(EMPTY);
        await status.waitFor();
        expect(await conversationRows(view.page).count()).toBe(0);
        await saveScreenshot(view.page, 'component-empty');
    });

    it('shows a loading state while Lime answers', async () => {
        suite.harness.sandbox.faults.set({ latencyMs: 1500 });
        view = await suite.open({
            object: `helpdesk:${suite.seed.helpdeskPrinter}`,
        });
        const loading = view.page.getByText('Loading conversations…');
        await loading.waitFor();
        // Announced: a live region marked aria-busy would be held back by screen readers.
        expect(
            await view.page
                .getByRole('status')
                .filter({ hasText: 'Loading conversations…' })
                .count()
        ).toBe(1);
        expect(await view.page.locator(`${TAG.conversations} [aria-busy="true"]`).count()).toBe(0);
        await saveScreenshot(view.page, 'component-loading');
        await conversationRows(view.page).first().waitFor({ timeout: 15_000 });
    });

    it('finds the object on the context itself (card) as well as on context.parent (relation tab)', async () => {
        view = await suite.open({
            shape: 'card',
            object: `deal:${suite.seed.dealAcme}`,
        });
        const { page } = view;
        await page.getByText(EMPTY).waitFor();
        suite.harness.sandbox.clearRequests();
        await page.selectOption('#object', `helpdesk:${suite.seed.helpdeskPrinter}`);
        await conversationRow(page, 5550001).waitFor();
        expect(suite.harness.sandbox.requests().map((request) => request.path)).toContain(
            `/lime/api/v1/limeobject/helpdesk/${suite.seed.helpdeskPrinter}/ulconversation/`
        );
    });

    it('speaks Swedish through the translate service, with Swedish dates', async () => {
        view = await suite.open({
            language: 'sv',
            object: `helpdesk:${suite.seed.helpdeskPrinter}`,
        });
        const { page } = view;
        const row = conversationRows(page);
        // The harness applies the language with a new platform, after the first (English) render.
        await page.locator('#title', { hasText: 'Userlike-konversationer' }).waitFor();
        await row.locator('ul.notes a').first().waitFor();
        expect(await page.locator('#title').textContent()).toBe('Userlike-konversationer');
        expect(await row.locator('a.title').textContent()).toContain('Konversation 5550001');
        expect(
            await page.getByRole('link', { name: 'Öppna konversation 5550001 i Userlike' }).count()
        ).toBe(1);
        expect(
            await page.getByRole('link', { name: 'Öppna konversation 5550001 i Lime' }).count()
        ).toBe(1);
        expect(await row.getByText(/^Startad /).textContent()).toBe('Startad 2 mars 2026 09:01');
        expect(await row.locator('ul.notes a').first().textContent()).toBe(
            'Anteckning 2 mars 2026 09:12'
        );
        expect(await page.getByRole('link', { name: 'Jane Doe' }).count()).toBe(1);
        await page.getByRole('button', { name: 'Koppla konversation' }).waitFor();
        expect(await page.getByRole('button', { name: 'Koppla konversation' }).count()).toBe(1);
        await saveScreenshot(page, 'component-list-swedish');
    });
});
