import { describe, expect, it } from 'vitest';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversation } from './support/start-relay.ts';

// Automatic send on Userlike's API add-on events (POST <mountPath>events/).

const { sandbox, relay } = useRelaySuite({
    relay: {
        editConfig: (raw) => {
            raw.tenants.default.instances[0].autoSend = true; // Support; Sales stays manual
        },
    },
});

const EVENTS = '/userlike/events/';
const ended = (id: number, topic = 'Support') => ({
    ...conversation(id, { topic }),
    _type: 'conversation',
    _event: 'ended',
});
const deliveries = async () => (await relay.relay.store.list({})).length;
const helpdeskOf = (id: number) =>
    sandbox.objects('helpdesk').filter((h) => h.title === `Userlike chat ${id}`);

describe('automatic send', () => {
    it('sends the conversation on conversation/ended for an autoSend instance, answering 200', async () => {
        const answer = await relay.post(ended(9501), { path: EVENTS });

        expect(answer.status).toBe(200);
        const [helpdesk] = helpdeskOf(9501);
        expect(answer.body).toEqual({
            status: 'sent',
            url: `${sandbox.baseUrl}/client/object/helpdesk/${helpdesk!._id}`,
        });
        expect(sandbox.objects('history').filter((h) => h.helpdesk === helpdesk!._id)).toHaveLength(
            1
        );
        const [latest] = await relay.relay.store.list({});
        expect(latest).toMatchObject({ conversationId: '9501', status: 'done' });
    });

    it('deduplicates like a manual send: a repeated event, chat_session/end and a manual send write nothing more', async () => {
        await relay.post(ended(9502), { path: EVENTS });
        sandbox.clearRequests();

        const repeat = await relay.post(ended(9502), { path: EVENTS });
        const session = await relay.post(
            { ...ended(9502), _type: 'chat_session', _event: 'end' },
            { path: `/t/default${EVENTS}` }
        );
        const manual = await relay.post(conversation(9502, { topic: 'Support' }));

        expect(repeat.body.status).toBe('sent');
        expect(session.body).toEqual(repeat.body);
        expect(manual).toEqual({ status: 200, body: { url: repeat.body.url } });
        expect(sandbox.requests()).toEqual([]);
        expect(helpdeskOf(9502)).toHaveLength(1);
    });

    it('writes no second note when the ended event only adds a status change the note leaves out', async () => {
        const manual = await relay.post(conversation(9507, { topic: 'Support' }));
        expect(manual.status).toBe(200);
        sandbox.clearRequests();

        // When the conversation ends, Userlike adds "status changed to Ended" to the transcript.
        const event: Record<string, any> = ended(9507);
        const statusChange = event.transcript.find(
            (item: Record<string, unknown>) => item.event === 'status_change'
        );
        event.transcript.push({
            ...statusChange,
            id: '9507.1.999',
            msgid: '9507.1.999',
            sent_at: '2024-02-22T16:10:00.000Z',
            body: 'Conversation status changed from **Open** to **Ended**.',
            body_plain: 'Conversation status changed from **Open** to **Ended**.',
            status: 'ended',
            previous_status: 'open',
        });
        const answer = await relay.post(event, { path: EVENTS });

        expect(answer.body).toEqual({ status: 'sent', url: manual.body.url });
        expect(sandbox.requests()).toEqual([]);
    });

    it('acknowledges events of an instance without autoSend, and other events, storing nothing', async () => {
        const before = await deliveries();
        sandbox.clearRequests();

        const manualOnly = await relay.post(ended(9503, 'Sales'), { path: EVENTS });
        const message = await relay.post(
            { ...ended(9504), _type: 'chat_session', _event: 'message_received' },
            { path: EVENTS }
        );
        const bare = await relay.post(
            { _type: 'chat_session', _event: 'end', chat_session_id: 1 },
            { path: EVENTS }
        );

        expect(manualOnly).toEqual({
            status: 200,
            body: {
                status: 'ignored',
                reason: 'Instance "Sales" does not send automatically (autoSend is off).',
            },
        });
        expect(message.body).toMatchObject({
            status: 'ignored',
            reason: expect.stringContaining('chat_session/message_received'),
        });
        expect(bare.body).toMatchObject({
            status: 'ignored',
            reason: expect.stringContaining('no whole conversation'),
        });
        expect(await deliveries()).toBe(before);
        expect(sandbox.requests()).toEqual([]);
    });

    it('answers 200 with the failure when the journaled delivery fails, so Userlike does not resend', async () => {
        const payload = ended(9505);
        sandbox.faults.set({ failNext: { count: 1, status: 400 }, match: { method: 'POST' } });
        const answer = await relay.post(payload, { path: EVENTS });
        sandbox.faults.clear();
        expect(answer.status).toBe(200);
        expect(answer.body).toMatchObject({
            status: 'failed',
            error: { code: expect.any(String) },
        });
    });

    it('authenticates like the manual route and refuses bodies that are not events', async () => {
        const before = await deliveries();
        expect(
            (await relay.post(ended(9506), { path: EVENTS, key: 'wrong-key-0123456789' })).status
        ).toBe(401);
        expect((await relay.post(ended(9506), { path: EVENTS, key: '' })).status).toBe(401);
        expect((await relay.post(ended(9506), { path: '/t/nosuch/userlike/events/' })).status).toBe(
            401
        );
        expect((await relay.post([1, 2], { path: EVENTS })).status).toBe(400);
        expect(
            (await relay.post(null, { path: EVENTS, contentType: 'text/plain', raw: 'x' })).status
        ).toBe(415);
        expect(await deliveries()).toBe(before);
        expect(helpdeskOf(9506)).toHaveLength(0);
    });
});
