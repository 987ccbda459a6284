import { createHash } from 'node:crypto';
import type { Conversation } from '../webhooks/conversation-schema.ts';

/**
 * Keys of a transcript item that Userlike changes after the message was sent (read and delivery receipts:
 * `state` goes from "Delivered to contact" to "Read by contact"). They are not part of the transcript's
 * content, so a send that differs only in them is a repeat.
 */
const RECEIPT_KEYS = new Set(['marked_read_contact', 'marked_read_operator', 'state']);

/**
 * The duplicate key of a delivery: a SHA-256 over the conversation id and its transcript, as received but
 * without the read and delivery receipts. A delivery whose hash equals the one last written for its
 * conversation is a repeat (a retry, a double click, a repeated webhook, a send after the contact read
 * the answer) and writes nothing (product.md "Send the same conversation again").
 */
export function contentHash(conversation: Conversation): string {
    const transcript = (conversation.transcript ?? []).map((item) =>
        Object.fromEntries(Object.entries(item).filter(([key]) => !RECEIPT_KEYS.has(key)))
    );
    return createHash('sha256')
        .update(JSON.stringify({ id: conversation.id, transcript }))
        .digest('hex');
}
