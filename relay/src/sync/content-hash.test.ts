import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../config/load-config.ts';
import { parseConversation } from '../conversation/parse-conversation.ts';
import { contentHash } from './content-hash.ts';

const read = (url: URL): string => readFileSync(url, 'utf8');
const fixture = (name: string): Record<string, unknown> =>
    JSON.parse(read(new URL(`../../../test/fixtures/userlike/${name}`, import.meta.url)));
const tenant = parseConfig(parseYaml(read(new URL('../../config.example.yaml', import.meta.url))), {
    RELAY_API_KEY: 'relay-key-0123456789',
    LIME_BASE_URL: 'https://lime.example.com/app',
    LIME_API_KEY: 'lime-key',
}).tenants.default!;

describe('contentHash', () => {
    // The journal compares a delivery's hash with the hash last written for its conversation, so a change
    // in how the hash is computed makes the next send of every conversation write a note again. These are
    // the values the relay has computed since the hash covers the transcript as the note shows it.
    it('stays the same for the same conversation', () => {
        expect(contentHash(parseConversation(fixture('conversation-sample.json')), tenant)).toBe(
            '62a5fbb89abf5364a9169cc667862da6a35e7bfb76c29b5e94fe4480ca2aba29'
        );
        expect(
            contentHash(parseConversation(fixture('conversation-with-media.json')), tenant)
        ).toBe('48f367ef20f03e31ee6d38a3ba49c74738aa52463d6d4e13ee9dfa811ab072b3');
    });

    it('stays the same for a conversation whose topic no instance names (the transcript as received)', () => {
        const conversation = fixture('conversation-sample.json');
        conversation.topics = [{ text: 'Billing' }];
        expect(contentHash(parseConversation(conversation), tenant)).toBe(
            '713ad69e7f5151d06f3aa34230ff4f36e45bc84d51d60408975ed748211409c2'
        );
    });
});
