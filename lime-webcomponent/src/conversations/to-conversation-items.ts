import { buildObjectUrl, buildUserlikeUrl } from './build-urls.ts';
import type {
    ConversationItem,
    ConversationNote,
    ConversationPerson,
    ConversationSettings,
} from './conversation.types.ts';
import type { LimeRecord } from './lime-records.ts';

/**
 * The belongsto on the history limetype that relates a note to the identified person, and the person
 * limetype: the demo model's names (lime-crm.md §2), which the relay writes by default
 * (`history.fields.person`).
 */
export const HISTORY_PERSON_RELATION = 'person';
export const PERSON_LIMETYPE = 'person';

/**
 * Maps a `ulconversation` record and its history notes to a list row. `personNames` holds the
 * `_descriptive` of the persons the user may read (see {@link findNotesPerson}).
 * Returns null for a record without a usable `conversationid` (it cannot be opened in Userlike).
 */
export function toConversationItem(
    record: LimeRecord,
    notes: LimeRecord[] | null,
    settings: ConversationSettings,
    personNames: ReadonlyMap<number, string> = new Map()
): ConversationItem | null {
    const conversationId = readInteger(record.conversationid);
    if (conversationId === null) {
        return null;
    }
    const personId = notes ? findNotesPerson(notes) : null;
    const personName = personId === null ? undefined : personNames.get(personId);
    return {
        recordId: record._id,
        conversationId,
        person: personId !== null && personName ? toPerson(personId, personName, settings) : null,
        userlikeContactId: typeof record.contactid === 'string' ? record.contactid.trim() : '',
        startedTime: readTime(record.startedtime),
        userlikeUrl: buildUserlikeUrl(settings.userlikeBaseUrl, conversationId),
        notes: notes ? sortNotesNewestFirst(notes.map((note) => toNote(note, settings))) : [],
        notesLoaded: notes !== null,
    };
}

/**
 * Orders rows newest first. A row without a start time was connected by hand and not yet synchronised,
 * so it is the newest of all; ties fall back to the record id (created later = higher id).
 */
export function sortItemsNewestFirst(items: ConversationItem[]): ConversationItem[] {
    return [...items].sort(
        (a, b) => compareTimesDescending(a.startedTime, b.startedTime) || b.recordId - a.recordId
    );
}

/**
 * The person a conversation is about: the one related to its newest note that names a person. The relay
 * relates every note to the person it identified at that send, so the newest is the latest identification
 * (an older note may name a person identified wrongly before). Null when no note names one.
 */
export function findNotesPerson(notes: LimeRecord[]): number | null {
    const newestFirst = [...notes].sort(
        (a, b) => compareTimesDescending(readNoteTime(a), readNoteTime(b)) || b._id - a._id
    );
    for (const note of newestFirst) {
        const id = readInteger(note[HISTORY_PERSON_RELATION]);
        if (id !== null) {
            return id;
        }
    }
    return null;
}

function toPerson(id: number, name: string, settings: ConversationSettings): ConversationPerson {
    return {
        id,
        name,
        url: buildObjectUrl(
            settings.objectUrlTemplate,
            settings.applicationRoot,
            PERSON_LIMETYPE,
            id
        ),
    };
}

function toNote(record: LimeRecord, settings: ConversationSettings): ConversationNote {
    return {
        id: record._id,
        date: readNoteTime(record),
        url: buildObjectUrl(
            settings.objectUrlTemplate,
            settings.applicationRoot,
            settings.historyLimetype,
            record._id
        ),
    };
}

function sortNotesNewestFirst(notes: ConversationNote[]): ConversationNote[] {
    return [...notes].sort((a, b) => compareTimesDescending(a.date, b.date) || b.id - a.id);
}

// Null sorts first: see sortItemsNewestFirst.
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

// `date` is the history note's own time in the demo model; `_createdtime` is the fallback.
function readNoteTime(record: LimeRecord): string | null {
    return readTime(record.date) ?? readTime(record._createdtime);
}

function readTime(value: unknown): string | null {
    return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : null;
}

function readInteger(value: unknown): number | null {
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : null;
}
