/**
 * Browser tests of a new `context`: switching objects reloads the list, and a slow load of the previous
 * object never replaces the list of the current one.
 */
import { describe, expect, it } from 'vitest';
import { saveScreenshot, type ComponentPage } from './support/component-page.ts';
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
        await page.locator('li.conversation').waitFor();
        await page.selectOption('#object', `deal:${suite.seed.dealAcme}`);
        await page.getByText(EMPTY).waitFor();
        expect(await page.locator('li.conversation').count()).toBe(0);
        await page.selectOption('#object', `helpdesk:${suite.seed.helpdeskPrinter}`);
        await page.locator('li.conversation').waitFor();
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
        // Wait until the ticket's answer has certainly arrived; the deal's (empty) list must stay.
        await page.waitForTimeout(2_500);
        expect(
            suite.harness.sandbox
                .requests()
                .some(
                    (request) =>
                        request.path.endsWith(
                            `/helpdesk/${suite.seed.helpdeskPrinter}/ulconversation/`
                        ) && request.status === 200
                )
        ).toBe(true);
        expect(await page.locator('li.conversation').count()).toBe(0);
        expect(await page.getByText(EMPTY).count()).toBe(1);
        await saveScreenshot(page, 'component-context-switch');
    });
});
