import type { Delivery, DeliveryStore, EnqueueInput } from './delivery-store.ts';
import type { DeliveryLogger, DeliveryWorker } from './worker-types.ts';

/** A delivery to accept: what the journal stores of one received conversation. */
export type DeliveryRequest = Pick<
    EnqueueInput,
    'tenant' | 'conversationId' | 'contentHash' | 'payload'
>;

/**
 * How an accepted delivery stands when it is answered. Every route renders it in its own way (the webhook
 * as 200/202/4xx/5xx, the event route as a 200 with a status).
 * - `written`: done, with the worker's result; `unchanged` when it repeated what was last written and was
 *   journaled as done at once, without running;
 * - `queued`: journaled, not finished within the deadline; it goes on in the background;
 * - `failed`: dead-lettered, with its last error;
 * - `refused`: not one to send (no matching topic, filtered out), with the reason.
 */
export type AcceptOutcome =
    | { kind: 'written'; id: string; result: unknown; unchanged: boolean }
    | { kind: 'queued'; id: string }
    | { kind: 'failed'; id: string; error: Delivery['lastError'] }
    | { kind: 'refused'; id: string; error: Delivery['lastError'] };

export type DeliveryAcceptor = (
    request: DeliveryRequest,
    log: DeliveryLogger
) => Promise<AcceptOutcome>;

/**
 * Journal first, then answer: the delivery is committed to the store before anything is written anywhere
 * and before it is acknowledged. If the worker finishes it within `inlineDeadlineMs` the outcome is final
 * (written, failed, refused); otherwise it is `queued` and the work goes on in the background.
 */
export function createDeliveryAcceptor(options: {
    store: DeliveryStore;
    worker: Pick<DeliveryWorker, 'wake' | 'waitFor'>;
    inlineDeadlineMs: number;
    /**
     * The result of a repeat of what was last written (EnqueueInput.resultIfUnchanged): such a delivery is
     * journaled as done at once, with no round through the worker. Without it, every delivery runs.
     */
    resultIfUnchanged?: EnqueueInput['resultIfUnchanged'];
}): DeliveryAcceptor {
    return async (request, log) => {
        const delivery = await options.store.enqueue({
            ...request,
            resultIfUnchanged: options.resultIfUnchanged,
        });
        if (delivery.status === 'done')
            return { kind: 'written', id: delivery.id, result: delivery.result, unchanged: true };
        // A repeat answered from the journal logs nothing here; one that waits for the worker logs that it
        // was journaled, in case the answer never comes.
        log.info(
            {
                conversationId: request.conversationId,
                deliveryId: delivery.id,
                status: delivery.status,
            },
            'Delivery journaled'
        );
        options.worker.wake();
        // null: the deadline passed, or the worker stopped (SIGTERM) — it may have finished the delivery
        // while draining, so the journal has the last word. It is journaled whatever happens now, so a
        // failed read (the store closing on SIGTERM, a database blip) still answers "queued", never 5xx.
        const final =
            (await options.worker.waitFor(delivery.id, options.inlineDeadlineMs)) ??
            (await options.store.get(delivery.id).catch(() => null));
        return outcomeOf(delivery.id, final);
    };
}

function outcomeOf(id: string, final: Delivery | null): AcceptOutcome {
    switch (final?.status) {
        case 'done':
            return { kind: 'written', id, result: final.result, unchanged: false };
        case 'dead':
            return { kind: 'failed', id, error: final.lastError };
        case 'refused':
            return { kind: 'refused', id, error: final.lastError };
        default:
            return { kind: 'queued', id };
    }
}
