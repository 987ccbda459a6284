import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.ts';
import { InvalidPayloadError } from '../errors.ts';
import { decideEvent } from './decide-event.ts';

const tenant = parseConfig(
    {
        tenants: {
            default: {
                relayApiKey: '${RELAY_API_KEY}',
                lime: { baseUrl: 'https://lime.example.com/app', apiKey: '${LIME_API_KEY}' },
                instances: [
                    {
                        topic: 'Support',
                        limetype: 'helpdesk',
                        autoSend: true,
                        filter: { mode: 'reject', tags: ['spam'] },
                    },
                    { topic: 'Sales', limetype: 'deal' },
                ],
            },
        },
    },
    { RELAY_API_KEY: 'relay-key-0123456789', LIME_API_KEY: 'lime-key' }
).tenants.default!;

const event = (type: string, name: string, extra: object = {}) => ({
    _type: type,
    _event: name,
    id: 5,
    contact: { name: 'Ada' },
    topics: [{ text: 'Support' }],
    transcript: [],
    ...extra,
});

describe('decideEvent', () => {
    it('sends on conversation/ended and chat_session/end for an autoSend instance', () => {
        for (const [type, name] of [
            ['conversation', 'ended'],
            ['chat_session', 'end'],
        ] as const) {
            const decision = decideEvent(tenant, event(type, name));
            expect(decision).toMatchObject({ action: 'send', conversation: { id: 5 } });
        }
    });

    it('ignores other events, naming the event', () => {
        expect(decideEvent(tenant, event('chat_session', 'message_received'))).toEqual({
            action: 'ignore',
            reason: 'The event chat_session/message_received does not send conversations; only conversation/ended and chat_session/end do.',
        });
        expect(decideEvent(tenant, { _type: 'operator' })).toMatchObject({ action: 'ignore' });
    });

    it('ignores an ending event without a whole conversation or transcript', () => {
        expect(
            decideEvent(tenant, { _type: 'chat_session', _event: 'end', session_id: 3 })
        ).toMatchObject({
            action: 'ignore',
            reason: expect.stringContaining('no whole conversation'),
        });
        expect(
            decideEvent(tenant, event('conversation', 'ended', { transcript: undefined }))
        ).toMatchObject({ action: 'ignore', reason: expect.stringContaining('no transcript') });
    });

    it('ignores conversations of instances without autoSend, without an instance, or filtered', () => {
        expect(
            decideEvent(tenant, event('conversation', 'ended', { topics: [{ text: 'Sales' }] }))
        ).toEqual({
            action: 'ignore',
            reason: 'Instance "Sales" does not send automatically (autoSend is off).',
        });
        expect(
            decideEvent(tenant, event('conversation', 'ended', { topics: [{ text: 'Other' }] }))
        ).toMatchObject({ action: 'ignore', reason: expect.stringContaining('No instance') });
        expect(
            decideEvent(tenant, event('conversation', 'ended', { tags: ['spam'] }))
        ).toMatchObject({ action: 'ignore', reason: expect.stringContaining('send filter') });
    });

    it('refuses a body that is not an object', () => {
        expect(() => decideEvent(tenant, [1])).toThrow(InvalidPayloadError);
    });
});
