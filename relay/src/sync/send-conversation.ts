import type { InstanceConfig } from '../config/schema.ts';
import { ConfigurationError, RelayError } from '../errors.ts';
import { requireNotFiltered } from '../mapping/conversation-filter.ts';
import { resolveObjectValues } from '../mapping/object-values.ts';
import { selectInstance } from '../mapping/select-instance.ts';
import { relatedLimetype, type Limetype } from '../lime/types.ts';
import type { Conversation } from '../conversation/conversation-schema.ts';
import { findConnection, instanceForObject, type Connection } from './find-connection.ts';
import { identifyContact, type Identified } from './identify-contact.ts';
import { findSendMismatches } from '../check/requirements.ts';
import { createOnce } from './recover-writes.ts';
import { requireFit } from './require-fit.ts';
import { writeNotes } from './write-notes.ts';
import { conversationRelationOf, type SyncContext } from './sync-context.ts';

/** What a send wrote, and the link Userlike shows in its timeline. */
export interface SendResult {
    url: string;
    limetype: string;
    objectId: number;
    conversationRecordId: number;
    noteIds: number[];
    createdObject: boolean;
    /** The person the contact was matched to, if any (documents of the chat's files relate to them too). */
    personId: number | undefined;
    /** The instance the conversation was written with. */
    instance: InstanceConfig;
}

export interface SendOptions {
    /**
     * Set on a retry of a delivery: an earlier attempt started at this time and may have written before it
     * failed, so what it wrote is looked up before anything is created again (recover-writes.ts).
     */
    recoverSince?: Date;
}

/**
 * Sends one conversation to Lime (README, "What the relay does"):
 * - first send: creates the instance's object, the conversation record related to it, and a history note
 *   with the complete transcript, related to the object, person, company and coworker;
 * - re-send, or a conversation connected from Lime: a new complete note on the connected object (or, in
 *   the `perDay` note mode, the day notes replaced);
 * - several records for one conversation: 409, nothing written;
 * - excluded by the instance's send filter: 422 `filtered`, nothing written;
 * - Lime's data model lacks something the writes need: 500 `configuration_mismatch`, nothing written.
 */
export async function sendConversation(
    context: SyncContext,
    conversation: Conversation,
    options: SendOptions = {}
): Promise<SendResult> {
    let topicInstance: InstanceConfig | undefined;
    let topicError: RelayError | undefined;
    try {
        topicInstance = selectInstance(conversation, context.tenant);
    } catch (error) {
        if (!(error instanceof RelayError)) throw error;
        topicError = error;
    }
    const connection = await findConnection(context, conversation.id);
    if (!connection.object && topicError) throw topicError; // nothing to go on: 422, nothing written
    const instance = connection.object
        ? instanceForObject(context, connection.object.limetype, topicInstance)
        : (topicInstance as InstanceConfig);
    requireNotFiltered(conversation, instance);
    // Everything below may write (a person, the object, the record, the notes): first make sure Lime has
    // everything those writes need, so that a configuration that does not fit writes nothing at all.
    await requireFit(context, (load) => findSendMismatches(context.tenant, instance, load));

    const identified = await identifyContact(context, conversation, options.recoverSince);
    context.signal?.throwIfAborted();
    const target = connection.object
        ? { id: connection.object.id, created: false }
        : {
              id: await createObject(
                  context,
                  conversation,
                  instance,
                  identified,
                  options.recoverSince
              ),
              created: true,
          };
    context.signal?.throwIfAborted();
    const recordId = await saveConversationRecord(
        context,
        conversation,
        instance,
        connection,
        target.id
    );

    const noteIds = await writeNotes(
        context,
        conversation,
        instance,
        { id: target.id, recordId },
        identified,
        options.recoverSince
    );
    context.logger.info(
        {
            limetype: instance.limetype,
            objectId: target.id,
            createdObject: target.created,
            notes: noteIds.length,
        },
        target.created
            ? 'Conversation sent: object created'
            : 'Conversation sent to its connected object'
    );
    return {
        url: objectUrl(context, instance.limetype, target.id),
        limetype: instance.limetype,
        objectId: target.id,
        conversationRecordId: recordId,
        noteIds,
        createdObject: target.created,
        personId: identified.personId,
        instance,
    };
}

async function createObject(
    context: SyncContext,
    conversation: Conversation,
    instance: InstanceConfig,
    identified: Identified,
    recoverSince: Date | undefined
): Promise<number> {
    const limetype = await context.catalog.limetype(instance.limetype);
    const values = resolveObjectValues(
        instance.values,
        conversation,
        limetype,
        // The value itself is the visitor's data: it stays out of the log.
        (property) =>
            context.logger.warn(
                { property: `${limetype.name}.${property}` },
                'A payload value does not fit its property (type, option key); it is left out'
            )
    );
    await dropUnreadableDefaults(context, limetype, values);
    const relate = (property: string | undefined, id: number | undefined): void => {
        if (!property || id === undefined) return;
        requireProperty(limetype, property);
        values[property] = id;
    };
    relate(instance.relations.person, identified.personId);
    relate(instance.relations.company, identified.companyId);
    relate(instance.relations.coworker, identified.coworkerId);
    return (await createOnce(context, instance.limetype, values, recoverSince)).id;
}

/**
 * A configured belongsto default that the API user may not read is left out, as Lime Chat does for
 * relations (README, "Object access"); the object is still written.
 */
async function dropUnreadableDefaults(
    context: SyncContext,
    limetype: Limetype,
    values: Record<string, unknown>
): Promise<void> {
    for (const [name, value] of Object.entries(values)) {
        const property = limetype.properties.get(name);
        const related = property ? relatedLimetype(property) : undefined;
        if (property?.type !== 'belongsto' || !related || typeof value !== 'number') continue;
        if (!(await context.catalog.isReadable(related, value))) {
            context.logger.info(
                { property: `${limetype.name}.${name}` },
                'A default-attached object is not readable by the API user; it is left out'
            );
            delete values[name];
        }
    }
}

/**
 * Creates the conversation record related to the object, or completes the one that exists: a record
 * connected from Lime's relation tab holds only the conversation id and the relation, so its link,
 * contact id and times are filled in on the first send.
 */
async function saveConversationRecord(
    context: SyncContext,
    conversation: Conversation,
    instance: InstanceConfig,
    connection: Connection,
    objectId: number
): Promise<number> {
    const { conversation: settings } = context.tenant;
    const limetype = await context.catalog.limetype(settings.limetype);
    const relation = conversationRelationOf(instance);
    requireProperty(limetype, relation);
    const fields = settings.fields;
    const wanted: Record<string, unknown> = {
        [fields.conversationId]: conversation.id,
        [fields.link]: `${settings.linkBaseUrl}${conversation.id}`,
        [fields.contactId]: conversation.contact.id == null ? '' : String(conversation.contact.id),
        [relation]: objectId,
    };
    const started = isoTime(conversation.created_at);
    if (started) wanted[fields.startedTime] = started;
    const firstMessage = isoTime(conversation.contact_first_message_sent_at);
    if (firstMessage) wanted[fields.contactFirstMessageTime] = firstMessage;
    for (const name of Object.keys(wanted)) requireProperty(limetype, name);

    const record = connection.record;
    if (!record) return (await context.lime.createObject(settings.limetype, wanted))._id;
    // Only what this send knows and the record lacks (a contact without an id has nothing to fill in).
    const missing = Object.fromEntries(
        Object.entries(wanted).filter(([name, value]) => !isEmpty(value) && isEmpty(record[name]))
    );
    if (Object.keys(missing).length > 0)
        await context.lime.updateObject(settings.limetype, record._id, missing);
    return record._id;
}

function isEmpty(value: unknown): boolean {
    return value === undefined || value === null || value === '' || value === 0;
}

function isoTime(value: string | null | undefined): string | undefined {
    if (!value || Number.isNaN(Date.parse(value))) return undefined;
    return new Date(value).toISOString();
}

function requireProperty(limetype: Limetype, name: string): void {
    if (!limetype.properties.has(name)) {
        throw new ConfigurationError(
            `The limetype ${limetype.name} has no property ${name}; check the relay configuration.`
        );
    }
}

/** The Lime web client URL of an object (the `webClientUrl` template). */
export function objectUrl(context: SyncContext, limetype: string, id: number): string {
    return context.tenant.lime.webClientUrl
        .replace('{baseUrl}', context.tenant.lime.baseUrl.replace(/\/+$/, ''))
        .replace('{limetype}', encodeURIComponent(limetype))
        .replace('{id}', String(id));
}
