import type { Delivery } from '../delivery/delivery-store.ts';

/**
 * What the journal keeps per conversation once a delivery wrote it (the conversation state's `result`): the
 * answer for a repeat (the link to the object), and when the delivery that wrote it was received, so that
 * an older delivery redriven later is not written over it.
 */
export interface WrittenState {
    url: string;
    limetype: string;
    objectId: number;
    receivedAt?: string;
}

/** The state to keep after `delivery` wrote the conversation with this answer. */
export function toWrittenState(
    answer: { url: string; limetype: string; objectId: number },
    delivery: Delivery
): WrittenState {
    const { url, limetype, objectId } = answer;
    return { url, limetype, objectId, receivedAt: delivery.createdAt.toISOString() };
}

/** The answer part of a stored state: the link, without what belonged to the delivery that wrote it. */
export function answerOf(written: unknown): Omit<WrittenState, 'receivedAt'> {
    const { url, limetype, objectId } = (written ?? {}) as WrittenState;
    return { url, limetype, objectId };
}

/** The result of a delivery that repeats what was last written: the same link, marked as a duplicate. */
export function duplicateResult(written: unknown): Record<string, unknown> {
    return { ...answerOf(written), duplicate: true };
}

/** Whether a delivery received after this one already wrote the conversation. */
export function wasWrittenLater(written: unknown, delivery: Delivery): boolean {
    const receivedAt = (written as WrittenState | null)?.receivedAt;
    return receivedAt !== undefined && Date.parse(receivedAt) > delivery.createdAt.getTime();
}
