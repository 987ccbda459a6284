/**
 * Both halves together (README, "What the relay does": "Connected from Lime"), as a Lime user
 * and Userlike see them: on a deal's card in the stand-in web client, the user connects a Userlike
 * conversation ID from the standard relation tab's create button (the package's loader opens its prompt);
 * when that conversation is later sent from Userlike, the relay writes it to that deal and answers with
 * the card's link, and the card opened from that link lists the conversation with its note. On both
 * data models: the extended one and Lime Chat's own, where notes relate to the object only.
 */
import { describe, expect, it } from 'vitest';
import { conversation, startRelay } from '../relay/support/start-relay.ts';
import { conversationRow, saveScreenshot, typeConversationId } from './support/component-page.ts';
import { useWebClient } from './support/web-client.ts';

describe.each(['extended', 'limeChat'] as const)('on the %s data model', (dataModel) => {
    const suite = useWebClient({ dataModel });

    it('sends a conversation connected in Lime to the connected object', async () => {
        const { sandbox } = suite;
        const deal = suite.seed.dealAcme;
        const relay = await startRelay(sandbox);
        try {
            const card = await suite.open({ limetype: 'deal', id: deal });
            const { page } = card;
            await card.clickCreate('ulconversation');
            await typeConversationId(card.prompt, '7777001');
            await card.prompt.locator('#submit-button').click();
            await conversationRow(page, 7777001).waitFor();
            await card
                .relationTab('ulconversation')
                .getByRole('link', { name: '7777001' })
                .waitFor();

            // Userlike sends it with the topic Support, which would otherwise create a helpdesk.
            const helpdesks = sandbox.objects('helpdesk').length;
            const answer = await relay.post(conversation(7777001, { topic: 'Support' }));
            expect(answer).toEqual({
                status: 200,
                body: { url: `${sandbox.baseUrl}/client/object/deal/${deal}` },
            });
            expect(sandbox.objects('helpdesk')).toHaveLength(helpdesks);
            const records = sandbox
                .objects('ulconversation')
                .filter((record) => record.conversationid === 7777001);
            expect(records).toEqual([
                expect.objectContaining({
                    deal,
                    link: 'https://userlike.com/en/umc#/conversation/7777001',
                }),
            ]);
            const notes = sandbox
                .objects('history')
                .filter((note) => note.deal === deal)
                .map((note) => note._id);
            expect(notes).toHaveLength(1);

            // The link the relay answered opens the card, which lists the conversation and its note.
            await page.goto(answer.body.url as string);
            await page.locator('body[data-ready="true"]').waitFor();
            const row = conversationRow(page, 7777001);
            await row.locator(`ul.notes a[href$="/client/object/history/${notes[0]}"]`).waitFor();
            expect(await row.locator('ul.notes a').count()).toBe(1);
            await saveScreenshot(page, `e2e-connected-then-sent-${dataModel}`);
        } finally {
            await relay.close();
        }
    });
});
