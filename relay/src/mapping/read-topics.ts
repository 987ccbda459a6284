import type { Conversation } from '../conversation/conversation-schema.ts';

/** The conversation's topic texts, trimmed, without empty ones, in the payload's order. */
export function readTopics(conversation: Conversation): string[] {
    return (conversation.topics ?? [])
        .map((topic) => topic.text?.trim() ?? '')
        .filter((text) => text !== '');
}
