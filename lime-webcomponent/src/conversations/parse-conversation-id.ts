/** Why a typed conversation ID was refused. */
export type ConversationIdProblem = 'empty' | 'not-digits' | 'zero' | 'too-large';

/** The outcome of {@link parseConversationId}. */
export type ParsedConversationId =
    { ok: true; id: number } | { ok: false; problem: ConversationIdProblem };

// `ulconversation.conversationid` is an integer field in Lime Chat's model. Lime's integer is assumed to be
// 32-bit signed like SQL Server's `int` (docs/assumptions.md W14); a bigger number could not be stored.
const MAX_CONVERSATION_ID = 2_147_483_647;

/**
 * Parses what a user typed as a Userlike conversation ID: trimmed, digits only, a positive integer.
 *
 * @example parseConversationId(' 5550001 ') // { ok: true, id: 5550001 }
 */
export function parseConversationId(input: string): ParsedConversationId {
    const trimmed = input.trim();
    if (trimmed === '') {
        return { ok: false, problem: 'empty' };
    }
    if (!/^[0-9]+$/.test(trimmed)) {
        return { ok: false, problem: 'not-digits' };
    }
    const id = Number(trimmed);
    if (id > MAX_CONVERSATION_ID) {
        return { ok: false, problem: 'too-large' };
    }
    if (id === 0) {
        // "0" and "000" are digits but never a Userlike conversation.
        return { ok: false, problem: 'zero' };
    }
    return { ok: true, id };
}
