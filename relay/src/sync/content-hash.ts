import { createHash } from 'node:crypto';
import type { Conversation } from '../webhooks/conversation-schema.ts';

/**
 * The duplicate key of a delivery: a SHA-256 over the conversation id and its transcript, as received. A
 * delivery whose hash equals the one last written for its conversation is a repeat (a retry, a double
 * click, a repeated webhook) and writes nothing (product.md "Send the same conversation again").
 */
export function contentHash(conversation: Conversation): string {
    return createHash('sha256')
        .update(JSON.stringify({ id: conversation.id, transcript: conversation.transcript ?? [] }))
        .digest('hex');
}
