import type { HttpClient } from '../platform/platform.types.ts';
import { classifyHttpError } from './classify-http-error.ts';
import type { ConversationPage, ConversationSettings } from './conversation.types.ts';
import { learnHistoryModel, type HistoryModel } from './history-model.ts';
import { queryAllObjects, type QueryFilter, type ResponseFormat } from './lime-query.ts';
import { readObjects, type LimeRecord } from './lime-records.ts';
import { NOTE_PREFIXES, readNoteConversationId } from './note-marker.ts';
import type { TargetObject } from './resolve-target-object.ts';
import {
    PERSON_LIMETYPE,
    readInteger,
    readNoteTime,
    toConversationItem,
    type NoteRecord,
    type NotesInput,
} from './to-conversation-items.ts';

/** Conversations per page of the list; "show more" loads the next page. */
export const CONVERSATIONS_PER_PAGE = 50;

/**
 * Notes per query page. Large enough that one query holds the relay's notes of an object with a couple of
 * hundred conversations; Lime's largest page is an assumption (docs/assumptions.md W10).
 */
export const NOTES_PER_QUERY = 500;

/** The note and date properties of the history limetype, as Lime Chat and the relay use them. */
const NOTE_PROPERTY = 'note';
const DATE_PROPERTY = 'date';

/**
 * Loads one page of the conversations connected to an object, newest first, each with its history notes
 * and the person they are about.
 *
 * Lime requests per page, whatever the number of conversations and whichever data model:
 * 1. the page of conversation records, `GET …/<object>/<id>/<relation>/?_limit=51&_offset=…&_sort=-_id`
 *    (51 to learn whether another page follows);
 * 2. one Query API request for the page's notes, with each note's person (`_id`, `_descriptive`) nested:
 *    - where history notes relate to the conversation record (this product's extension,
 *      `history.<conversation limetype>`), the notes of the page's records (`IN`);
 *    - on Lime Chat's own model, where notes relate to the object only, the object's notes that begin with
 *      the relay's marker line, each attributed to its conversation by that line (note-marker.ts);
 * 3. once per web client session, the history limetype's metadata, to know which of the two it is.
 *
 * So 3 on the first load, 2 after. `onList` gets the rows as soon as the records are known (their notes
 * `loading`), so a view can show them before the notes arrive. When Lime refuses the nested person (an assumption, docs/assumptions.md
 * W10) the notes are read flat and the persons' names with one more query, and that is remembered.
 * A conversation whose notes cannot be read is still listed, with `notes.kind === 'failed'`.
 */
export async function loadConversationPage(
    http: HttpClient,
    target: TargetObject,
    settings: ConversationSettings,
    offset = 0,
    signal?: AbortSignal,
    onList?: (page: ConversationPage) => void
): Promise<ConversationPage> {
    const modelLoading = learnHistoryModel(http, settings.historyLimetype);
    // Read on its own while the records load; a failure here must surface once, below, not as unhandled.
    modelLoading.catch(() => undefined);
    const records = await fetchConversationRecords(http, target, settings, offset);
    signal?.throwIfAborted();
    const page = records.slice(0, CONVERSATIONS_PER_PAGE);
    const toPage = (notesOf: (recordId: number) => NotesInput): ConversationPage => ({
        items: page.flatMap((record) => {
            const item = toConversationItem(record, notesOf(record._id), settings);
            return item ? [item] : [];
        }),
        hasMore: records.length > CONVERSATIONS_PER_PAGE,
        nextOffset: offset + page.length,
    });
    if (page.length === 0) {
        return toPage(() => UNAVAILABLE);
    }
    onList?.(toPage(() => LOADING));
    let model: HistoryModel;
    try {
        model = await modelLoading;
    } catch (error) {
        if (classifyHttpError(error).kind === 'aborted') throw error;
        return toPage(() => FAILED);
    }
    signal?.throwIfAborted();
    const notesOf = await loadNotes(http, target, page, settings, model);
    signal?.throwIfAborted();
    return toPage(notesOf);
}

const LOADING: NotesInput = { kind: 'loading' };
const UNAVAILABLE: NotesInput = { kind: 'unavailable' };
const FAILED: NotesInput = { kind: 'failed' };

async function fetchConversationRecords(
    http: HttpClient,
    target: TargetObject,
    settings: ConversationSettings,
    offset: number
): Promise<LimeRecord[]> {
    const url =
        `api/v1/limeobject/${encodeURIComponent(target.limetype)}/${target.id}/` +
        `${encodeURIComponent(settings.relationName)}/` +
        `?_limit=${CONVERSATIONS_PER_PAGE + 1}&_offset=${offset}&_sort=-_id`;
    return readObjects(await http.get(url), url);
}

/** Reads the notes of the page's records; resolves with the notes of a record, by its id. */
async function loadNotes(
    http: HttpClient,
    target: TargetObject,
    records: LimeRecord[],
    settings: ConversationSettings,
    model: HistoryModel
): Promise<(recordId: number) => NotesInput> {
    const plan = planNotesQuery(target, records, settings, model);
    if (!plan) {
        return () => UNAVAILABLE;
    }
    let rows: LimeRecord[];
    try {
        rows = await queryNotes(http, plan, settings.historyLimetype);
    } catch (error) {
        if (classifyHttpError(error).kind === 'aborted') {
            throw error;
        }
        return () => FAILED;
    }
    const byConversationId = new Map(
        records.map((record) => [readInteger(record.conversationid), record._id])
    );
    const notes = new Map<number, NotesInput>(
        records.map((record) => [record._id, { kind: 'loaded', notes: [] }])
    );
    for (const row of rows) {
        const recordId = plan.attributeBy.relation
            ? readInteger(row[plan.attributeBy.relation])
            : byConversationId.get(readNoteConversationId(row[NOTE_PROPERTY]));
        const entry = recordId === null || recordId === undefined ? undefined : notes.get(recordId);
        if (entry?.kind === 'loaded') {
            entry.notes.push(toNoteRecord(row, plan.personRelation));
        }
    }
    return (recordId) => notes.get(recordId) ?? UNAVAILABLE;
}

interface NotesQueryPlan {
    filter: QueryFilter;
    /** How a note names its conversation: the belongsto to the record, or the marker line in its text. */
    attributeBy: { relation: string } | { relation: null };
    personRelation: string | null;
    fields: string[];
}

function planNotesQuery(
    target: TargetObject,
    records: LimeRecord[],
    settings: ConversationSettings,
    model: HistoryModel
): NotesQueryPlan | null {
    const personRelation = model.relationTo(PERSON_LIMETYPE);
    const date = model.has(DATE_PROPERTY) ? [DATE_PROPERTY] : [];
    const toConversation = model.relationTo(settings.conversationLimetype);
    if (toConversation) {
        return {
            filter: { key: toConversation, op: 'IN', exp: records.map((record) => record._id) },
            attributeBy: { relation: toConversation },
            personRelation,
            fields: [...date, toConversation],
        };
    }
    const toObject = model.relationTo(target.limetype);
    if (!toObject || !model.has(NOTE_PROPERTY)) {
        return null;
    }
    return {
        filter: {
            op: 'AND',
            exp: [
                { key: toObject, op: '=', exp: target.id },
                {
                    op: 'OR',
                    exp: NOTE_PREFIXES.map((prefix) => ({
                        key: NOTE_PROPERTY,
                        op: '=?',
                        exp: prefix,
                    })),
                },
            ],
        },
        attributeBy: { relation: null },
        personRelation,
        fields: [...date, NOTE_PROPERTY],
    };
}

// Whether this web client's Lime refused a nested person in a responseFormat; asked once per session.
const nestedRefused = new WeakSet<HttpClient>();

async function queryNotes(
    http: HttpClient,
    plan: NotesQueryPlan,
    historyLimetype: string
): Promise<LimeRecord[]> {
    const object: ResponseFormat = { _id: '' };
    for (const field of plan.fields) object[field] = '';
    const query = (person: '' | ResponseFormat) =>
        queryAllObjects(
            http,
            {
                limetype: historyLimetype,
                responseFormat: {
                    object: plan.personRelation
                        ? { ...object, [plan.personRelation]: person }
                        : object,
                },
                filter: plan.filter,
                orderBy: [{ _id: 'DESC' }],
            },
            undefined,
            NOTES_PER_QUERY
        );
    if (!plan.personRelation || nestedRefused.has(http)) {
        const rows = await query('');
        return plan.personRelation ? withPersonNames(http, rows, plan.personRelation) : rows;
    }
    try {
        return await query({ _id: '', _descriptive: '' });
    } catch (error) {
        if (classifyHttpError(error).kind !== 'bad-request') {
            throw error;
        }
        nestedRefused.add(http);
        return withPersonNames(http, await query(''), plan.personRelation);
    }
}

/** Replaces each row's person id by `{_id, _descriptive}`, read with one query for all of them. */
async function withPersonNames(
    http: HttpClient,
    rows: LimeRecord[],
    personRelation: string
): Promise<LimeRecord[]> {
    const ids = [...new Set(rows.flatMap((row) => readInteger(row[personRelation]) ?? []))];
    if (ids.length === 0) {
        return rows;
    }
    let persons: LimeRecord[] = [];
    try {
        persons = await queryAllObjects(http, {
            limetype: PERSON_LIMETYPE,
            responseFormat: { object: { _id: '', _descriptive: '' } },
            filter: { key: '_id', op: 'IN', exp: ids },
            orderBy: [{ _id: 'ASC' }],
        });
    } catch (error) {
        if (classifyHttpError(error).kind === 'aborted') throw error;
        // The names are a nicety; the row still shows the Userlike contact.
    }
    const byId = new Map(persons.map((person) => [person._id, person]));
    return rows.map((row) => ({
        ...row,
        [personRelation]: byId.get(readInteger(row[personRelation]) ?? 0) ?? null,
    }));
}

function toNoteRecord(row: LimeRecord, personRelation: string | null): NoteRecord {
    const person = personRelation ? row[personRelation] : null;
    const personId =
        typeof person === 'object' && person !== null
            ? readInteger((person as LimeRecord)._id)
            : null;
    const name =
        typeof person === 'object' && person !== null
            ? String((person as LimeRecord)._descriptive ?? '').trim()
            : '';
    return {
        id: row._id,
        date: readNoteTime(row, DATE_PROPERTY),
        person: personId !== null && name !== '' ? { id: personId, name } : null,
    };
}
