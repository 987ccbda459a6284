import { describe, expect, it } from 'vitest';
import { ConversationSchema } from '../conversation/conversation-schema.ts';
import { renderTranscript } from '../mapping/transcript.ts';
import { findMediaItems } from './find-media-items.ts';

const items: Record<string, unknown>[] = [
    {
        msgid: 'm1',
        sent_at: '2024-01-01T10:00:00Z',
        type: 'message',
        file: { url: 'https://userlike.example/f/invoice.pdf', file_name: 'invoice.pdf' },
    },
    {
        msgid: 'm2',
        sent_at: '2024-01-01T10:01:00Z',
        type: 'image',
        url: 'https://userlike.example/f/photo%201.jpg',
    },
    {
        id: 3,
        sent_at: '2024-01-01T10:02:00Z',
        type: 'media',
        url: 'https://userlike.example/f/x',
        file_name: 'clip.mp4',
        size: 10,
    },
    // No URL: named in the note, nothing to import.
    { msgid: 'm4', sent_at: '2024-01-01T10:03:00Z', attachment: { name: 'lost.txt' } },
    // The same message again: imported once.
    {
        msgid: 'm1',
        sent_at: '2024-01-01T10:04:00Z',
        file: { url: 'https://userlike.example/f/i' },
    },
    { msgid: 'm5', sent_at: '2024-01-01T10:05:00Z', type: 'message', body: 'thanks' },
];
const conversation = ConversationSchema.parse({
    id: 7,
    contact: { name: 'Ann' },
    transcript: items.map((item) => ({ sender: { type: 'contact' }, ...item })),
});

describe('findMediaItems', () => {
    it('imports each file with a URL once per message, named by the item or its URL', () => {
        expect(findMediaItems(conversation)).toEqual([
            {
                messageId: 'm1',
                url: 'https://userlike.example/f/invoice.pdf',
                fileName: 'invoice.pdf',
                contentType: undefined,
                size: undefined,
            },
            {
                messageId: 'm2',
                url: 'https://userlike.example/f/photo%201.jpg',
                fileName: 'photo 1.jpg',
                contentType: undefined,
                size: undefined,
            },
            {
                messageId: '3',
                url: 'https://userlike.example/f/x',
                fileName: 'clip.mp4',
                contentType: undefined,
                size: 10,
            },
        ]);
    });

    it('imports no file the note does not label (an image included)', () => {
        const lines = renderTranscript(conversation, {
            timeZone: 'UTC',
            includeSystemEvents: false,
        });
        expect(lines).toEqual([
            '2024-01-01 10:00  Ann (contact): [file: invoice.pdf]',
            '2024-01-01 10:01  Ann (contact): [file: unnamed file]',
            '2024-01-01 10:02  Ann (contact): [file: clip.mp4]',
            '2024-01-01 10:03  Ann (contact): [file: lost.txt]',
            '2024-01-01 10:04  Ann (contact): [file: unnamed file]',
            '2024-01-01 10:05  Ann (contact): thanks',
        ]);
        const labelled = lines.filter((line) => line.includes('[file: ')).length;
        expect(labelled).toBeGreaterThanOrEqual(findMediaItems(conversation).length);
    });
});
