import { describe, expect, it } from 'vitest';
import { InvalidPayloadError } from '../errors.ts';
import { parseConversation } from './parse-conversation.ts';

describe('parseConversation', () => {
    it('accepts what the Userlike contract allows: a numeric external customer id, a topic without text, unknown keys', () => {
        const conversation = parseConversation({
            id: 7,
            contact: { external_customer_id: 12345, something_new: true },
            topics: [{ id: 3 }, { text: 'Support' }],
            a_future_field: { nested: 1 },
        });
        expect(conversation.contact.external_customer_id).toBe(12345);
        expect(conversation.a_future_field).toEqual({ nested: 1 });
    });

    it('names the field paths of the problems, never their values', () => {
        const attempt = () =>
            parseConversation({
                id: 'secret-value',
                contact: 'jane@example.com',
                transcript: [{ sent_at: 5 }],
            });
        expect(attempt).toThrow(InvalidPayloadError);
        expect(attempt).toThrow(/id: .*contact: .*transcript\[0\]\.sent_at: /);
        expect(attempt).not.toThrow(/secret-value|jane@example\.com/);
    });
});
