import { describe, expect, it } from 'vitest';
import { TEST_SETTINGS } from '../testing/test-settings.ts';
import {
    findNotesPerson,
    sortItemsNewestFirst,
    toConversationItem,
} from './to-conversation-items.ts';

const record = {
    _id: 1010,
    conversationid: 5550001,
    link: 'https://userlike.com/en/umc#/conversation/5550001',
    contactid: ' 7770001 ',
    startedtime: '2026-03-02T09:01:00Z',
    helpdesk: 1009,
};

describe('toConversationItem', () => {
    it('maps a conversation record and its notes, notes newest first', () => {
        const notes = [
            { _id: 1011, date: '2026-03-02T09:05:00Z' },
            { _id: 1012, date: '2026-03-02T09:12:00Z' },
        ];
        expect(toConversationItem(record, notes, TEST_SETTINGS)).toEqual({
            recordId: 1010,
            conversationId: 5550001,
            person: null,
            userlikeContactId: '7770001',
            startedTime: '2026-03-02T09:01:00Z',
            userlikeUrl: 'https://userlike.com/en/umc#/conversation/5550001',
            notes: [
                { id: 1012, date: '2026-03-02T09:12:00Z', url: '/lime/client/object/history/1012' },
                { id: 1011, date: '2026-03-02T09:05:00Z', url: '/lime/client/object/history/1011' },
            ],
            notesLoaded: true,
        });
    });

    it('falls back to the creation time of a note without a date', () => {
        const item = toConversationItem(
            record,
            [{ _id: 5, date: null, _createdtime: '2026-01-01T10:00:00+01:00' }],
            TEST_SETTINGS
        );
        expect(item?.notes[0]?.date).toBe('2026-01-01T10:00:00+01:00');
    });

    it('maps a record that is not synchronised yet (empty text fields, no times)', () => {
        const item = toConversationItem(
            { _id: 2000, conversationid: 42, contactid: '', link: '', startedtime: null },
            [],
            TEST_SETTINGS
        );
        expect(item).toMatchObject({
            person: null,
            userlikeContactId: '',
            startedTime: null,
            notes: [],
            notesLoaded: true,
        });
    });

    it("names the person of the newest note that has one, linked to the person's object", () => {
        const notes = [
            { _id: 1, date: '2026-03-02T09:05:00Z', person: 301 },
            { _id: 2, date: '2026-03-02T09:12:00Z', person: 302 },
            { _id: 3, date: '2026-03-02T09:20:00Z', person: null },
        ];
        const names = new Map([
            [301, 'Jane Doe'],
            [302, 'John Smith'],
        ]);
        expect(toConversationItem(record, notes, TEST_SETTINGS, names)).toMatchObject({
            person: { id: 302, name: 'John Smith', url: '/lime/client/object/person/302' },
            userlikeContactId: '7770001',
        });
    });

    it('has no person when the newest person may not be read (no name), or no note names one', () => {
        const notes = [
            { _id: 1, date: '2026-03-02T09:05:00Z', person: 301 },
            { _id: 2, date: '2026-03-02T09:12:00Z', person: 302 },
        ];
        const onlyOlder = new Map([[301, 'Jane Doe']]);
        expect(toConversationItem(record, notes, TEST_SETTINGS, onlyOlder)?.person).toBeNull();
        expect(
            toConversationItem(record, [{ _id: 1, person: null }], TEST_SETTINGS, onlyOlder)?.person
        ).toBeNull();
        expect(toConversationItem(record, null, TEST_SETTINGS, onlyOlder)?.person).toBeNull();
    });

    it('marks notes that could not be read', () => {
        expect(toConversationItem(record, null, TEST_SETTINGS)?.notesLoaded).toBe(false);
    });

    it.each([[null], [0], ['abc'], [1.5], [undefined]])(
        'skips a record whose conversationid is %j',
        (conversationid) => {
            expect(toConversationItem({ _id: 1, conversationid }, [], TEST_SETTINGS)).toBeNull();
        }
    );
});

describe('findNotesPerson', () => {
    it('takes the newest note with a person (an undated note counts as newest, then the highest id)', () => {
        expect(
            findNotesPerson([
                { _id: 1, date: '2026-03-02T09:12:00Z', person: 301 },
                { _id: 2, date: '2026-03-02T09:05:00Z', person: 302 },
            ])
        ).toBe(301);
        expect(
            findNotesPerson([
                { _id: 1, date: '2026-03-02T09:12:00Z', person: 301 },
                { _id: 2, date: null, person: 302 },
            ])
        ).toBe(302);
        expect(findNotesPerson([{ _id: 1, person: 0 }, { _id: 2 }])).toBeNull();
        expect(findNotesPerson([])).toBeNull();
    });
});

describe('sortItemsNewestFirst', () => {
    const item = (recordId: number, startedTime: string | null) => ({
        recordId,
        conversationId: recordId,
        person: null,
        userlikeContactId: '',
        startedTime,
        userlikeUrl: '',
        notes: [],
        notesLoaded: true,
    });

    it('puts unsynchronised rows first, then the latest start, then the highest record id', () => {
        const sorted = sortItemsNewestFirst([
            item(1, '2026-01-01T00:00:00Z'),
            item(2, null),
            item(3, '2026-02-01T00:00:00Z'),
            item(4, '2026-01-01T00:00:00Z'),
            item(5, null),
        ]);
        expect(sorted.map((row) => row.recordId)).toEqual([5, 2, 3, 4, 1]);
    });
});
