import { buildObjectUrl, buildUserlikeUrl } from './build-urls.ts';
import type {
    ConversationItem,
    ConversationNote,
    ConversationPerson,
    ConversationSettings,
    NotesState,
} from './conversation.types.ts';
import type { LimeRecord } from './lime-records.ts';

/** The person limetype the relay relates notes to (`history.person`, the demo model's names). */
export const PERSON_LIMETYPE = 'person';

/** A history note as the loader read it, before it becomes a link. */
export interface NoteRecord {
    id: number;
    /** ISO-8601: the note's `date`, else its creation time; null when neither is readable. */
    date: string | null;
    /** The person the note is related to, when the user may read them. */
    person: { id: number; name: string } | null;
}

/** The notes of one conversation as the loader found them. */
export type NotesInput =
    | { kind: 'loaded'; notes: NoteRecord[] }
    | { kind: 'loading' }
    | { kind: 'failed' }
    | { kind: 'unavailable' };

/**
 * Maps a conversation record and its notes to a list row. Returns null for a record without a usable
 * `conversationid` (it cannot be opened in Userlike).
 */
export function toConversationItem(
    record: LimeRecord,
    notes: NotesInput,
    settings: ConversationSettings
): ConversationItem | null {
    const conversationId = readInteger(record.conversationid);
    if (conversationId === null) {
        return null;
    }
    const person = notes.kind === 'loaded' ? findNotesPerson(notes.notes) : null;
    return {
        recordId: record._id,
        recordUrl: objectUrl(settings, settings.conversationLimetype, record._id),
        conversationId,
        person: person ? toPerson(person, settings) : null,
        userlikeContactId: typeof record.contactid === 'string' ? record.contactid.trim() : '',
        startedTime: readTime(record.startedtime),
        userlikeUrl: buildUserlikeUrl(settings.userlikeBaseUrl, conversationId),
        notes: toNotesState(notes, settings),
    };
}

/**
 * The person a conversation is about: the one related to its newest note that names a person. The relay
 * relates every note to the person it identified at that send, so the newest is the latest identification.
 */
export function findNotesPerson(notes: readonly NoteRecord[]): NoteRecord['person'] {
    return sortNewestFirst(notes).find((note) => note.person !== null)?.person ?? null;
}

/** Reads a note's time: its `date`, else `_createdtime`. */
export function readNoteTime(record: LimeRecord, dateProperty = 'date'): string | null {
    return readTime(record[dateProperty]) ?? readTime(record._createdtime);
}

/** A positive integer from a number or a string of digits, else null. */
export function readInteger(value: unknown): number | null {
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : null;
}

function toNotesState(notes: NotesInput, settings: ConversationSettings): NotesState {
    if (notes.kind !== 'loaded') {
        return notes;
    }
    return {
        kind: 'loaded',
        notes: sortNewestFirst(notes.notes).map((note): ConversationNote => ({
            id: note.id,
            date: note.date,
            url: objectUrl(settings, settings.historyLimetype, note.id),
        })),
    };
}

function toPerson(
    person: NonNullable<NoteRecord['person']>,
    settings: ConversationSettings
): ConversationPerson {
    return { ...person, url: objectUrl(settings, PERSON_LIMETYPE, person.id) };
}

function objectUrl(settings: ConversationSettings, limetype: string, id: number): string {
    return buildObjectUrl(settings.objectUrlTemplate, settings.applicationRoot, limetype, id);
}

function sortNewestFirst(notes: readonly NoteRecord[]): NoteRecord[] {
    return [...notes].sort((a, b) => compareTimesDescending(a.date, b.date) || b.id - a.id);
}

// An undated note sorts first (it is the newest a user can have made); then the latest time.
function compareTimesDescending(a: string | null, b: string | null): number {
    if (a === b) {
        return 0;
    }
    if (a === null) {
        return -1;
    }
    if (b === null) {
        return 1;
    }
    return Date.parse(b) - Date.parse(a);
}

function readTime(value: unknown): string | null {
    return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : null;
}
