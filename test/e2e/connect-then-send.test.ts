/**
 * Both parts together (product.md "Send a new conversation to an existing limeobject"): a Lime user connects
 * a Userlike conversation ID to a deal in the web component; when that conversation is later sent from
 * Userlike, the relay writes it to that deal, and the component lists its note.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevHarness, type DevHarness } from '../../lime-webcomponent/dev/serve.ts';
import { conversation, startRelay, type RunningRelay } from '../relay/support/start-relay.ts';
import {
    openComponentPage,
    openConnectDialog,
    saveScreenshot,
    typeConversationId,
    type ComponentPage,
} from './support/component-page.ts';
import { launchChromium } from './support/launch-chromium.ts';

let harness: DevHarness;
let relay: RunningRelay;
let browser: Browser;
let view: ComponentPage | undefined;

beforeAll(async () => {
    harness = await startDevHarness({ logLevel: 'warn' });
    relay = await startRelay(harness.sandbox);
    browser = await launchChromium();
});
afterAll(async () => {
    await view?.close();
    await browser?.close();
    await relay?.close();
    await harness?.close();
});

it('sends a conversation connected in Lime to the connected object', async () => {
    harness.sandbox.reset();
    const deal = harness.sandbox.seedIds!.dealAcme;
    view = await openComponentPage(browser, harness, { object: `deal:${deal}` });
    const { page } = view;
    await openConnectDialog(page);
    await typeConversationId(page, '7777001');
    await page.locator('#submit-button').click();
    await page.locator('li.conversation', { hasText: 'Conversation 7777001' }).waitFor();

    // Userlike sends it with the topic Support, which would otherwise create a helpdesk.
    const helpdesks = harness.sandbox.objects('helpdesk').length;
    const answer = await relay.post(conversation(7777001, { topic: 'Support' }));
    expect(answer).toEqual({
        status: 200,
        body: { url: `${harness.sandbox.baseUrl}/client/object/deal/${deal}` },
    });
    expect(harness.sandbox.objects('helpdesk')).toHaveLength(helpdesks);
    const records = harness.sandbox
        .objects('ulconversation')
        .filter((r) => r.conversationid === 7777001);
    expect(records).toEqual([
        expect.objectContaining({
            deal,
            link: 'https://userlike.com/en/umc#/conversation/7777001',
        }),
    ]);

    // The component shows the conversation with its note after a reload of the tab.
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor();
    await page.selectOption('#object', `deal:${deal}`);
    const row = page.locator('li.conversation', { hasText: 'Conversation 7777001' });
    await row.locator('a[href*="client/object/history/"]').first().waitFor();
    await saveScreenshot(page, 'e2e-connected-then-sent');
    expect(view.errors).toEqual([]);
});
