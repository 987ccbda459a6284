import type { InstanceConfig } from '../config/schema.ts';
import { displayName } from '../mapping/display-text.ts';
import { splitNote } from '../mapping/split-note.ts';
import { renderTranscript } from '../mapping/transcript.ts';
import type { Conversation } from '../conversation/conversation-schema.ts';
import type { Identified } from './identify-contact.ts';
import { noteBase, noteLengthOf, transcriptOptionsOf, type NoteTarget } from './note-values.ts';
import { findWrittenNotes } from './recover-writes.ts';
import { historyRelationOf, type SyncContext } from './sync-context.ts';
import { writeDayNotes } from './write-day-notes.ts';

/** The history note(s) of one send: the complete transcript, split into numbered parts when too long. */
export interface NotePlan {
    limetype: string;
    values: Record<string, unknown>[];
}

/**
 * Writes the history notes of one send in the instance's note mode and resolves with the ids of the notes
 * created or updated:
 * - `perSend` (Lime Chat): a new complete note, in numbered parts when long; on a retry, parts an earlier
 *   attempt wrote are not written again;
 * - `perDay`: one note per calendar day, replaced on a re-send (write-day-notes.ts).
 */
export async function writeNotes(
    context: SyncContext,
    conversation: Conversation,
    instance: InstanceConfig,
    target: NoteTarget,
    identified: Identified,
    recoverSince: Date | undefined
): Promise<number[]> {
    if (instance.noteMode === 'perDay')
        return writeDayNotes(context, conversation, instance, target, identified);

    const notes = await planNotes(context, conversation, instance, target, identified);
    const alreadyWritten = recoverSince
        ? await findWrittenNotes(context, historyRelationOf(instance), target.id, recoverSince)
        : [];
    const noteIds: number[] = [];
    for (const values of notes.values) {
        const earlier = alreadyWritten.indexOf(
            values[context.tenant.history.fields.note] as string
        );
        if (earlier >= 0) {
            alreadyWritten.splice(earlier, 1); // written by an attempt whose answer was lost
            continue;
        }
        context.signal?.throwIfAborted();
        noteIds.push((await context.lime.createObject(notes.limetype, values))._id);
    }
    return noteIds;
}

/**
 * Plans the history notes of one send (`perSend`): related to the object, the person, the company, the
 * coworker and (when the history limetype has that relation) the conversation record. Pure apart from
 * reading the cached limetype.
 */
export async function planNotes(
    context: SyncContext,
    conversation: Conversation,
    instance: InstanceConfig,
    target: NoteTarget,
    identified: Identified
): Promise<NotePlan> {
    const { history } = context.tenant;
    const historyType = await context.catalog.limetype(history.limetype);
    const maxLength = noteLengthOf(context, historyType);
    const entries = renderTranscript(conversation, transcriptOptionsOf(context.tenant, instance));
    const contactName = displayName(conversation.contact.name);
    const heading = (part: string): string =>
        `Userlike conversation ${conversation.id}${contactName ? ` with ${contactName}` : ''}${part}`;
    const texts = splitNote(heading, entries.length > 0 ? entries : ['(no messages)'], maxLength);
    const base = noteBase(context, historyType, instance, target, identified);
    base[history.fields.date] = noteDate(conversation, context.now());
    return {
        limetype: history.limetype,
        values: texts.map((text) => ({ ...base, [history.fields.note]: text })),
    };
}

/** The note's date: when the conversation's last message was sent, else now. */
function noteDate(conversation: Conversation, now: Date): string {
    const candidates = [
        conversation.last_message_sent_at,
        conversation.ended_at,
        conversation.created_at,
    ];
    for (const candidate of candidates) {
        if (candidate && !Number.isNaN(Date.parse(candidate)))
            return new Date(candidate).toISOString();
    }
    return now.toISOString();
}
