import type { HttpClient } from '../platform/platform.types.ts';
import { classifyHttpError } from './classify-http-error.ts';
import type { ConversationItem, ConversationSettings } from './conversation.types.ts';
import { fetchAllObjects, type LimeRecord } from './lime-records.ts';
import type { TargetObject } from './resolve-target-object.ts';
import { sortItemsNewestFirst, toConversationItem } from './to-conversation-items.ts';

// A handful of conversations per object is normal; this keeps a large one from flooding Lime
// (3,000 requests per 5 minutes per IP on Lime Cloud, lime-crm.md takeaway 1).
const NOTE_REQUESTS_AT_ONCE = 4;

/**
 * Loads the conversations connected to an object, each with its history notes, newest first.
 *
 * Errors of the conversation list propagate (the caller shows them). A conversation whose notes cannot be
 * read is still listed, with `notesLoaded: false`; a 404 there means the history → conversation relation
 * (this product's extension of Lime Chat's model) does not exist, which is shown as "no notes".
 */
export async function loadConversations(
    http: HttpClient,
    target: TargetObject,
    settings: ConversationSettings,
    signal?: AbortSignal
): Promise<ConversationItem[]> {
    const url = `api/v1/limeobject/${encodeURIComponent(target.limetype)}/${target.id}/${encodeURIComponent(settings.relationName)}/`;
    const records = await fetchAllObjects(http, url, signal);
    const notes = await mapWithLimit(records, NOTE_REQUESTS_AT_ONCE, (record) =>
        loadNotes(http, record._id, settings, signal)
    );
    signal?.throwIfAborted();
    const items = records
        .map((record, index) => toConversationItem(record, notes[index] ?? null, settings))
        .filter((item): item is ConversationItem => item !== null);
    return sortItemsNewestFirst(items);
}

/** Reads one conversation's history notes; null when they could not be read. */
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
