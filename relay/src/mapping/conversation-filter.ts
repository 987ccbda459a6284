import type { InstanceConfig, SendFilter } from '../config/schema.ts';
import { RelayError } from '../errors.ts';
import type { Conversation } from '../conversation/conversation-schema.ts';
import { readTopics } from './read-topics.ts';

/** 422: the instance's send filter excludes the conversation; nothing is written. */
export class FilteredConversationError extends RelayError {
    constructor(message: string) {
        super(422, 'filtered', message);
    }
}

const normalise = (text: string): string => text.trim().toLowerCase();

/**
 * The conversation's tags. ASSUMPTION (docs/assumptions.md, U7; Userlike does not document tags in its
 * payloads): a top-level `tags` array whose items are strings or objects with a `name` (or `text`)
 * string; anything else there is ignored.
 */
export function readTags(conversation: Conversation): string[] {
    const tags = (conversation as Record<string, unknown>).tags;
    if (!Array.isArray(tags)) return [];
    const names: string[] = [];
    for (const tag of tags) {
        const name =
            typeof tag === 'string'
                ? tag
                : tag !== null && typeof tag === 'object'
                  ? ((tag as { name?: unknown }).name ?? (tag as { text?: unknown }).text)
                  : undefined;
        if (typeof name === 'string' && name.trim()) names.push(name.trim());
    }
    return names;
}

/**
 * Why the instance's send filter excludes the conversation (a message naming the rule), or undefined when
 * it is sent. Topics and tags are compared case-insensitively. `acceptOnly` sends a conversation that has
 * at least one of the filter's topics or tags; `reject` sends one that has none of them.
 */
export function explainFiltered(
    conversation: Conversation,
    instance: InstanceConfig
): string | undefined {
    const filter = instance.filter;
    if (!filter) return undefined;
    const topics = readTopics(conversation);
    const tags = readTags(conversation);
    const hits = [
        ...matching(filter.topics, topics).map((topic) => `topic "${topic}"`),
        ...matching(filter.tags, tags).map((tag) => `tag "${tag}"`),
    ];
    const where = `instance "${instance.topic}"`;
    if (filter.mode === 'reject' && hits.length > 0) {
        return `Not sent: the send filter of ${where} rejects conversations with ${describeRule(filter)}, and this conversation has ${hits.join(', ')}. Nothing was written.`;
    }
    if (filter.mode === 'acceptOnly' && hits.length === 0) {
        const has = [
            topics.length > 0 ? `topics ${quote(topics)}` : 'no topic',
            tags.length > 0 ? `tags ${quote(tags)}` : 'no tag',
        ].join(' and ');
        return `Not sent: the send filter of ${where} accepts only conversations with ${describeRule(filter)}; this conversation has ${has}. Nothing was written.`;
    }
    return undefined;
}

/** Throws FilteredConversationError (422 `filtered`) when the instance's send filter excludes the conversation. */
export function requireNotFiltered(conversation: Conversation, instance: InstanceConfig): void {
    const reason = explainFiltered(conversation, instance);
    if (reason) throw new FilteredConversationError(reason);
}

function matching(wanted: readonly string[], present: readonly string[]): string[] {
    const set = new Set(wanted.map(normalise));
    return present.filter((value) => set.has(normalise(value)));
}

function describeRule(filter: SendFilter): string {
    const parts = [
        filter.topics.length > 0 ? `topic ${quote(filter.topics, ' or ')}` : '',
        filter.tags.length > 0 ? `tag ${quote(filter.tags, ' or ')}` : '',
    ].filter(Boolean);
    return parts.join(' or ');
}

function quote(values: readonly string[], separator = ', '): string {
    return values.map((value) => `"${value}"`).join(separator);
}
