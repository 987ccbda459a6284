import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { components } from './generated/userlike-conversation.ts';
import { compileComponentSchema, formatSchemaErrors } from './support/compile-component-schema.ts';
import sampleJson from '../test/fixtures/userlike/conversation-sample.json' with { type: 'json' };
import withMediaJson from '../test/fixtures/userlike/conversation-with-media.json' with { type: 'json' };

type Conversation = components['schemas']['Conversation'];

// Compile-time contract (checked by `npm run typecheck`): the generated type accepts the real
// sample and the media fixture as they are.
const sample: Conversation = sampleJson;
const withMedia: Conversation = withMediaJson;

const SPEC_PATH = fileURLToPath(new URL('./userlike-conversation.yaml', import.meta.url));
const SAMPLE_PATH = fileURLToPath(
    new URL('../test/fixtures/userlike/conversation-sample.json', import.meta.url)
);
// sha256 of the real sample as received (see openapi/README.md); the copy must stay byte-identical.
const SAMPLE_SHA256 = '702d49350779d03bd7d9bee9cf0444254855c1fee72fc34a5eb9074991d085ef';

const validateConversation = compileComponentSchema(SPEC_PATH, 'Conversation');

/** Validates a payload and returns the formatted errors ('' when valid). */
function findConversationErrors(payload: unknown): string {
    return validateConversation(payload) ? '' : formatSchemaErrors(validateConversation.errors);
}

/** A deep copy of the sample, so a test can change it freely. */
function copySample(): Record<string, unknown> {
    return structuredClone(sampleJson) as Record<string, unknown>;
}

describe('the Userlike Conversation schema', () => {
    it('accepts the real sample', () => {
        expect(findConversationErrors(sample)).toBe('');
    });

    it('accepts the media fixture', () => {
        expect(findConversationErrors(withMedia)).toBe('');
    });

    it('accepts the minimal body that Lime’s package documents', () => {
        const minimal = {
            id: 1,
            topics: [{ text: 'Support' }],
            contact: { name: 'Ada', email: 'ada@example.com' },
            transcript: [{ body: 'Hello', operator_name: '' }],
        };
        expect(findConversationErrors(minimal)).toBe('');
    });

    it('is permissive: unknown keys, nulls and extra topic keys pass', () => {
        const payload = {
            ...copySample(),
            a_future_field: { nested: true },
            topics: [{ text: 'Support', id: 7, color: 'red' }],
            transcript: null,
            um_widget: null,
            contact: { id: null, unknown_contact_field: 1 },
        };
        expect(findConversationErrors(payload)).toBe('');
    });

    it('rejects a payload without id, naming the missing property', () => {
        const { id: _id, ...payload } = copySample();
        expect(findConversationErrors(payload)).toBe("/: must have required property 'id'");
    });

    it('rejects an id given as a string, at /id', () => {
        expect(findConversationErrors({ ...copySample(), id: '63741936' })).toBe(
            '/id: must be integer'
        );
    });

    it('rejects a contact that is not an object, at /contact', () => {
        expect(findConversationErrors({ ...copySample(), contact: 'Ada' })).toBe(
            '/contact: must be object'
        );
        expect(findConversationErrors({ ...copySample(), contact: null })).toBe(
            '/contact: must be object'
        );
    });

    it('rejects a payload without contact', () => {
        const { contact: _contact, ...payload } = copySample();
        expect(findConversationErrors(payload)).toBe("/: must have required property 'contact'");
    });

    it('rejects a timestamp that is not ISO-8601, at its path', () => {
        expect(findConversationErrors({ ...copySample(), created_at: 'yesterday' })).toBe(
            '/created_at: must match format "date-time"'
        );
    });

    it('rejects a non-array transcript and names the item path of a bad item', () => {
        expect(findConversationErrors({ ...copySample(), transcript: {} })).toBe(
            '/transcript: must be array,null'
        );
        expect(findConversationErrors({ ...copySample(), transcript: [{ sent_at: 5 }] })).toBe(
            '/transcript/0/sent_at: must be string,null'
        );
    });
});

describe('the API add-on event envelopes', () => {
    const validateEnded = compileComponentSchema(SPEC_PATH, 'ConversationEndedEvent');

    it('accept the sample with _type conversation and _event ended', () => {
        expect(validateEnded({ ...copySample(), _event: 'ended' })).toBe(true);
    });

    it('reject the sample as it is (its _event is received_unread)', () => {
        expect(validateEnded(sample)).toBe(false);
        expect(formatSchemaErrors(validateEnded.errors)).toBe('/_event: must be equal to constant');
    });
});

describe('the fixtures in test/fixtures/userlike', () => {
    it('keep the real sample byte-identical to the one received', () => {
        const hash = createHash('sha256').update(readFileSync(SAMPLE_PATH)).digest('hex');
        expect(hash).toBe(SAMPLE_SHA256);
    });

    it('build the media fixture from the sample plus exactly one media item', () => {
        const { transcript, ...rest } = withMediaJson;
        const { transcript: sampleTranscript, ...sampleRest } = sampleJson;
        expect(rest).toEqual(sampleRest);
        expect(transcript.slice(0, -1)).toEqual(sampleTranscript);
        expect(transcript).toHaveLength(sampleTranscript.length + 1);
        expect(withMediaJson.topics).toEqual([]);
    });

    it('give the media item every assumed media field', () => {
        const media = withMedia.transcript?.at(-1);
        expect(media).toMatchObject({
            type: 'media',
            sender: { type: 'contact' },
            url: expect.stringMatching(/^https:\/\/www\.userlike\.com\/api\/um\/media\/download\//),
            file: {
                url: expect.stringMatching(/^https:\/\/www\.userlike\.com\//),
                file_name: 'invoice-2024-02.pdf',
                content_type: 'application/pdf',
                size: expect.any(Number),
            },
        });
        expect(media?.id).toBe(media?.msgid);
    });
});
