import { readFileSync } from 'node:fs';

/**
 * Benchmark payloads, all derived from the real Userlike sample (test/fixtures/userlike/, a byte-identical copy of the shared fixture): the
 * sample itself, and the sample with its transcript grown to N messages by cycling its items with fresh
 * ids and times one minute apart.
 */

const SAMPLE_URL = new URL(
    '../../test/fixtures/userlike/conversation-sample.json',
    import.meta.url
);

/** A Userlike conversation as parsed JSON. */
export type Payload = Record<string, unknown>;

/** An email of a person in the sandbox's demo data, so the relay's person lookup finds one person. */
export const SEEDED_PERSON_EMAIL = 'jane.doe@example.com';

/** The real sample payload, parsed (a fresh copy on every call). */
export function readSamplePayload(): Payload {
    return JSON.parse(readFileSync(SAMPLE_URL, 'utf8')) as Payload;
}

/** The sample with `messages` transcript items (at least 1): the sample's items, cycled. */
export function buildConversation(messages: number, id: number): Payload {
    const payload = readSamplePayload();
    const items = payload.transcript as Payload[];
    const start = Date.parse('2024-02-22T15:48:45.474Z');
    payload.id = id;
    payload.transcript = Array.from({ length: messages }, (_, index) => {
        const item = structuredClone(items[index % items.length] as Payload);
        const sentAt = new Date(start + index * 60_000).toISOString();
        item.id = `${id}.${index}`;
        item.msgid = item.id;
        item.conversation_id = id;
        item.sent_at = sentAt;
        item.sent_at_time = sentAt.slice(11, 23);
        // A different text per message, as in a real chat (and so the note is not one repeated line).
        if (typeof item.body === 'string') item.body = `${item.body} (${index + 1})`;
        if (typeof item.body_plain === 'string')
            item.body_plain = `${item.body_plain} (${index + 1})`;
        return item;
    });
    payload.last_message_sent_at = new Date(start + (messages - 1) * 60_000).toISOString();
    return payload;
}

/**
 * A JSON body whose conversation id can be swapped cheaply per request (for "distinct conversations" load
 * without re-serialising a large body): the payload is serialised once around a unique sentinel id.
 */
export interface BodyTemplate {
    /** The body with this conversation id. */
    withId(id: number): string;
    /** The body's size in bytes. */
    bytes: number;
}

const SENTINEL_ID = 987_654_321_987;

/** Serialises `payload` once, with `payload.id` replaceable. */
export function createBodyTemplate(payload: Payload): BodyTemplate {
    const text = JSON.stringify({ ...payload, id: SENTINEL_ID });
    const parts = text.split(String(SENTINEL_ID));
    if (parts.length !== 2) {
        throw new Error(
            `The benchmark payload contains the sentinel id ${SENTINEL_ID} more than once`
        );
    }
    const [before, after] = parts as [string, string];
    return {
        withId: (id) => `${before}${id}${after}`,
        bytes: Buffer.byteLength(text),
    };
}
