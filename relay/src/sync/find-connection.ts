import type { InstanceConfig } from '../config/schema.ts';
import { ConversationConflictError, NoMatchingInstanceError } from '../errors.ts';
import type { LimeObject } from '../lime/types.ts';
import { conversationRelationOf, type SyncContext } from './sync-context.ts';

/** The conversation record of a conversation and the object it is connected to, if any. */
export interface Connection {
    record: LimeObject | undefined;
    object: { limetype: string; id: number; instance: InstanceConfig } | undefined;
}

/** How many records are fetched: enough to name the objects of a conflict. */
const CONFLICT_LIMIT = 10;

/**
 * Looks up the conversation record(s) of a conversation by `conversationid` — the link that keeps one
 * conversation on one object. Several records: 409 naming the objects, nothing written.
 */
export async function findConnection(
    context: SyncContext,
    conversationId: number
): Promise<Connection> {
    const { tenant } = context;
    const records = await context.lime.findObjects(
        tenant.conversation.limetype,
        { [tenant.conversation.fields.conversationId]: conversationId },
        CONFLICT_LIMIT
    );
    if (records.length > 1) {
        const objects = records.map((record) => {
            const object = connectedObject(context, record);
            return object
                ? `${object.limetype} ${object.id}`
                : `an unconnected ${tenant.conversation.limetype} record ${record._id}`;
        });
        throw new ConversationConflictError(
            `Conversation ${conversationId} is connected more than once in Lime (${objects.join(', ')}); one conversation can only be connected to one object. ` +
                `Remove the extra ${tenant.conversation.limetype} records in Lime, then send the conversation again. Nothing was written.`
        );
    }
    const record = records[0];
    return { record, object: record ? connectedObject(context, record) : undefined };
}

function connectedObject(context: SyncContext, record: LimeObject): Connection['object'] {
    for (const instance of context.tenant.instances) {
        const id = relationId(record[conversationRelationOf(instance)]);
        if (id !== undefined) return { limetype: instance.limetype, id, instance };
    }
    return undefined;
}

/** A belongsto value as Lime returns it: the related id, or an embedded object with `_id`. */
function relationId(value: unknown): number | undefined {
    if (typeof value === 'number' && value > 0) return value;
    if (
        value !== null &&
        typeof value === 'object' &&
        typeof (value as LimeObject)._id === 'number'
    ) {
        return (value as LimeObject)._id;
    }
    return undefined;
}

/** The instance for an object already connected: the topic's instance if it has that limetype, else the first that does. */
export function instanceForObject(
    context: SyncContext,
    limetype: string,
    topicInstance: InstanceConfig | undefined
): InstanceConfig {
    if (topicInstance?.limetype === limetype) return topicInstance;
    const instance = context.tenant.instances.find((candidate) => candidate.limetype === limetype);
    if (!instance) {
        throw new NoMatchingInstanceError(
            `The conversation is connected to a ${limetype} object, but no instance is configured for ${limetype}.`
        );
    }
    return instance;
}
