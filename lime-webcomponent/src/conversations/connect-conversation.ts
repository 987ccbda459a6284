import type { HttpClient } from '../platform/platform.types.ts';
import { buildObjectUrl } from './build-urls.ts';
import type {
    ConnectResult,
    ConversationOwner,
    ConversationSettings,
} from './conversation.types.ts';
import { fetchAllObjects, readObject, type LimeRecord } from './lime-records.ts';
import type { TargetObject } from './resolve-target-object.ts';
import { toConversationItem } from './to-conversation-items.ts';

/**
 * Connects a Userlike conversation ID to an object by creating its conversation record, unless the ID is
 * already connected anywhere: one conversation can never belong to several objects (product rule).
 *
 * The check and the create are two requests, so two users connecting the same ID in the same instant could
 * both succeed; Lime's REST API has no unique constraint or idempotency key to prevent that.
 * HTTP errors propagate for the caller to classify.
 */
export async function connectConversation(
    http: HttpClient,
    target: TargetObject,
    conversationId: number,
    settings: ConversationSettings
): Promise<ConnectResult> {
    const lt = encodeURIComponent(settings.conversationLimetype);
    const existing = await fetchAllObjects(
        http,
        `api/v1/limeobject/${lt}/?conversationid=${conversationId}`
    );
    if (existing.length > 0) {
        return describeExisting(http, existing, target, conversationId, settings);
    }
    // Lime refuses null for text fields, so they are ""; `link` and `contactid` are filled in when the
    // conversation is sent from Userlike.
    const created = await http.post(`api/v1/limeobject/${lt}/`, {
        conversationid: conversationId,
        [resolveConversationRelation(settings, target)]: target.id,
        link: '',
        contactid: '',
    });
    const record = readObject(created, `api/v1/limeobject/${lt}/`);
    const item = toConversationItem(record, { kind: 'loaded', notes: [] }, settings);
    if (!item) {
        throw new Error(`Lime saved conversation ${conversationId} without its conversation ID`);
    }
    return { kind: 'connected', item };
}

/**
 * The belongsto on the conversation limetype that points to the object: the configured
 * `conversationRelation`, else the object's limetype, as Lime Chat's installer names it.
 */
export function resolveConversationRelation(
    settings: ConversationSettings,
    target: TargetObject
): string {
    return settings.conversationRelation || target.limetype;
}

/**
 * Finds the objects a conversation record belongs to, as the belongsto property and the related id:
 * the belongsto properties are the ones with a `_links.relation_<name>` link and an integer value, as
 * Lime's HAL answers show them. Without `_links`, any other integer property except `conversationid` counts.
 */
export function findOwners(record: LimeRecord): Array<{ relation: string; id: number }> {
    const linked = Object.keys(record._links ?? {})
        .filter((key) => key.startsWith('relation_'))
        .map((key) => key.slice('relation_'.length));
    const names =
        linked.length > 0
            ? linked
            : Object.keys(record).filter((key) => !key.startsWith('_') && key !== 'conversationid');
    return names.flatMap((name) => {
        const id = record[name];
        return typeof id === 'number' && Number.isInteger(id) && id > 0
            ? [{ relation: name, id }]
            : [];
    });
}

async function describeExisting(
    http: HttpClient,
    records: LimeRecord[],
    target: TargetObject,
    conversationId: number,
    settings: ConversationSettings
): Promise<ConnectResult> {
    const relation = resolveConversationRelation(settings, target);
    // The configured relation points to objects of this object's limetype. The limetype behind any other
    // belongsto is not in the record; Lime Chat names each after its limetype (docs/assumptions.md W4).
    const owners = records.flatMap(findOwners).map(({ relation: name, id }) => ({
        relation: name,
        limetype: name === relation ? target.limetype : name,
        id,
    }));
    if (owners.some((owner) => owner.limetype === target.limetype && owner.id === target.id)) {
        return { kind: 'already-here', conversationId };
    }
    // Prefer an owner through the configured relation: its limetype is known, not guessed.
    const first = owners.find((owner) => owner.relation === relation) ?? owners[0];
    if (!first) {
        return { kind: 'registered-without-owner', conversationId };
    }
    const owner: ConversationOwner = {
        limetype: first.limetype,
        id: first.id,
        url: buildObjectUrl(
            settings.objectUrlTemplate,
            settings.applicationRoot,
            first.limetype,
            first.id
        ),
    };
    const name = await readDescriptive(http, first.limetype, first.id);
    return { kind: 'elsewhere', conversationId, owner: name ? { ...owner, name } : owner };
}

// The name only makes the message friendlier; without read access the limetype and id still identify it.
async function readDescriptive(
    http: HttpClient,
    limetype: string,
    id: number
): Promise<string | undefined> {
    try {
        const url = `api/v1/limeobject/${encodeURIComponent(limetype)}/${id}/`;
        const descriptive = readObject(await http.get(url), url)._descriptive;
        return typeof descriptive === 'string' && descriptive.trim() !== ''
            ? descriptive.trim()
            : undefined;
    } catch {
        return undefined;
    }
}
