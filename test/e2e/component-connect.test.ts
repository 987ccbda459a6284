/**
 * Browser tests of connecting a Userlike conversation: a new ID, validation, refusing duplicates on this
 * and on another object, and a double click that must write one record only.
 */
import { describe, expect, it } from 'vitest';
import {
    conversationRow,
    conversationRows,
    countConversations,
    openConnectDialog,
    saveScreenshot,
    shadowText,
    TAG,
    typeConversationId,
    type ComponentPage,
} from './support/component-page.ts';
import type { BrowserGlobals } from './support/browser-globals.ts';
import { useComponentHarness } from './support/use-component-harness.ts';

const suite = useComponentHarness();
let view: ComponentPage | undefined;

async function openOnDeal(): Promise<ComponentPage> {
    view = await suite.open({ object: `deal:${suite.seed.dealAcme}` });
    await view.page
        .getByText('No Userlike conversations are connected to this object yet.')
        .waitFor();
    return view;
}

/**
 * A duplicate submit would finish after the first row shows; wait out several fault latencies
 * (a fixed wait, because the point is that nothing more arrives).
 */
async function waitForLateWrites(page: ComponentPage['page']): Promise<void> {
    await page.waitForTimeout(2_500);
}

describe('connecting a conversation', () => {
    it('creates the record related to the object and lists it without a reload', async () => {
        const { page } = await openOnDeal();
        await openConnectDialog(page);
        await saveScreenshot(page, 'component-connect-dialog');
        await typeConversationId(page, '  5550002 ');
        await page.locator('#submit-button').click();

        const row = conversationRows(page);
        await row.waitFor();
        expect(await row.locator('a.title').textContent()).toContain('Conversation 5550002');
        expect(await shadowText(row)).toContain('Not yet sent from Userlike');
        // Told once, as a notification of the web client (the view keeps no banner of its own).
        const message = `Conversation 5550002 is connected to deal ${suite.seed.dealAcme}. It is written there the next time it is sent from Userlike.`;
        await page.locator('#toasts .toast', { hasText: message }).waitFor();
        expect(await page.getByText(message).count()).toBe(1);
        await page.locator('#conversation-id').waitFor({ state: 'hidden' });
        await saveScreenshot(page, 'component-connected');

        const records = suite.harness.sandbox
            .objects('ulconversation')
            .filter((record) => record.conversationid === 5550002);
        expect(records).toHaveLength(1);
        expect(records[0]).toMatchObject({ deal: suite.seed.dealAcme, link: '', contactid: '' });
        expect(await row.locator('a.title').getAttribute('href')).toBe(
            `/client/object/ulconversation/${records[0]?._id}`
        );
        // Shown without reloading the list: no second GET of the deal's conversations after the create.
        const listReads = suite.harness.sandbox
            .requests()
            .filter(
                (request) =>
                    request.method === 'GET' &&
                    request.path.endsWith(`/deal/${suite.seed.dealAcme}/ulconversation/`)
            );
        expect(listReads).toHaveLength(1);
    });

    it('writes the belongsto named by the conversation-relation attribute', async () => {
        const { page, component } = await openOnDeal();
        // A relation the data model does not have: Lime refuses the record and says why.
        await component.evaluate((element) =>
            element.setAttribute('conversation-relation', 'ticket')
        );
        await openConnectDialog(page);
        await typeConversationId(page, '5550012');
        await page.locator('#submit-button').click();
        await page
            .locator('[role="alert"]', { hasText: 'Lime refused the conversation:' })
            .filter({ hasText: 'ticket' })
            .waitFor();
        expect(countConversations(suite.harness, 5550012)).toBe(0);

        await component.evaluate((element) =>
            element.setAttribute('conversation-relation', 'deal')
        );
        await page.locator('#submit-button').click();
        await conversationRow(page, 5550012).waitFor();
        const records = suite.harness.sandbox
            .objects('ulconversation')
            .filter((record) => record.conversationid === 5550012);
        expect(records).toEqual([expect.objectContaining({ deal: suite.seed.dealAcme })]);
    });

    it.each([
        ['', 'Enter a conversation ID.'],
        ['abc123', 'A conversation ID contains digits only (0–9), like 5550001.'],
        ['0', '0 is not a conversation ID.'],
        ['99999999999', 'That number is too large to be a conversation ID.'],
    ])('refuses %j inline with a clear message and writes nothing', async (input, message) => {
        const { page } = await openOnDeal();
        await openConnectDialog(page);
        await typeConversationId(page, input);
        await page.locator('#submit-button').click();
        await page.locator('[role="alert"]', { hasText: message }).waitFor();
        if (input === 'abc123') {
            await saveScreenshot(page, 'component-validation');
        }
        expect(
            suite.harness.sandbox.requests().filter((request) => request.method === 'POST')
        ).toEqual([]);
        // Typing keeps the message in place (so nothing moves under the pointer); the next submit
        // replaces it: here a valid ID, which connects and closes the dialog.
        await typeConversationId(page, '5');
        await page.waitForTimeout(500);
        expect(await page.locator('[role="alert"]', { hasText: message }).count()).toBe(1);
        await page.locator('#submit-button').click();
        await page.locator('[role="alert"]', { hasText: message }).waitFor({ state: 'detached' });
        await conversationRow(page, 5).waitFor();
    });

    it('refuses an ID already connected to this object', async () => {
        view = await suite.open({
            object: `helpdesk:${suite.seed.helpdeskPrinter}`,
        });
        const { page } = view;
        await conversationRow(page, 5550001).waitFor();
        await openConnectDialog(page);
        await typeConversationId(page, '5550001');
        await page.locator('#submit-button').click();
        await page
            .locator('[role="alert"]', {
                hasText: 'Conversation 5550001 is already connected to this object.',
            })
            .waitFor();
        await saveScreenshot(page, 'component-duplicate-same-object');
        expect(countConversations(suite.harness, 5550001)).toBe(1);
    });

    it('refuses an ID connected to another object, naming it with a link to it', async () => {
        const { page } = await openOnDeal();
        await openConnectDialog(page);
        await typeConversationId(page, '5550001');
        await page.locator('#submit-button').click();
        const alert = page.locator('[role="alert"]', {
            hasText:
                'Conversation 5550001 is already connected to helpdesk “Printer on fire”. A conversation can be connected to one object only.',
        });
        await alert.waitFor();
        const link = alert.getByRole('link', { name: 'Open helpdesk “Printer on fire”' });
        expect(await link.getAttribute('href')).toBe(
            `/client/object/helpdesk/${suite.seed.helpdeskPrinter}`
        );
        await saveScreenshot(page, 'component-duplicate-other-object');
        expect(countConversations(suite.harness, 5550001)).toBe(1);
        expect(
            suite.harness.sandbox.requests().filter((request) => request.method === 'POST')
        ).toEqual([]);
    });

    it('names the other object by limetype and id when the user may not read it', async () => {
        suite.harness.sandbox.restrict('helpdesk', suite.seed.helpdeskPrinter);
        const other = suite.harness.sandbox.insert('ulconversation', {
            conversationid: 5550009,
            link: '',
            contactid: '',
            helpdesk: suite.seed.helpdeskPrinter,
        });
        expect(other._id).toBeGreaterThan(0);
        const { page } = await openOnDeal();
        await page.selectOption('#user', 'restricted');
        await page
            .getByText('No Userlike conversations are connected to this object yet.')
            .waitFor();
        await openConnectDialog(page);
        await typeConversationId(page, '5550009');
        await page.locator('#submit-button').click();
        await page
            .locator('[role="alert"]', {
                hasText: `Conversation 5550009 is already connected to helpdesk ${suite.seed.helpdeskPrinter}.`,
            })
            .waitFor();
        expect(countConversations(suite.harness, 5550009)).toBe(1);
    });

    it('writes one record on a double click and on click plus Enter', async () => {
        const { page } = await openOnDeal();
        // Slow writes keep the first request in flight while the second click arrives.
        suite.harness.sandbox.faults.set({ latencyMs: 800 });
        await openConnectDialog(page);
        await typeConversationId(page, '5550003');
        await page.locator('#submit-button').dblclick();
        await page
            .locator('#conversation-id input')
            .press('Enter')
            .catch(() => undefined);
        await conversationRow(page, 5550003).waitFor({ timeout: 15_000 });
        await waitForLateWrites(page);
        await saveScreenshot(page, 'component-double-click');
        expect(countConversations(suite.harness, 5550003)).toBe(1);
        const posts = suite.harness.sandbox
            .requests()
            .filter((request) => request.method === 'POST');
        expect(posts).toHaveLength(1);
        expect(await conversationRows(page).count()).toBe(1);
    });

    it('writes one record when two clicks arrive in the same task, before the button is disabled', async () => {
        const { page } = await openOnDeal();
        suite.harness.sandbox.faults.set({ latencyMs: 500 });
        await openConnectDialog(page);
        await typeConversationId(page, '5550004');
        // Two activations before Lit re-renders (and disables the button): only the in-flight guard helps.
        await page.evaluate((tag) => {
            const { document } = globalThis as unknown as BrowserGlobals;
            const button = document
                .querySelector(tag.conversations)
                ?.shadowRoot?.querySelector(tag.connectDialog)
                ?.shadowRoot?.querySelector('#submit-button')
                ?.shadowRoot?.querySelector('button');
            if (!button) {
                throw new Error('the submit button was not rendered');
            }
            button.click();
            button.click();
        }, TAG);
        await conversationRow(page, 5550004).waitFor({ timeout: 15_000 });
        await waitForLateWrites(page);
        expect(countConversations(suite.harness, 5550004)).toBe(1);
        expect(
            suite.harness.sandbox.requests().filter((request) => request.method === 'POST')
        ).toHaveLength(1);
    });

    it('still reports the outcome when the dialog is closed while Lime answers', async () => {
        const { page } = await openOnDeal();
        suite.harness.sandbox.faults.set({ latencyMs: 1_000 });
        await openConnectDialog(page);
        await typeConversationId(page, '5550001');
        await page.locator('#submit-button').click();
        await page.keyboard.press('Escape');
        await page.locator('#conversation-id').waitFor({ state: 'hidden' });
        // The refusal arrives after the dialog closed: it must not vanish with it.
        await page
            .locator('#toasts .toast', {
                hasText: 'Conversation 5550001 is already connected to helpdesk “Printer on fire”.',
            })
            .waitFor();
        expect(countConversations(suite.harness, 5550001)).toBe(1);
    });

    it('lets Cancel close the dialog while Lime answers, and still lists the connected record', async () => {
        const { page } = await openOnDeal();
        suite.harness.sandbox.faults.set({ latencyMs: 1_000 });
        await openConnectDialog(page);
        await typeConversationId(page, '5550012');
        await page.locator('#submit-button').click();
        await page.locator('#cancel-button').click();
        await page.locator('#conversation-id').waitFor({ state: 'hidden', timeout: 1_000 });
        // Closed at once, not when the create came back.
        expect(countConversations(suite.harness, 5550012)).toBe(0);
        await conversationRow(page, 5550012).waitFor();
        await page
            .locator('#toasts .toast', {
                hasText: `Conversation 5550012 is connected to deal ${suite.seed.dealAcme}.`,
            })
            .waitFor();
        expect(countConversations(suite.harness, 5550012)).toBe(1);
    });
});
