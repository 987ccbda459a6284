/**
 * The note marker is a contract between the relay and the Lime package's conversations view: on Lime
 * Chat's own data model a history note relates to the object only, and the view attributes it to its
 * conversation by the marker line the relay writes (docs/note-marker.md). Every note the relay writes, in
 * every note mode and every part of a split transcript, must carry it.
 */
import { describe, expect, it } from 'vitest';
import { readNoteConversationId } from '../../lime-webcomponent/src/conversations/note-marker.ts';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversation } from './support/start-relay.ts';

const { sandbox, relay } = useRelaySuite({
    sandbox: { dataModel: 'limeChat', webClientPackages: [] },
    relay: {
        editConfig: (raw) => {
            raw.delivery.inlineDeadlineMs = 5_000;
            const [, sales] = raw.tenants.default.instances;
            sales.noteMode = 'perDay';
        },
    },
});

/** A chat long enough to be split over several notes (the sandbox's note field holds 4,000 characters). */
function longChat(id: number, topic: string, name: string): Record<string, any> {
    const payload = conversation(id, { topic, name });
    const message = payload.transcript[3];
    payload.transcript = Array.from({ length: 60 }, (_, index) => ({
        ...message,
        id: `m${index}`,
        sent_at: new Date(Date.UTC(2024, 1, 22 + (index % 3), 10, index)).toISOString(),
        body: `Message ${index}: ${'lorem ipsum '.repeat(12)}`,
        body_plain: `Message ${index}: ${'lorem ipsum '.repeat(12)}`,
    }));
    return payload;
}

describe('the marker line of every note the relay writes', () => {
    it.each([
        ['one note per send', 'Support', 'helpdesk'],
        ['one note per day', 'Sales', 'deal'],
    ])('names the conversation in %s, in every part', async (_mode, topic, limetype) => {
        for (const [id, name] of [
            [9601, 'Ada Lovelace'],
            [9602, ''],
            [9603, 'Bob (part 1/2) with Userlike conversation 1'],
        ] as const) {
            const answer = await relay.post(longChat(id, topic, name));
            expect(answer.status).toBe(200);
            const record = sandbox.objects('ulconversation').find((r) => r.conversationid === id);
            const notes = sandbox
                .objects('history')
                .filter((note) => note[limetype] === record?.[limetype]);
            expect(notes.length).toBeGreaterThan(1);
            for (const note of notes) {
                expect(readNoteConversationId(note.note), String(note.note).split('\n')[0]).toBe(
                    id
                );
            }
        }
    });
});
