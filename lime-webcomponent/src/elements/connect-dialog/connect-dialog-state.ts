/**
 * The connect prompt's state, as one union: every combination the dialog can be in is a case here, and
 * nothing else (no loose flags that could disagree, like "connecting" and "refused" at once).
 */

/** What the prompt says under the input after an attempt that connected nothing. */
export type Refusal =
    /** Sentences (our reason, then Lime's own message when it gave one). */
    | { kind: 'text'; lines: string[] }
    /** Connected elsewhere: the sentence and a link to that object. */
    | { kind: 'owner'; text: string; linkText: string; url: string };

export type DialogState =
    /** Typing; `problem` is the validation message of the last submit, if it was refused before any request. */
    | { step: 'editing'; value: string; problem: string | null; refusal: Refusal | null }
    /** A connect is under way for `conversationId`; a second submit is ignored. */
    | { step: 'connecting'; value: string; conversationId: number }
    /** Lime or the one-object rule refused; the typed value is kept for a correction. */
    | { step: 'refused'; value: string; refusal: Refusal };

/** The state of a freshly opened prompt. */
export const INITIAL_STATE: DialogState = {
    step: 'editing',
    value: '',
    problem: null,
    refusal: null,
};

/**
 * The user typed: the value changes, and nothing else. A refusal or validation message stays until the
 * next submit replaces it, so the layout does not move under a click that follows the typing (a message
 * removed on the input's debounced change event used to shift the Connect button away from the pointer).
 */
export function withValue(state: DialogState, value: string): DialogState {
    if (state.step === 'connecting') {
        return state;
    }
    return state.step === 'refused'
        ? { step: 'editing', value, problem: null, refusal: state.refusal }
        : { ...state, value };
}
