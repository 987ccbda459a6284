import { hash } from 'node:crypto';
import type { TenantConfig } from '../config/schema.ts';
import { RelayError } from '../errors.ts';
import { displayName } from '../mapping/display-text.ts';
import { selectInstance } from '../mapping/select-instance.ts';
import { renderTranscript } from '../mapping/transcript.ts';
import { TranscriptItemSchema, type Conversation } from '../conversation/conversation-schema.ts';
import { transcriptOptionsOf } from './note-values.ts';

/**
 * Keys of a transcript item that Userlike changes after the message was sent (read and delivery receipts:
 * `state` goes from "Delivered to contact" to "Read by contact"). They are not part of the transcript's
 * content, so a send that differs only in them is a repeat.
 */
const RECEIPT_KEYS = new Set(['marked_read_contact', 'marked_read_operator', 'state']);

/**
 * The duplicate key of a delivery (README, "Send again": a delivery whose transcript is identical to the one
 * last written is a repeat and writes nothing). It is a SHA-256 over the
 * transcript as the note shows it: the lines the conversation's instance renders (so a status event that
 * instance leaves out of its notes, such as the one Userlike adds when a conversation ends, changes
 * nothing) and the contact's name in the heading. When no instance matches the topic (the delivery will be
 * refused, or goes to an object connected in Lime), it is the transcript as received, without receipts.
 *
 * ASSUMPTION: a conversation connected in Lime to an object of another instance is written with that
 * instance's transcript options; its key still uses the topic's instance (or the raw transcript).
 */
export function contentHash(conversation: Conversation, tenant: TenantConfig): string {
    const instance = instanceOf(conversation, tenant);
    const content = instance
        ? {
              topic: instance.topic,
              contact: displayName(conversation.contact.name) ?? null,
              lines: renderTranscript(conversation, transcriptOptionsOf(tenant, instance)),
          }
        : {
              // Each item in the key order zod gives it (the schema's keys first), as when the hash was
              // computed on zod's output: the same item keeps the same hash.
              transcript: (conversation.transcript ?? []).map((item) =>
                  Object.fromEntries(
                      Object.entries(TranscriptItemSchema.parse(item)).filter(
                          ([key]) => !RECEIPT_KEYS.has(key)
                      )
                  )
              ),
          };
    return hash('sha256', JSON.stringify({ id: conversation.id, ...content }), 'hex');
}

function instanceOf(conversation: Conversation, tenant: TenantConfig) {
    try {
        return selectInstance(conversation, tenant);
    } catch (error) {
        if (error instanceof RelayError) return undefined;
        throw error;
    }
}
