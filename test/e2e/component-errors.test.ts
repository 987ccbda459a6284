/**
 * Browser tests of platform failures: 403, 500 and a dropped network on load and on connect each give a
 * clear message, never a crash, and the list recovers with "Try again".
 */
import { describe, expect, it } from 'vitest';
import {
    conversationRow,
    countConversations,
    openConnectDialog,
    saveScreenshot,
    typeConversationId,
    type ComponentPage,
} from './support/component-page.ts';
import { useComponentHarness } from './support/use-component-harness.ts';

const suite = useComponentHarness();
let view: ComponentPage | undefined;

/** Opens the page on the deal, then breaks the platform and switches to the ticket (a fresh load). */
async function loadTicketWhileBroken(breakIt: () => void): Promise<ComponentPage> {
    view = await suite.open({ object: `deal:${suite.seed.dealAcme}` });
    await view.page
        .getByText('No Userlike conversations are connected to this object yet.')
        .waitFor();
    breakIt();
    await view.page.selectOption('#object', `helpdesk:${suite.seed.helpdeskPrinter}`);
    return view;
}

describe('when Lime fails while loading', () => {
    it.each([
        [403, 'You do not have access to the conversations of this object.', 'component-error-403'],
        [
            500,
            'Lime could not load the conversations (error 500). Try again in a moment.',
            'component-error-500',
        ],
    ])('shows a %i as a message, and "Try again" recovers', async (status, message, screenshot) => {
        const { page } = await loadTicketWhileBroken(() =>
            suite.harness.sandbox.faults.set({ errorRate: 1, errorStatus: status })
        );
        const alert = page.locator('[role="alert"]', { hasText: message });
        await alert.waitFor();
        await saveScreenshot(page, screenshot);
        suite.harness.sandbox.faults.clear();
        await alert.getByRole('button', { name: 'Try again' }).click();
        await conversationRow(page, 5550001).waitFor();
    });

    it('shows a dropped connection as a network message', async () => {
        const { page } = await loadTicketWhileBroken(() => suite.harness.setOffline(true));
        await page
            .locator('[role="alert"]', {
                hasText: 'Lime could not be reached. Check your connection and try again.',
            })
            .waitFor();
        await saveScreenshot(page, 'component-error-network');
    });

    it('shows the 403 of a user without access to the object', async () => {
        suite.harness.sandbox.restrict('helpdesk', suite.seed.helpdeskPrinter);
        const { page } = await loadTicketWhileBroken(() => suite.harness.setUser('restricted'));
        await page.locator('[role="alert"]', { hasText: 'You do not have access' }).waitFor();
    });
});

describe('when Lime fails while connecting', () => {
    async function connectOnDeal(conversationId: string): Promise<ComponentPage> {
        view = await suite.open({ object: `deal:${suite.seed.dealAcme}` });
        await view.page
            .getByText('No Userlike conversations are connected to this object yet.')
            .waitFor();
        await openConnectDialog(view.page);
        await typeConversationId(view.page, conversationId);
        return view;
    }

    it('keeps the dialog open with the message on a 500, and a retry connects', async () => {
        const { page } = await connectOnDeal('5550005');
        suite.harness.sandbox.faults.set({
            errorRate: 1,
            errorStatus: 500,
            match: { method: 'POST' },
        });
        await page.locator('#submit-button').click();
        await page
            .locator('[role="alert"]', {
                hasText:
                    'Lime could not save the conversation (error 500). Nothing was connected; try again in a moment.',
            })
            .waitFor();
        await saveScreenshot(page, 'component-connect-error-500');
        expect(countConversations(suite.harness, 5550005)).toBe(0);

        suite.harness.sandbox.faults.clear();
        await page.locator('#submit-button').click();
        await conversationRow(page, 5550005).waitFor();
        expect(countConversations(suite.harness, 5550005)).toBe(1);
    });

    it("shows Lime's own message for a refused write (400)", async () => {
        const { page } = await connectOnDeal('5550006');
        suite.harness.sandbox.faults.set({
            failNext: { count: 1, status: 400 },
            match: { method: 'POST' },
        });
        await page.locator('#submit-button').click();
        const alert = page.locator('[role="alert"]', {
            hasText: 'Lime refused the conversation:',
        });
        await alert.waitFor();
        // Lime's own message, read from the error's response as the web client's http service gives it.
        expect(await alert.textContent()).toContain(
            'Lime refused the conversation: injected fault: status 400'
        );
        expect(countConversations(suite.harness, 5550006)).toBe(0);
    });

    it('says the result is uncertain on a dropped connection', async () => {
        const { page } = await connectOnDeal('5550007');
        suite.harness.setOffline(true);
        await page.locator('#submit-button').click();
        await page
            .locator('[role="alert"]', {
                hasText: 'Lime could not be reached, so the conversation may not be connected.',
            })
            .waitFor();
        await saveScreenshot(page, 'component-connect-error-network');
        expect(countConversations(suite.harness, 5550007)).toBe(0);
    });
});
