/**
 * Benchmark child for section 4: renders the transcript of one conversation of `argv[2]` messages the
 * way the relay does for a note (renderTranscript, then splitNote at the sandbox's note length of 4,000
 * characters) and prints one JSON line: render time, heap growth, peak RSS. One process per size, so
 * the heap and peak RSS of one size do not leak into the next. Run with --expose-gc.
 */
import { resourceUsage } from 'node:process';
import { splitNote } from '../../relay/src/mapping/split-note.ts';
import { renderTranscript } from '../../relay/src/mapping/transcript.ts';
import { ConversationSchema } from '../../relay/src/conversation/conversation-schema.ts';
import { buildConversation } from '../support/payloads.ts';

/** What the child prints. */
export interface RenderMeasurement {
    messages: number;
    milliseconds: number;
    heapGrowthBytes: number;
    maxRssBytes: number;
    notes: number;
    characters: number;
}

const NOTE_LENGTH = 4_000;

const messages = Number(process.argv[2]);
if (!Number.isInteger(messages) || messages < 1) {
    throw new Error(
        `render-transcript: the message count must be a positive integer, got ${process.argv[2]}`
    );
}
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('render-transcript: run with --expose-gc');

const render = (subject: typeof conversation) =>
    splitNote(
        (part) => `Userlike conversation ${subject.id}${part}`,
        renderTranscript(subject, { timeZone: 'UTC', includeSystemEvents: false }),
        NOTE_LENGTH
    );

// The payload as the relay has it after parsing and validation; built before the clock starts.
const conversation = ConversationSchema.parse(buildConversation(messages, 63741936));
// Warm-up on a small conversation, so every size is timed with compiled code (a relay renders many).
render(ConversationSchema.parse(buildConversation(200, 1)));
gc();
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
const notes = render(conversation);
const milliseconds = performance.now() - started;
const heapAfter = process.memoryUsage().heapUsed;

process.stdout.write(
    `${JSON.stringify({
        messages,
        milliseconds,
        heapGrowthBytes: heapAfter - heapBefore,
        // resourceUsage().maxRSS is in kilobytes.
        maxRssBytes: resourceUsage().maxRSS * 1024,
        notes: notes.length,
        characters: notes.reduce((sum, note) => sum + note.length, 0),
    } satisfies RenderMeasurement)}\n`
);
