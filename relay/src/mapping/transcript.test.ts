import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConversationSchema, type Conversation } from '../conversation/conversation-schema.ts';
import { renderTranscript } from './transcript.ts';

const sample = ConversationSchema.parse(
    JSON.parse(
        readFileSync(
            new URL('../../../test/fixtures/userlike/conversation-sample.json', import.meta.url),
            'utf8'
        )
    )
);

function conversationWith(
    transcript: unknown[],
    contactName: string | null = 'Jane Doe'
): Conversation {
    return ConversationSchema.parse({ id: 1, contact: { name: contactName }, transcript });
}

describe('renderTranscript', () => {
    it('renders the real sample: contact and operator lines, system events left out by default', () => {
        expect(renderTranscript(sample, { timeZone: 'UTC', includeSystemEvents: false })).toEqual([
            '2024-02-22 15:49  Contact (contact): Hello, I have a question.',
            '2024-02-22 15:49  Peter Testman (operator): Hello, how can I help you?',
        ]);
    });

    it('includes notifications and system events when asked, with markdown reduced', () => {
        const lines = renderTranscript(sample, { timeZone: 'UTC', includeSystemEvents: true });
        expect(lines).toEqual([
            "2024-02-22 15:48  [event] Hello, you're talking to Peter Testman. How can I help?",
            '2024-02-22 15:49  Contact (contact): Hello, I have a question.',
            '2024-02-22 15:49  [event] Conversation status changed from New to Open.',
            '2024-02-22 15:49  Peter Testman (operator): Hello, how can I help you?',
        ]);
    });

    it('prints times in the configured time zone', () => {
        const lines = renderTranscript(sample, {
            timeZone: 'Europe/Stockholm',
            includeSystemEvents: false,
        });
        expect(lines[0]).toMatch(/^2024-02-22 16:49 /);
    });

    it('sorts chronologically and keeps line breaks, indenting continuation lines', () => {
        const lines = renderTranscript(
            conversationWith([
                {
                    sent_at: '2024-01-01T10:05:00Z',
                    type: 'message',
                    sender: { type: 'operator' },
                    operator_name: 'Op',
                    body: 'second',
                },
                {
                    sent_at: '2024-01-01T10:00:00Z',
                    type: 'message',
                    sender: { type: 'contact' },
                    body: 'first\nline two',
                },
            ]),
            { timeZone: 'UTC', includeSystemEvents: false }
        );
        expect(lines).toEqual([
            '2024-01-01 10:00  Jane Doe (contact): first\n                  line two',
            '2024-01-01 10:05  Op (operator): second',
        ]);
    });

    it('reduces markdown to readable text for markdown messages', () => {
        const [line] = renderTranscript(
            conversationWith([
                {
                    sent_at: '2024-01-01T10:00:00Z',
                    type: 'message',
                    sender: { type: 'operator' },
                    operator_name: 'Op',
                    text_format: 'markdown_v1',
                    body: 'See **this** [page](https://example.com) and *that*',
                },
            ]),
            { timeZone: 'UTC', includeSystemEvents: false }
        );
        expect(line).toBe(
            '2024-01-01 10:00  Op (operator): See this page (https://example.com) and that'
        );
    });

    it('names media items by file name (assumed shape, see the payload spec)', () => {
        const [line] = renderTranscript(
            conversationWith([
                {
                    sent_at: '2024-01-01T10:00:00Z',
                    type: 'message',
                    sender: { type: 'contact' },
                    body: '',
                    file: { file_name: 'invoice.pdf', url: 'https://x' },
                },
            ]),
            { timeZone: 'UTC', includeSystemEvents: false }
        );
        expect(line).toBe('2024-01-01 10:00  Jane Doe (contact): [file: invoice.pdf]');
    });

    it('keeps an item without a time after the item before it', () => {
        const lines = renderTranscript(
            conversationWith([
                {
                    sent_at: '2024-01-01T10:05:00Z',
                    type: 'message',
                    sender: { type: 'contact' },
                    body: 'b',
                },
                { type: 'message', sender: { type: 'contact' }, body: 'c' },
                {
                    sent_at: '2024-01-01T10:00:00Z',
                    type: 'message',
                    sender: { type: 'contact' },
                    body: 'a',
                },
            ]),
            { timeZone: 'UTC', includeSystemEvents: false }
        );
        expect(lines.map((line) => line.slice(-1))).toEqual(['a', 'b', 'c']);
    });

    it('writes each line on one line even when a name has line breaks, and cuts a very long name', () => {
        const lines = renderTranscript(
            conversationWith(
                [
                    {
                        sent_at: '2024-01-01T10:00:00Z',
                        type: 'message',
                        sender: { type: 'contact' },
                        body: 'hi',
                    },
                    {
                        sent_at: '2024-01-01T10:01:00Z',
                        type: 'message',
                        sender: { type: 'operator' },
                        operator_name: 'O'.repeat(500),
                        body: 'hello',
                    },
                ],
                'Ada\nLovelace'
            ),
            { timeZone: 'UTC', includeSystemEvents: false }
        );
        expect(lines[0]).toBe('2024-01-01 10:00  Ada Lovelace (contact): hi');
        expect(lines[1]).toBe(`2024-01-01 10:01  ${'O'.repeat(99)}… (operator): hello`);
    });
});
