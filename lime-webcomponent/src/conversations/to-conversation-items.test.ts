import { describe, expect, it } from 'vitest';
import { TEST_SETTINGS } from '../../test-support/test-settings.ts';
import {
    findNotesPerson,
    readInteger,
    readNoteTime,
    toConversationItem,
    type NoteRecord,
} from './to-conversation-items.ts';

const record = {
    _id: 1010,
    conversationid: 5550001,
    link: 'https://userlike.com/en/umc#/conversation/5550001',
    contactid: ' 7770001 ',
    startedtime: '2026-03-02T09:01:00Z',
    helpdesk: 1009,
};
const jane = { id: 1006, name: 'Jane Doe' };
const note = (
    id: number,
    date: string | null,
    person: NoteRecord['person'] = null
): NoteRecord => ({
    id,
    date,
    person,
});

describe('toConversationItem', () => {
    it('maps a record and its notes to a row with links into Lime and Userlike, notes newest first', () => {
        const item = toConversationItem(
            record,
            {
                kind: 'loaded',
                notes: [
                    note(1011, '2026-03-02T09:05:00Z', jane),
                    note(1012, '2026-03-02T09:12:00Z'),
                ],
            },
            TEST_SETTINGS
        );
        expect(item).toEqual({
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
                    {
                        id: 1012,
                        date: '2026-03-02T09:12:00Z',
                        url: '/lime/client/object/history/1012',
                    },
                    {
                        id: 1011,
                        date: '2026-03-02T09:05:00Z',
                        url: '/lime/client/object/history/1011',
                    },
                ],
            },
        });
    });

    it('maps a record that is not synchronised yet (empty text fields, no times)', () => {
        const item = toConversationItem(
            { _id: 2001, conversationid: 5550002, link: '', contactid: '', startedtime: null },
            { kind: 'loaded', notes: [] },
            TEST_SETTINGS
        );
        expect(item).toMatchObject({
            conversationId: 5550002,
            person: null,
            userlikeContactId: '',
            startedTime: null,
            notes: { kind: 'loaded', notes: [] },
        });
    });

    it('keeps the state of notes that are loading, failed or not in the data model', () => {
        for (const kind of ['loading', 'failed', 'unavailable'] as const) {
            expect(toConversationItem(record, { kind }, TEST_SETTINGS)?.notes).toEqual({ kind });
        }
        expect(toConversationItem(record, { kind: 'failed' }, TEST_SETTINGS)?.person).toBeNull();
    });

    it('returns null for a record without a usable conversation ID', () => {
        for (const conversationid of [null, 0, -3, 1.5, 'abc']) {
            expect(
                toConversationItem({ _id: 1, conversationid }, { kind: 'loading' }, TEST_SETTINGS)
            ).toBeNull();
        }
    });
});

describe('findNotesPerson', () => {
    it('takes the person of the newest note that names one', () => {
        const peter = { id: 1002, name: 'Peter' };
        expect(
            findNotesPerson([
                note(1, '2026-03-01T10:00:00Z', peter),
                note(2, '2026-03-02T10:00:00Z', jane),
                note(3, '2026-03-03T10:00:00Z'),
            ])
        ).toEqual(jane);
    });

    it('counts an undated note as the newest, then the highest id', () => {
        const peter = { id: 1002, name: 'Peter' };
        expect(
            findNotesPerson([note(5, '2026-03-03T10:00:00Z', jane), note(4, null, peter)])
        ).toEqual(peter);
        expect(findNotesPerson([note(4, null, peter), note(6, null, jane)])).toEqual(jane);
    });

    it('is null when no note names a person', () => {
        expect(findNotesPerson([note(1, null)])).toBeNull();
        expect(findNotesPerson([])).toBeNull();
    });
});

describe('readNoteTime and readInteger', () => {
    it("reads a note's date, else its creation time", () => {
        expect(readNoteTime({ _id: 1, date: '2026-03-02T09:05:00Z' })).toBe('2026-03-02T09:05:00Z');
        expect(readNoteTime({ _id: 1, date: null, _createdtime: '2026-03-01T00:00:00Z' })).toBe(
            '2026-03-01T00:00:00Z'
        );
        expect(readNoteTime({ _id: 1, date: 'not a date' })).toBeNull();
    });

    it('reads positive integers from numbers and digit strings', () => {
        expect(readInteger(7)).toBe(7);
        expect(readInteger('12')).toBe(12);
        expect(readInteger('1e3')).toBeNull();
        expect(readInteger(0)).toBeNull();
        expect(readInteger({})).toBeNull();
    });
});
