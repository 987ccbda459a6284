import { describe, expect, it } from 'vitest';
import { ConversationSchema } from '../conversation/conversation-schema.ts';
import { formatDay, groupEntriesByDay } from './group-by-day.ts';
import { renderTranscript, renderTranscriptEntries } from './transcript.ts';

const message = (sent_at: string | undefined, body: string, operator_name = 'Peter Testman') => ({
    sent_at,
    body,
    operator_name,
    type: 'message',
});
const conversation = ConversationSchema.parse({
    id: 1,
    contact: { name: 'Ada Lovelace' },
    transcript: [
        message('2024-02-22T23:30:00Z', 'Late evening', ''),
        message(undefined, 'No time: stays with the line before'),
        message('2024-02-23T08:00:00Z', 'Next morning'),
    ],
});

describe('groupEntriesByDay', () => {
    it('splits lines into calendar days of the time zone', () => {
        const entries = renderTranscriptEntries(conversation, {
            timeZone: 'UTC',
            includeSystemEvents: false,
        });
        expect(
            groupEntriesByDay(entries, 'UTC', 0).map((day) => [day.label, day.entries.length])
        ).toEqual([
            ['22/02/2024', 2],
            ['23/02/2024', 1],
        ]);
        // 23:30 UTC is already the 23rd in Stockholm (UTC+1).
        expect(groupEntriesByDay(entries, 'Europe/Stockholm', 0).map((day) => day.label)).toEqual([
            '23/02/2024',
        ]);
    });

    it('puts lines before any time on the fallback day, and keeps each day once', () => {
        const groups = groupEntriesByDay(
            [
                { text: 'a', sentAt: undefined },
                { text: 'b', sentAt: Date.parse('2024-02-21T10:00:00Z') },
                { text: 'c', sentAt: Date.parse('2024-02-22T10:00:00Z') },
            ],
            'UTC',
            Date.parse('2024-02-22T09:00:00Z')
        );
        expect(groups).toEqual([
            {
                label: '22/02/2024',
                lastSentAt: Date.parse('2024-02-22T10:00:00Z'),
                entries: ['a', 'c'],
            },
            { label: '21/02/2024', lastSentAt: Date.parse('2024-02-21T10:00:00Z'), entries: ['b'] },
        ]);
        expect(formatDay(Date.parse('2024-12-31T23:30:00Z'), 'Europe/Stockholm')).toBe(
            '01/01/2025'
        );
    });
});

describe('speakerStyle', () => {
    const render = (speakerStyle: 'nameAndRole' | 'name' | 'role' | 'none') =>
        renderTranscript(conversation, {
            timeZone: 'UTC',
            includeSystemEvents: false,
            speakerStyle,
        });

    it('names the speaker with name and role by default, or by name, role or not at all', () => {
        expect(render('nameAndRole')[2]).toBe(
            '2024-02-23 08:00  Peter Testman (operator): Next morning'
        );
        expect(render('name')[0]).toBe('2024-02-22 23:30  Ada Lovelace: Late evening');
        expect(render('name')[2]).toBe('2024-02-23 08:00  Peter Testman: Next morning');
        expect(render('role')[0]).toBe('2024-02-22 23:30  Contact: Late evening');
        expect(render('role')[2]).toBe('2024-02-23 08:00  Operator: Next morning');
        expect(render('none')[2]).toBe('2024-02-23 08:00  Next morning');
    });
});
