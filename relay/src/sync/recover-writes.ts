import type { QueryFilter } from '../lime/client.ts';
import type { SyncContext } from './sync-context.ts';

/**
 * Lime has no idempotency key (docs/lime-rest-api.md §6), so a create whose answer was lost (Lime wrote,
 * then the connection dropped, or the relay died) is found again before it is repeated: on a retry, the
 * relay looks for what an earlier attempt of the same delivery may already have written since that attempt
 * started (docs/assumptions.md, L5).
 */

/**
 * An object of the limetype created since `since` with exactly these values, newest first — the object an
 * earlier attempt created. Relation ids and scalar values are compared; a configuration whose values are
 * the same for every conversation (no `{id}` in a template, no person) can match another conversation's
 * object created in the same window, which is why the example configuration puts the conversation id in
 * the title.
 */
export async function findCreatedObject(
    context: SyncContext,
    limetype: string,
    values: Record<string, unknown>,
    since: Date
): Promise<number | undefined> {
    const filters: QueryFilter[] = [{ key: '_createdtime', op: '>=', exp: since.toISOString() }];
    for (const [key, value] of Object.entries(values)) {
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
            filters.push({ key, op: '=', exp: value });
        }
    }
    const [found] = await context.lime.query({
        limetype,
        responseFormat: { object: { _id: '' } },
        filter: { op: 'AND', exp: filters },
        orderBy: [{ _id: 'DESC' }],
        limit: 1,
    });
    return found ? Number(found._id) : undefined;
}

/** The note texts already related to the object since `since` (the parts an earlier attempt wrote). */
export async function findWrittenNotes(
    context: SyncContext,
    relation: string,
    objectId: number,
    since: Date
): Promise<string[]> {
    const { history } = context.tenant;
    const notes = await context.lime.query({
        limetype: history.limetype,
        responseFormat: { object: { _id: '', [history.fields.note]: '' } },
        filter: {
            op: 'AND',
            exp: [
                { key: relation, op: '=', exp: objectId },
                { key: '_createdtime', op: '>=', exp: since.toISOString() },
            ],
        },
        limit: 500,
    });
    return notes.map((note) => String(note[history.fields.note] ?? ''));
}

/**
 * Creates an object, unless `recoverSince` is set and an earlier attempt of the same delivery already
 * created it (findCreatedObject): the create that cannot happen twice. Resolves with the object's id and
 * whether it was created now.
 */
export async function createOnce(
    context: SyncContext,
    limetype: string,
    values: Record<string, unknown>,
    recoverSince: Date | undefined
): Promise<{ id: number; created: boolean }> {
    if (recoverSince) {
        const earlier = await findCreatedObject(context, limetype, values, recoverSince);
        if (earlier !== undefined) {
            context.logger.info(
                { limetype, id: earlier },
                'Found what an earlier attempt created; not creating it again'
            );
            return { id: earlier, created: false };
        }
    }
    context.signal?.throwIfAborted();
    return { id: (await context.lime.createObject(limetype, values))._id, created: true };
}
