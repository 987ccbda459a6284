import type { InstanceConfig } from '../config/schema.ts';
import type { QueryFilter } from '../lime/client.ts';
import { displayName } from '../mapping/display-text.ts';
import { groupEntriesByDay } from '../mapping/group-by-day.ts';
import { splitNote } from '../mapping/split-note.ts';
import { renderTranscriptEntries } from '../mapping/transcript.ts';
import type { Conversation } from '../conversation/conversation-schema.ts';
import type { Identified } from './identify-contact.ts';
import { historyRelationOf, type SyncContext } from './sync-context.ts';
import { noteBase, noteLengthOf, transcriptOptionsOf, type NoteTarget } from './note-values.ts';

const TITLE_PREFIX = 'Chat with ';
/** `Chat with NAME (22/02/2024)` or `Chat with NAME (22/02/2024) (part 2/3)`. */
const TITLE_LINE = /^Chat with .* \((\d{2}\/\d{2}\/\d{4})\)(?: \(part (\d+)\/\d+\))?$/;
/** The day notes of one conversation on one object (more would be an unusually long chat). */
const EXISTING_LIMIT = 500;

interface DayNote {
    id: number;
    part: number;
    text: string;
}

/**
 * Writes the conversation as one note per calendar day (`noteMode: perDay`, TimelinesAI's per-day notes),
 * in the tenant's time zone. Each note starts with the title line `Chat with NAME (22/02/2024)` and the
 * line `Userlike conversation ID`; a day longer than the note field is split into numbered parts, never
 * cut. On a re-send the day's existing notes — found by the relation to the object, the relation to the
 * conversation record when the history limetype has one, and the title and conversation lines — are
 * replaced (PUT) when their text changed and left alone when it did not; parts a day no longer needs are
 * deleted. Because existing notes are found, not assumed, a retry whose earlier attempt wrote some notes
 * does not duplicate them. Resolves with the ids of the notes created or updated.
 */
export async function writeDayNotes(
    context: SyncContext,
    conversation: Conversation,
    instance: InstanceConfig,
    target: NoteTarget,
    identified: Identified
): Promise<number[]> {
    const { history, transcript } = context.tenant;
    const historyType = await context.catalog.limetype(history.limetype);
    const maxLength = noteLengthOf(context, historyType);
    const base = noteBase(context, historyType, instance, target, identified);
    const entries = renderTranscriptEntries(
        conversation,
        transcriptOptionsOf(context.tenant, instance)
    );
    const started = Date.parse(conversation.created_at ?? '');
    const fallbackTime = Number.isNaN(started) ? context.now().getTime() : started;
    const days = groupEntriesByDay(
        entries.length > 0 ? entries : [{ text: '(no messages)', sentAt: undefined }],
        transcript.timeZone,
        fallbackTime
    );
    const name = displayName(conversation.contact.name) ?? 'Contact';
    const conversationLine = `Userlike conversation ${conversation.id}`;
    const existing = await findDayNotes(context, instance, target, base, conversationLine);

    const written: number[] = [];
    for (const day of days) {
        const texts = splitNote(
            (part) => `${TITLE_PREFIX}${name} (${day.label})${part}\n${conversationLine}`,
            day.entries,
            maxLength
        );
        const earlier = existing.get(day.label) ?? [];
        const values = {
            ...base,
            [history.fields.date]: new Date(day.lastSentAt).toISOString(),
        };
        for (const [index, text] of texts.entries()) {
            const note = earlier[index];
            context.signal?.throwIfAborted();
            if (!note) {
                const created = await context.lime.createObject(history.limetype, {
                    ...values,
                    [history.fields.note]: text,
                });
                written.push(created._id);
            } else if (note.text !== text) {
                await context.lime.updateObject(history.limetype, note.id, {
                    ...values,
                    [history.fields.note]: text,
                });
                written.push(note.id);
            }
        }
        for (const surplus of earlier.slice(texts.length)) {
            // The day now needs fewer parts (e.g. system events were switched off): the old part would
            // repeat lines of the new ones.
            context.signal?.throwIfAborted();
            await context.lime.deleteObject(history.limetype, surplus.id);
            context.logger.info({ noteId: surplus.id }, 'Deleted a day note part no longer needed');
        }
    }
    return written;
}

/**
 * The existing day notes of this conversation on the object, by day label (`22/02/2024`), in part order.
 */
async function findDayNotes(
    context: SyncContext,
    instance: InstanceConfig,
    target: NoteTarget,
    base: Record<string, unknown>,
    conversationLine: string
): Promise<Map<string, DayNote[]>> {
    const { history } = context.tenant;
    const filters: QueryFilter[] = [
        { key: historyRelationOf(instance), op: '=', exp: target.id },
        { key: history.fields.note, op: '=?', exp: TITLE_PREFIX },
    ];
    // noteBase relates the note to the conversation record only when the history limetype has that relation.
    const conversationRelation = history.fields.conversation;
    if (conversationRelation && base[conversationRelation] === target.recordId)
        filters.push({ key: conversationRelation, op: '=', exp: target.recordId });
    const rows = await context.lime.query({
        limetype: history.limetype,
        responseFormat: { object: { _id: '', [history.fields.note]: '' } },
        filter: { op: 'AND', exp: filters },
        orderBy: [{ _id: 'ASC' }],
        limit: EXISTING_LIMIT,
    });
    const byDay = new Map<string, DayNote[]>();
    for (const row of rows) {
        const text = String(row[history.fields.note] ?? '');
        const [titleLine = '', secondLine] = text.split('\n', 2);
        const title = TITLE_LINE.exec(titleLine);
        if (!title || secondLine !== conversationLine) continue;
        const label = title[1] as string;
        const notes = byDay.get(label) ?? [];
        notes.push({ id: Number(row._id), part: Number(title[2] ?? 1), text });
        byDay.set(label, notes);
    }
    for (const notes of byDay.values()) notes.sort((a, b) => a.part - b.part || a.id - b.id);
    return byDay;
}
