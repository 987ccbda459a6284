import type { Logger } from 'pino';
import type { Delivery, DeliveryStore } from '../delivery/delivery-store.ts';
import type { DeliveryWorker } from '../delivery/worker.ts';
import type { RelayMetrics } from '../ops/metrics.ts';
import { parseStoredError } from '../sync/classify-error.ts';
import { contentHash } from '../sync/content-hash.ts';
import { duplicateResult } from '../sync/written-state.ts';
import type { TenantRuntime } from '../tenant-runtime.ts';
import type { Conversation } from '../conversation/conversation-schema.ts';

export interface Answer {
    status: number;
    body: unknown;
}

/**
 * Journal first, then answer (issue "durable delivery"): the delivery is committed to the store before
 * any Lime call and before any 2xx. If the worker writes it within the deadline the answer is
 * `200 {url}`; if not (Lime slow, down or rate-limited) it is `202 {status: "queued", id}` and the work
 * goes on in the background. A delivery that failed for good answers with its stored error.
 */
export function createDeliveryAcceptor(options: {
    store: DeliveryStore;
    worker: DeliveryWorker;
    inlineDeadlineMs: number;
    metrics: RelayMetrics;
}) {
    return async (
        tenant: TenantRuntime,
        conversation: Conversation,
        payload: string,
        log: Logger
    ): Promise<Answer> => {
        const conversationId = conversation.id;
        const delivery = await options.store.enqueue({
            tenant: tenant.name,
            conversationId: String(conversationId),
            contentHash: contentHash(conversation, tenant.config),
            payload,
            // A repeat of what was last written, with nothing of its conversation pending, is journaled as
            // done with the same link: no Lime request, and no round through the worker.
            resultIfUnchanged: duplicateResult,
        });
        let final: Delivery | null = delivery;
        if (delivery.status === 'done') {
            options.metrics.deliveries.inc({ outcome: 'duplicate' });
        } else {
            // A repeat answered from the journal logs one line (below); one that waits for the worker also
            // logs that it was journaled, in case the answer never comes.
            log.info(
                { conversationId, deliveryId: delivery.id, status: delivery.status },
                'Delivery journaled'
            );
            options.worker.wake();
            // null: the deadline passed, or the worker stopped (SIGTERM) — it may have finished the
            // delivery while draining, so the journal has the last word. It is journaled whatever happens
            // now, so a failed read (the store closing on SIGTERM, a database blip) still answers "queued",
            // never 5xx.
            final =
                (await options.worker.waitFor(delivery.id, options.inlineDeadlineMs)) ??
                (await options.store.get(delivery.id).catch(() => null));
        }
        const answer = toAnswer(
            delivery.id,
            final && ['done', 'dead', 'refused'].includes(final.status) ? final : null
        );
        options.metrics.answers.inc({ tenant: tenant.name, status: String(answer.status) });
        log.info(
            {
                conversationId,
                deliveryId: delivery.id,
                status: answer.status,
                ...(delivery.status === 'done' ? { duplicate: true } : {}),
            },
            'Answered'
        );
        return answer;
    };
}

function toAnswer(id: string, final: Awaited<ReturnType<DeliveryWorker['waitFor']>>): Answer {
    if (!final) return { status: 202, body: { status: 'queued', id } };
    if (final.status === 'done')
        return { status: 200, body: { url: (final.result as { url: string }).url } };
    const error = parseStoredError(final.lastError);
    return {
        status: error.status,
        body: { error: { code: error.code, message: error.message, deliveryId: id } },
    };
}
