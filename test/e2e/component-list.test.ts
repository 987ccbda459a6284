/**
 * Browser tests of <lwc-userlike-conversations>: the list of a ticket's conversations, the empty state,
 * both context shapes and the Swedish strings, against the dev suite.harness and the Lime sandbox.
 */
import { describe, expect, it } from 'vitest';
import { saveScreenshot, type ComponentPage } from './support/component-page.ts';
import { useComponentHarness } from './support/use-component-harness.ts';

const suite = useComponentHarness();
let view: ComponentPage | undefined;

describe('the conversation list', () => {
    it("shows the ticket's conversation with contact, start, Userlike link and its notes, newest first", async () => {
        view = await suite.open({
            object: `helpdesk:${suite.seed.helpdeskPrinter}`,
        });
        const { page } = view;
        const row = page.locator('li.conversation');
        await row.waitFor();
        expect(await row.count()).toBe(1);
        expect(await row.locator('h3').textContent()).toContain('Conversation 5550001');
        expect(await row.locator('dd').first().textContent()).toContain('7770001');
        const started = await row.locator('time').getAttribute('datetime');
        expect(Date.parse(started ?? '')).toBe(Date.parse('2026-03-02T09:01:00Z'));

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
        await saveScreenshot(page, 'component-list');

        // The link leads to the (sandbox's stand-in for the) web client page of the note.
        await notes.nth(0).click();
        await page.waitForURL(`**/client/object/history/${suite.seed.historyPrinterSecond}`);
        expect(await page.locator('body').textContent()).toContain('The fire is out.');
    });

    it('says so when nothing is connected', async () => {
        view = await suite.open({ object: `deal:${suite.seed.dealAcme}` });
        const status = view.page.getByText(
            'No Userlike conversations are connected to this object yet.'
        );
        await status.waitFor();
        expect(await view.page.locator('li.conversation').count()).toBe(0);
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
        expect(
            await view.page.locator('lwc-userlike-conversations [aria-busy="true"]').count()
        ).toBe(0);
        await saveScreenshot(view.page, 'component-loading');
        await view.page.locator('li.conversation').waitFor({ timeout: 15_000 });
    });

    it('finds the object on the context itself (card) as well as on context.parent (relation tab)', async () => {
        view = await suite.open({
            shape: 'card',
            object: `deal:${suite.seed.dealAcme}`,
        });
        const { page } = view;
        await page
            .getByText('No Userlike conversations are connected to this object yet.')
            .waitFor();
        suite.harness.sandbox.clearRequests();
        await page.selectOption('#object', `helpdesk:${suite.seed.helpdeskPrinter}`);
        await page.locator('li.conversation').waitFor();
        expect(suite.harness.sandbox.requests().map((request) => request.path)).toContain(
            `/lime/api/v1/limeobject/helpdesk/${suite.seed.helpdeskPrinter}/ulconversation/`
        );
    });

    it('speaks Swedish through the translate service', async () => {
        view = await suite.open({
            language: 'sv',
            object: `helpdesk:${suite.seed.helpdeskPrinter}`,
        });
        const { page } = view;
        await page.locator('li.conversation').waitFor();
        expect(await page.locator('#title').textContent()).toBe('Userlike-konversationer');
        expect(await page.locator('li.conversation h3').textContent()).toContain(
            'Konversation 5550001'
        );
        expect(
            await page.getByRole('link', { name: 'Öppna konversation 5550001 i Userlike' }).count()
        ).toBe(1);
        await saveScreenshot(page, 'component-list-swedish');
    });
});
