// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationItem } from '../../conversations/conversation.types.ts';
import { mount, shadowText } from '../../../test-support/mount.ts';
import type { ConversationRow } from './conversation-row.ts';

const item: ConversationItem = {
    recordId: 1010,
    recordUrl: '/lime/client/object/ulconversation/1010',
    conversationId: 5550001,
    person: { id: 1006, name: 'Jane Doe', url: '/lime/client/object/person/1006' },
    userlikeContactId: '7770001',
    startedTime: '2026-03-02T09:01:00Z',
    userlikeUrl: 'https://userlike.com/en/umc#/conversation/5550001',
    notes: {
        kind: 'loaded',
        notes: [
            { id: 1012, date: '2026-03-02T09:12:00Z', url: '/lime/client/object/history/1012' },
        ],
    },
};

afterEach(() => document.body.replaceChildren());

const links = (row: ConversationRow) =>
    [...(row.shadowRoot?.querySelectorAll('a') ?? [])].map((link) => [
        (link.textContent ?? '').replace(/\s+/g, ' ').trim(),
        link.getAttribute('href'),
    ]);

describe('a conversation row', () => {
    it('links to the record, the person and each note in Lime, and to Userlike', async () => {
        const row = await mount<ConversationRow>('lwc-limepkg-userlike-relay-conversation-row', {
            item,
            locale: 'en-GB',
        });
        expect(links(row)).toEqual([
            ['Conversation 5550001', '/lime/client/object/ulconversation/1010'],
            ['Jane Doe', '/lime/client/object/person/1006'],
            ['Note of 2 Mar 2026, 09:12', '/lime/client/object/history/1012'],
            ['', 'https://userlike.com/en/umc#/conversation/5550001'],
        ]);
        const external = row.shadowRoot?.querySelector('a.external');
        expect(external?.getAttribute('aria-label')).toBe('Open conversation 5550001 in Userlike');
        expect(external?.getAttribute('target')).toBe('_blank');
        expect(shadowText(row)).toContain('Started 2 Mar 2026, 09:01');
    });

    it('shows no boilerplate for what is not known yet', async () => {
        const row = await mount<ConversationRow>('lwc-limepkg-userlike-relay-conversation-row', {
            item: {
                ...item,
                person: null,
                userlikeContactId: '',
                startedTime: null,
                notes: { kind: 'loaded', notes: [] },
            },
        });
        expect(shadowText(row)).toBe('Conversation 5550001 Not yet sent from Userlike');
        expect(row.shadowRoot?.querySelector('.notes')).toBeNull();
    });

    it("falls back to Userlike's contact id, and says when notes could not be read", async () => {
        const row = await mount<ConversationRow>('lwc-limepkg-userlike-relay-conversation-row', {
            item: { ...item, person: null, notes: { kind: 'failed' } },
        });
        expect(shadowText(row)).toContain('Userlike contact 7770001');
        expect(shadowText(row)).toContain('The history notes could not be loaded.');
    });
});
