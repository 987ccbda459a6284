import { buildObjectUrl, buildUserlikeUrl } from './build-urls.ts';
import type {
    ConversationItem,
    ConversationNote,
    ConversationSettings,
} from './conversation.types.ts';
import type { LimeRecord } from './lime-records.ts';

/**
 * Maps a `ulconversation` record and its history notes to a list row.
 * Returns null for a record without a usable `conversationid` (it cannot be opened in Userlike).
 */
export function toConversationItem(
    record: LimeRecord,
    notes: LimeRecord[] | null,
    settings: ConversationSettings
): ConversationItem | null {
    const conversationId = readInteger(record.conversationid);
    if (conversationId === null) {
        return null;
    }
    return {
        recordId: record._id,
        conversationId,
        contact: typeof record.contactid === 'string' ? record.contactid.trim() : '',
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

function toNote(record: LimeRecord, settings: ConversationSettings): ConversationNote {
    return {
        id: record._id,
        // `date` is the history note's own time in the demo model; `_createdtime` is the fallback.
        date: readTime(record.date) ?? readTime(record._createdtime),
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

function readTime(value: unknown): string | null {
    return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : null;
}

function readInteger(value: unknown): number | null {
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : null;
}
