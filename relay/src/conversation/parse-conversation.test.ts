import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidPayloadError } from '../errors.ts';
import { ConversationSchema } from './conversation-schema.ts';
import { isConversation, parseConversation, readConversation } from './parse-conversation.ts';

const fixture = (name: string): Record<string, unknown> =>
    JSON.parse(
        readFileSync(new URL(`../../../test/fixtures/userlike/${name}`, import.meta.url), 'utf8')
    ) as Record<string, unknown>;

/** A conversation that sets every field the schema names, at every level. */
const everyField = {
    id: 7,
    _type: 'conversation',
    _event: 'ended',
    contact: {
        id: 1,
        name: 'A',
        email: 'a@example.com',
        phone_number: '+4930',
        mobile_number: '+4917',
        external_customer_id: 'x',
        custom_field_data: { plan: 'gold' },
    },
    topics: [{ text: 'Support' }],
    transcript: [
        {
            id: 'm1',
            msgid: 'm1',
            sent_at: '2024-02-22T15:49:00Z',
            type: 'message',
            event: null,
            body: 'Hi',
            body_plain: 'Hi',
            text_format: 'markdown_v1',
            operator_name: 'Op',
            name: 'Op',
            display_name: 'Op',
            sender: { type: 'operator', id: 3 },
            url: null,
        },
    ],
    um_widget: { id: 4, name: 'Widget' },
    operator_assigned_to_email: 'op@example.com',
    created_at: '2024-02-22T15:48:00Z',
    ended_at: null,
    contact_first_message_sent_at: null,
    last_message_sent_at: null,
    custom: { anything: [1] },
};

/** Every path to a value in `value` (objects and arrays included), as key lists. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    const paths = [prefix];
    if (value !== null && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
            paths.push(...pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key]));
        }
    }
    return paths;
}

/** A copy of `base` with the value at `path` replaced (or removed, for undefined). */
function withValue(base: unknown, path: (string | number)[], value: unknown): unknown {
    if (path.length === 0) return value;
    const copy = structuredClone(base) as Record<string | number, unknown>;
    let parent = copy;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path.at(-1) as string | number;
    if (value === undefined) delete parent[last];
    else parent[last] = value;
    return copy;
}

// JSON.parse gives Infinity for 1e999: a body can hold it.
const PROBES: unknown[] = [
    undefined,
    null,
    true,
    false,
    '',
    'text',
    '12',
    0,
    1,
    -1,
    1.5,
    2 ** 53,
    JSON.parse('1e999') as number,
    [],
    [1],
    [{}],
    {},
    { a: 1 },
];

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

    it('returns a valid body as zod would parse it', () => {
        for (const body of [
            everyField,
            fixture('conversation-sample.json'),
            fixture('conversation-with-media.json'),
        ]) {
            expect(isConversation(body)).toBe(true);
            expect(parseConversation(body)).toEqual(ConversationSchema.parse(body));
            expect(readConversation(body)).toEqual(ConversationSchema.parse(body));
        }
    });

    it('has the fast validator agree with the zod schema on every field and every kind of value', () => {
        const disagreements: string[] = [];
        let refused = 0;
        for (const path of pathsOf(everyField)) {
            for (const probe of [...PROBES, { extra: 1 }]) {
                const body = withValue(everyField, path, probe);
                const zod = ConversationSchema.safeParse(body).success;
                if (!zod) refused++;
                if (isConversation(body) !== zod)
                    disagreements.push(`${path.join('.') || 'body'} = ${String(probe)}`);
            }
        }
        expect(disagreements).toEqual([]);
        // The probes reach both verdicts.
        expect(refused).toBeGreaterThan(100);
    });

    it('reads an invalid body as no conversation', () => {
        expect(readConversation({ id: 0, contact: {} })).toBeUndefined();
        expect(readConversation([])).toBeUndefined();
    });
});
