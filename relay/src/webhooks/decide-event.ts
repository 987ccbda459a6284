import type { TenantConfig } from '../config/schema.ts';
import { InvalidPayloadError, RelayError } from '../errors.ts';
import { explainFiltered } from '../mapping/conversation-filter.ts';
import { selectInstance } from '../mapping/select-instance.ts';
import type { Conversation } from '../conversation/conversation-schema.ts';
import { readConversation } from '../conversation/parse-conversation.ts';

/** What to do with an API add-on event: send its conversation, or acknowledge it and store nothing. */
export type EventDecision =
    { action: 'send'; conversation: Conversation } | { action: 'ignore'; reason: string };

/**
 * The events that end a conversation (Userlike's API add-on event catalogue,
 * https://docs.userlike.com/developers/api/add-on): `conversation/ended` and `chat_session/end`.
 */
const ENDING_EVENTS = new Set(['conversation/ended', 'chat_session/end']);

/**
 * Decides whether a Userlike API add-on event sends a conversation (instance option `autoSend`). Only
 * the ending events do, only with a whole conversation in the payload, and only for an instance that
 * sends automatically and whose send filter lets the conversation through. The instance is the one the
 * conversation's topic (or its widget's default topic) selects.
 *
 * ASSUMPTION (docs/assumptions.md, U3: the event bodies are not documented publicly): a `chat_session/end`
 * event carries the same conversation object as `conversation/ended` (an `id`, a `contact` and the
 * `transcript`). One that does not is acknowledged as ignored, naming what is missing, and nothing is
 * sent; the operator can still send the conversation by hand.
 *
 * @throws InvalidPayloadError when the body is not a JSON object
 */
export function decideEvent(tenant: TenantConfig, body: unknown): EventDecision {
    if (body === null || typeof body !== 'object' || Array.isArray(body))
        throw new InvalidPayloadError('The body is not a Userlike event: expected a JSON object.');
    const { _type: type, _event: event } = body as { _type?: unknown; _event?: unknown };
    const name = `${typeof type === 'string' ? type : '?'}/${typeof event === 'string' ? event : '?'}`;
    if (!ENDING_EVENTS.has(name)) {
        return {
            action: 'ignore',
            reason: `The event ${name} does not send conversations; only conversation/ended and chat_session/end do.`,
        };
    }
    const conversation = readConversation(body);
    if (!conversation) {
        return {
            action: 'ignore',
            reason: `The ${name} event carries no whole conversation (a numeric id and a contact object); nothing was sent.`,
        };
    }
    if (!Array.isArray(conversation.transcript)) {
        return {
            action: 'ignore',
            reason: `The ${name} event carries no transcript; nothing was sent.`,
        };
    }
    let instance;
    try {
        instance = selectInstance(conversation, tenant);
    } catch (error) {
        if (!(error instanceof RelayError)) throw error;
        return { action: 'ignore', reason: error.message };
    }
    if (!instance.autoSend) {
        return {
            action: 'ignore',
            reason: `Instance "${instance.topic}" does not send automatically (autoSend is off).`,
        };
    }
    const filtered = explainFiltered(conversation, instance);
    if (filtered) return { action: 'ignore', reason: filtered };
    return { action: 'send', conversation };
}
