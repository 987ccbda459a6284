/**
 * Browser tests of a new `context`: switching objects reloads the list, and a slow load of the previous
 * object never replaces the list of the current one.
 */
import { describe, expect, it } from 'vitest';
import {
    conversationRow,
    conversationRows,
    countConversations,
    openConnectDialog,
    saveScreenshot,
    TAG,
    typeConversationId,
    type ComponentPage,
} from './support/component-page.ts';
import { useComponentHarness } from './support/use-component-harness.ts';

const suite = useComponentHarness();
let view: ComponentPage | undefined;

const EMPTY = 'No Userlike conversations are connected to this object yet.';

describe('a new context', () => {
    it('reloads the list for the new object', async () => {
        view = await suite.open({
            object: `helpdesk:${suite.seed.helpdeskPrinter}`,
        });
        const { page } = view;
        await conversationRow(page, 5550001).waitFor();
        await page.selectOption('#object', `deal:${suite.seed.dealAcme}`);
        await page.getByText(EMPTY).waitFor();
        expect(await conversationRows(page).count()).toBe(0);
        await page.selectOption('#object', `helpdesk:${suite.seed.helpdeskPrinter}`);
        await conversationRow(page, 5550001).waitFor();
    });

    it('drops the stale load of the previous object', async () => {
        view = await suite.open({ object: `deal:${suite.seed.dealAcme}` });
        const { page } = view;
        await page.getByText(EMPTY).waitFor();
        // Only the ticket's list is slow: it is still on its way when the user moves on to the deal.
        suite.harness.sandbox.faults.set({
            latencyMs: 1_500,
            match: { pathIncludes: `/helpdesk/${suite.seed.helpdeskPrinter}/` },
        });
        await page.selectOption('#object', `helpdesk:${suite.seed.helpdeskPrinter}`);
        await page.getByText('Loading conversations…').waitFor();
        await page.selectOption('#object', `deal:${suite.seed.dealAcme}`);
        await page.getByText(EMPTY).waitFor();
        // Wait until the sandbox has answered the ticket's list, then give the page time to take the answer;
        // the deal's (empty) list must stay.
        const ticketListAnswered = (): boolean =>
            suite.harness.sandbox
                .requests()
                .some(
                    (request) =>
                        request.path.endsWith(
                            `/helpdesk/${suite.seed.helpdeskPrinter}/ulconversation/`
                        ) && request.status === 200
                );
        await expect.poll(ticketListAnswered, { timeout: 15_000 }).toBe(true);
        await page.waitForTimeout(500);
        expect(await conversationRows(page).count()).toBe(0);
        expect(await page.getByText(EMPTY).count()).toBe(1);
        await saveScreenshot(page, 'component-context-switch');
    });

    it('reports a connect that finishes after the user moved on against its own object, not the current one', async () => {
        view = await suite.open({ object: `deal:${suite.seed.dealAcme}` });
        const { page } = view;
        await page.getByText(EMPTY).waitFor();
        // Only the create is slow: the user opens the ticket while the deal's connect is in flight.
        suite.harness.sandbox.faults.set({ latencyMs: 1_500, match: { method: 'POST' } });
        await openConnectDialog(page);
        await typeConversationId(page, '5550011');
        await page.locator('#submit-button').click();
        await page.selectOption('#object', `helpdesk:${suite.seed.helpdeskPrinter}`);
        // The dialog belonged to the deal: it closes with the context.
        await page.locator('#conversation-id').waitFor({ state: 'hidden' });
        await conversationRow(page, 5550001).waitFor();

        await expect
            .poll(() => countConversations(suite.harness, 5550011), { timeout: 10_000 })
            .toBe(1);
        const toast = page.locator('#toasts .toast', {
            hasText: `Conversation 5550011 is connected to deal ${suite.seed.dealAcme}.`,
        });
        await toast.waitFor();
        // The ticket's view says nothing about a conversation that was connected to the deal: it is
        // neither listed nor announced there (the only word of it is the notification naming the deal).
        expect(await conversationRows(page).locator('a.title').allTextContents()).toEqual([
            'Conversation 5550001',
        ]);
        expect(await page.locator(TAG.conversations).getByText('5550011').count()).toBe(0);
        await saveScreenshot(page, 'component-context-switch-while-connecting');

        await page.selectOption('#object', `deal:${suite.seed.dealAcme}`);
        await conversationRow(page, 5550011).waitFor();
    });
});
