import type { HttpClient } from '../platform/platform.types.ts';
import { classifyHttpError } from './classify-http-error.ts';
import type { ConversationItem, ConversationSettings } from './conversation.types.ts';
import { chunk, IDS_PER_QUERY, isQueryUnusable, queryAllObjects } from './lime-query.ts';
import { fetchAllObjects, readObject, type LimeRecord } from './lime-records.ts';
import type { TargetObject } from './resolve-target-object.ts';
import {
    findNotesPerson,
    HISTORY_PERSON_RELATION,
    PERSON_LIMETYPE,
    sortItemsNewestFirst,
    toConversationItem,
} from './to-conversation-items.ts';

// The per-object fallback: a handful of conversations per object is normal; this keeps a large one from
// flooding Lime (3,000 requests per 5 minutes per IP on Lime Cloud, lime-crm.md takeaway 1).
const REQUESTS_AT_ONCE = 4;

/** The notes of each conversation record (null: they could not be read), and how they were read. */
interface NotesResult {
    notes: Map<number, LimeRecord[] | null>;
    /** False when the Query API answered 404/401/403: the person names are then read per person too. */
    queryApiUsable: boolean;
}

/**
 * Loads the conversations connected to an object, each with its history notes and the person they are
 * about, newest first.
 *
 * Requests, for N conversations (N ≤ 100, at most 200 notes): the record list, one Query API request for
 * the notes of all of them, one for the names of their persons (none when no note names a person):
 * 3 whatever N is. Each further 100 conversations add a page of the list and one query of each kind; each
 * further 200 notes a page of the notes query.
 *
 * Confirmed (lime-crm.md): the Query API `GET api/v1/query/?q=<JSON>` with `responseFormat.object`, the
 * `IN` operator, `limit`/`offset` paging and `{objects: [...]}` answers (§1.7); the http service takes
 * relative URLs (§3.2); `history.person` is a belongsto in the demo model (§2); `_descriptive` on a
 * limeobject (§1.3). Inferred, proven only against the sandbox (`test/sandbox/query-engine.ts`): that a
 * belongsto reads back as the related `_id` in a flat responseFormat and can be filtered with `IN`, that
 * `_descriptive` may be named in a responseFormat, that a query leaves out the objects the user may not
 * read, and that a property the model lacks is a 400. `history.ulconversation` is this product's extension
 * of Lime Chat's model (named after the conversation limetype here, as the relay writes it by default).
 *
 * So when the Query API answers 400, 404 or 401/403 (or not like the Query API), the per-object REST calls
 * are used instead: per conversation `GET …/<conversation limetype>/<id>/<history>/` (a 404 there means the
 * history relation does not exist, shown as "no notes"), 4 at a time, and the persons per person when the
 * person query cannot be used either.
 *
 * Errors of the conversation list propagate (the caller shows them). A conversation whose notes cannot be
 * read is still listed, with `notesLoaded: false` and its Userlike contact id.
 */
export async function loadConversations(
    http: HttpClient,
    target: TargetObject,
    settings: ConversationSettings,
    signal?: AbortSignal
): Promise<ConversationItem[]> {
    const url = `api/v1/limeobject/${encodeURIComponent(target.limetype)}/${target.id}/${encodeURIComponent(settings.relationName)}/`;
    const records = await fetchAllObjects(http, url, signal);
    if (records.length === 0) {
        return [];
    }
    const { notes, queryApiUsable } = await loadAllNotes(
        http,
        records.map((record) => record._id),
        settings,
        signal
    );
    const personIds = new Set<number>();
    for (const list of notes.values()) {
        const personId = list ? findNotesPerson(list) : null;
        if (personId !== null) {
            personIds.add(personId);
        }
    }
    const names = await loadPersonNames(http, [...personIds], queryApiUsable, signal);
    signal?.throwIfAborted();
    const items = records
        .map((record) => toConversationItem(record, notes.get(record._id) ?? null, settings, names))
        .filter((item): item is ConversationItem => item !== null);
    return sortItemsNewestFirst(items);
}

/** Reads one conversation's history notes through its hasmany; null when they could not be read. */
export async function loadNotes(
    http: HttpClient,
    conversationRecordId: number,
    settings: ConversationSettings,
    signal?: AbortSignal
): Promise<LimeRecord[] | null> {
    const url = `api/v1/limeobject/${encodeURIComponent(settings.conversationLimetype)}/${conversationRecordId}/${encodeURIComponent(settings.historyLimetype)}/`;
    try {
        return await fetchAllObjects(http, url, signal);
    } catch (error) {
        const failure = classifyHttpError(error);
        if (failure.kind === 'aborted') {
            throw error;
        }
        return failure.kind === 'not-found' ? [] : null;
    }
}

/** The notes of all records: one Query API request per 100 records, else one REST request per record. */
async function loadAllNotes(
    http: HttpClient,
    recordIds: number[],
    settings: ConversationSettings,
    signal?: AbortSignal
): Promise<NotesResult> {
    try {
        return { notes: await queryNotes(http, recordIds, settings, signal), queryApiUsable: true };
    } catch (error) {
        const failure = classifyHttpError(error);
        if (failure.kind === 'aborted') {
            throw error;
        }
        if (!isQueryUnusable(error)) {
            // A 5xx or a dropped connection: asking per record would most likely fail the same way.
            return { notes: new Map(recordIds.map((id) => [id, null])), queryApiUsable: true };
        }
        const perRecord = await mapWithLimit(recordIds, REQUESTS_AT_ONCE, (id) =>
            loadNotes(http, id, settings, signal)
        );
        return {
            notes: new Map(recordIds.map((id, index) => [id, perRecord[index] ?? null])),
            // A 400 says this query does not fit the model; the person query may still work.
            queryApiUsable: failure.kind === 'bad-request',
        };
    }
}

/** `history where <conversation relation> IN [ids]`, grouped by conversation record. */
async function queryNotes(
    http: HttpClient,
    recordIds: number[],
    settings: ConversationSettings,
    signal?: AbortSignal
): Promise<Map<number, LimeRecord[]>> {
    // The belongsto from history to the conversation record, named after the conversation limetype.
    const relation = settings.conversationLimetype;
    const notes = new Map<number, LimeRecord[]>(recordIds.map((id) => [id, []]));
    for (const ids of chunk(recordIds, IDS_PER_QUERY)) {
        const rows = await queryAllObjects(
            http,
            {
                limetype: settings.historyLimetype,
                responseFormat: {
                    object: { _id: '', date: '', [relation]: '', [HISTORY_PERSON_RELATION]: '' },
                },
                filter: { key: relation, op: 'IN', exp: ids },
                orderBy: [{ _id: 'ASC' }],
            },
            signal
        );
        for (const row of rows) {
            const recordId = row[relation];
            if (typeof recordId === 'number') {
                notes.get(recordId)?.push(row);
            }
        }
    }
    return notes;
}

/**
 * The `_descriptive` of each person the user may read, by id. A person left out (not readable, deleted,
 * or its name not readable at all) is simply missing: the row then shows the Userlike contact id.
 */
async function loadPersonNames(
    http: HttpClient,
    personIds: number[],
    queryApiUsable: boolean,
    signal?: AbortSignal
): Promise<Map<number, string>> {
    if (personIds.length === 0) {
        return new Map();
    }
    if (queryApiUsable) {
        try {
            return await queryPersonNames(http, personIds, signal);
        } catch (error) {
            if (classifyHttpError(error).kind === 'aborted') {
                throw error;
            }
            if (!isQueryUnusable(error)) {
                // The names are a nicety; the contact id still identifies the conversation.
                return new Map();
            }
        }
    }
    const names = await mapWithLimit(personIds, REQUESTS_AT_ONCE, (id) =>
        readPersonName(http, id, signal)
    );
    return new Map(
        personIds.flatMap((id, index) => {
            const name = names[index];
            return name ? [[id, name] as const] : [];
        })
    );
}

async function queryPersonNames(
    http: HttpClient,
    personIds: number[],
    signal?: AbortSignal
): Promise<Map<number, string>> {
    const names = new Map<number, string>();
    for (const ids of chunk(personIds, IDS_PER_QUERY)) {
        const rows = await queryAllObjects(
            http,
            {
                limetype: PERSON_LIMETYPE,
                responseFormat: { object: { _id: '', _descriptive: '' } },
                filter: { key: '_id', op: 'IN', exp: ids },
                orderBy: [{ _id: 'ASC' }],
            },
            signal
        );
        for (const row of rows) {
            const name = readName(row._descriptive);
            if (name) {
                names.set(row._id, name);
            }
        }
    }
    return names;
}

async function readPersonName(
    http: HttpClient,
    id: number,
    signal?: AbortSignal
): Promise<string | undefined> {
    const url = `api/v1/limeobject/${PERSON_LIMETYPE}/${id}/`;
    try {
        signal?.throwIfAborted();
        return readName(readObject(await http.get(url), url)._descriptive);
    } catch (error) {
        if (classifyHttpError(error).kind === 'aborted') {
            throw error;
        }
        return undefined;
    }
}

function readName(value: unknown): string | undefined {
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

async function mapWithLimit<TIn, TOut>(
    inputs: TIn[],
    limit: number,
    run: (input: TIn) => Promise<TOut>
): Promise<TOut[]> {
    const results: TOut[] = new Array<TOut>(inputs.length);
    let nextIndex = 0;
    const worker = async (): Promise<void> => {
        while (nextIndex < inputs.length) {
            const index = nextIndex++;
            results[index] = await run(inputs[index] as TIn);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
    return results;
}
