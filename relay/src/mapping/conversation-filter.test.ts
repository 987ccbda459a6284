import { describe, expect, it } from 'vitest';
import { InstanceSchema } from '../config/schema.ts';
import { ConversationSchema } from '../conversation/conversation-schema.ts';
import {
    explainFiltered,
    FilteredConversationError,
    readTags,
    requireNotFiltered,
} from './conversation-filter.ts';

const instance = (filter: object) =>
    InstanceSchema.parse({ topic: 'Support', limetype: 'helpdesk', filter });
const conversation = (extra: object) => ConversationSchema.parse({ id: 7, contact: {}, ...extra });

describe('readTags', () => {
    it('reads a top-level tags array of strings or {name} objects, and ignores anything else', () => {
        expect(
            readTags(conversation({ tags: ['vip', { name: ' spam ' }, { text: 'x' }, 3, null] }))
        ).toEqual(['vip', 'spam', 'x']);
        expect(readTags(conversation({ tags: 'vip' }))).toEqual([]);
        expect(readTags(conversation({}))).toEqual([]);
    });
});

describe('send filters', () => {
    it('acceptOnly sends only conversations with one of the topics or tags, case-insensitively', () => {
        const vip = instance({ mode: 'acceptOnly', topics: ['Billing'], tags: ['VIP'] });
        expect(explainFiltered(conversation({ tags: [{ name: 'vip' }] }), vip)).toBeUndefined();
        expect(
            explainFiltered(conversation({ topics: [{ text: 'billing' }] }), vip)
        ).toBeUndefined();
        expect(explainFiltered(conversation({ tags: ['other'] }), vip)).toBe(
            'Not sent: the send filter of instance "Support" accepts only conversations with topic "Billing" or tag "VIP"; this conversation has no topic and tags "other". Nothing was written.'
        );
    });

    it('reject sends no conversation with one of the tags, naming the rule and the tag', () => {
        const noSpam = instance({ mode: 'reject', tags: ['spam', 'test'] });
        expect(explainFiltered(conversation({ tags: ['ok'] }), noSpam)).toBeUndefined();
        expect(() => requireNotFiltered(conversation({ tags: ['Spam'] }), noSpam)).toThrow(
            FilteredConversationError
        );
        try {
            requireNotFiltered(conversation({ tags: ['Spam'] }), noSpam);
        } catch (error) {
            expect(error).toMatchObject({ status: 422, code: 'filtered' });
            expect((error as Error).message).toContain(
                'rejects conversations with tag "spam" or "test"'
            );
            expect((error as Error).message).toContain('this conversation has tag "Spam"');
        }
    });

    it('sends everything without a filter, and refuses a filter without topics or tags', () => {
        const plain = InstanceSchema.parse({ topic: 'Support', limetype: 'helpdesk' });
        expect(explainFiltered(conversation({ tags: ['spam'] }), plain)).toBeUndefined();
        expect(
            InstanceSchema.safeParse({
                topic: 'Support',
                limetype: 'helpdesk',
                filter: { mode: 'reject' },
            }).success
        ).toBe(false);
    });
});
