import type { AcceptOutcome } from '../delivery/accept-delivery.ts';
import { errorAnswer, type ErrorReport } from '../errors.ts';

/** An HTTP answer: its status and JSON body. */
export interface Answer {
    status: number;
    body: unknown;
}

/**
 * The webhook's answer to Userlike's Lime add-on: `200 {url}` once written, `202 {status: "queued", id}`
 * while the work goes on in the background, and for a delivery that failed for good or was refused, the
 * status and `{"error": {code, message, deliveryId}}` of its last error.
 */
export function answerOf(outcome: AcceptOutcome): Answer {
    switch (outcome.kind) {
        case 'written':
            return { status: 200, body: { url: (outcome.result as { url: string }).url } };
        case 'queued':
            return { status: 202, body: { status: 'queued', id: outcome.id } };
        case 'failed':
        case 'refused':
            return errorAnswer(outcome.error ?? UNRECORDED, { deliveryId: outcome.id });
    }
}

/** A final delivery always has a last error; should one have none, this is what is answered. */
const UNRECORDED: ErrorReport = {
    status: 500,
    code: 'internal_error',
    message: 'The delivery failed.',
    retryable: false,
};

/**
 * The event route's answer: always 200 once the event is accepted (Userlike's webhooks only need a 200),
 * `{status: "sent", url}`, `{status: "queued", id}`, or `{status: "failed", error}` (the delivery is
 * journaled and visible to the administrator; a refused one too).
 */
export function eventAnswerOf(outcome: AcceptOutcome): Answer {
    const answer = answerOf(outcome);
    const body = answer.body as Record<string, unknown>;
    if (outcome.kind === 'written') return { status: 200, body: { status: 'sent', url: body.url } };
    if (outcome.kind === 'queued')
        return { status: 200, body: { status: 'queued', id: outcome.id } };
    return { status: 200, body: { status: 'failed', error: body.error } };
}
