/**
 * Browser tests of keyboard use and screen-reader labels: connect a conversation with the keyboard only,
 * close the dialog with Escape, and reach the links with Tab.
 */
import { describe, expect, it } from 'vitest';
import {
    conversationRow,
    countConversations,
    saveScreenshot,
    type ComponentPage,
} from './support/component-page.ts';
import { expectFocus, tabTo } from './support/focus.ts';
import { useComponentHarness } from './support/use-component-harness.ts';

const suite = useComponentHarness();
let view: ComponentPage | undefined;

describe('keyboard and screen readers', () => {
    it('connects a conversation with the keyboard only, and returns focus to the button', async () => {
        view = await suite.open({ object: `deal:${suite.seed.dealAcme}` });
        const { page } = view;
        await page
            .getByText('No Userlike conversations are connected to this object yet.')
            .waitFor();
        await page.locator('body').focus();
        await tabTo(page, /#connect-button > button/);
        await page.keyboard.press('Enter');
        await page.locator('#conversation-id input').waitFor({ state: 'visible' });
        await expectFocus(page, /#conversation-id > input/);
        await saveScreenshot(page, 'component-keyboard-dialog');

        await page.keyboard.type('5550008');
        await page.keyboard.press('Enter');
        await conversationRow(page, 5550008).waitFor();
        expect(countConversations(suite.harness, 5550008)).toBe(1);
        await expectFocus(page, /#connect-button > button/);
        await saveScreenshot(page, 'component-keyboard-connected');
    });

    it('shows the validation message on Enter and keeps focus in the input', async () => {
        view = await suite.open({ object: `deal:${suite.seed.dealAcme}` });
        const { page } = view;
        await page
            .getByText('No Userlike conversations are connected to this object yet.')
            .waitFor();
        await page.locator('#connect-button').focus();
        await page.keyboard.press('Enter');
        await page.locator('#conversation-id input').waitFor({ state: 'visible' });
        await page.keyboard.type('12a');
        await page.keyboard.press('Enter');
        await page.locator('[role="alert"]', { hasText: 'digits only' }).waitFor();
        await expectFocus(page, /#conversation-id > input/);
    });

    it('puts focus back in the input after Lime refuses the ID', async () => {
        view = await suite.open({ object: `deal:${suite.seed.dealAcme}` });
        const { page } = view;
        await page
            .getByText('No Userlike conversations are connected to this object yet.')
            .waitFor();
        // Slow enough that the controls are busy (the Connect button disabled) while Lime answers.
        suite.harness.sandbox.faults.set({ latencyMs: 300 });
        await page.locator('#connect-button').focus();
        await page.keyboard.press('Enter');
        await page.locator('#conversation-id input').waitFor({ state: 'visible' });
        await expectFocus(page, /#conversation-id > input/);
        await page.keyboard.type('5550001');
        await page.keyboard.press('Enter');
        await page.locator('[role="alert"]', { hasText: 'already connected' }).waitFor();
        await expectFocus(page, /#conversation-id > input/);

        // The same from the Connect button: a busy button loses focus, so it must come back too.
        await tabTo(page, /#submit-button > button/, 5);
        await page.keyboard.press('Enter');
        await page.locator('#submit-button button[disabled]').waitFor();
        await page.locator('#submit-button button:not([disabled])').waitFor();
        await expectFocus(page, /#conversation-id > input/);
    });

    it('closes the dialog with Escape without writing', async () => {
        view = await suite.open({ object: `deal:${suite.seed.dealAcme}` });
        const { page } = view;
        await page
            .getByText('No Userlike conversations are connected to this object yet.')
            .waitFor();
        await page.locator('#connect-button').focus();
        await page.keyboard.press('Enter');
        await page.locator('#conversation-id input').waitFor({ state: 'visible' });
        await page.keyboard.type('5550010');
        await page.keyboard.press('Escape');
        await page.locator('#conversation-id').waitFor({ state: 'hidden' });
        expect(countConversations(suite.harness, 5550010)).toBe(0);
        await expectFocus(page, /#connect-button > button/);
    });

    it('labels the list and its links, and reaches every link with Tab', async () => {
        view = await suite.open({
            object: `helpdesk:${suite.seed.helpdeskPrinter}`,
        });
        const { page } = view;
        await conversationRow(page, 5550001).locator('ul.notes a').first().waitFor();
        expect(
            await page.getByRole('heading', { name: 'Userlike conversations', level: 2 }).count()
        ).toBe(1);
        expect(await page.getByRole('list', { name: 'Userlike conversations' }).count()).toBe(1);
        expect(
            await page.getByRole('link', { name: 'Open conversation 5550001 in Lime' }).count()
        ).toBe(1);
        expect(
            await page.getByRole('list', { name: 'History notes of conversation 5550001' }).count()
        ).toBe(1);
        await page.locator('body').focus();
        // The conversation record, the person the notes are about, the notes, then Userlike.
        await tabTo(
            page,
            new RegExp(
                `a\\[href=/client/object/ulconversation/${suite.seed.conversationPrinter}\\]`
            )
        );
        await page.keyboard.press('Tab');
        await expectFocus(
            page,
            new RegExp(`a\\[href=/client/object/person/${suite.seed.personJane}\\]`)
        );
        await page.keyboard.press('Tab');
        await expectFocus(
            page,
            new RegExp(`a\\[href=/client/object/history/${suite.seed.historyPrinterSecond}\\]`)
        );
        await page.keyboard.press('Tab');
        await expectFocus(
            page,
            new RegExp(`a\\[href=/client/object/history/${suite.seed.historyPrinterFirst}\\]`)
        );
        await page.keyboard.press('Tab');
        await expectFocus(
            page,
            /a\[href=https:\/\/userlike\.com\/en\/umc#\/conversation\/5550001\]/
        );
        await saveScreenshot(page, 'component-keyboard-links');
    });
});
