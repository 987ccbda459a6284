import type { Logger } from 'pino';
import type { Delivery, DeliveryStore, Lease } from '../delivery/delivery-store.ts';
import type { AttemptFailure, ProcessHelpers, ProcessOutcome } from '../delivery/worker.ts';
import { ErasedError } from '../errors.ts';
import type { MediaPolicy } from '../media/download-media.ts';
import { enqueueMediaJobs, noteMediaFailure, processMediaJob } from '../media/media-jobs.ts';
import type { RelayMetrics } from '../ops/metrics.ts';
import { TenantNotConfiguredError, type TenantRuntime } from '../tenant-runtime.ts';
import { postConversationNote } from '../userlike/post-conversation-note.ts';
import { ConversationSchema } from '../conversation/conversation-schema.ts';
import { isConversation } from '../conversation/parse-conversation.ts';
import { sendConversation } from './send-conversation.ts';
import type { SyncContext } from './sync-context.ts';
import { answerOf, duplicateResult, toWrittenState, wasWrittenLater } from './written-state.ts';

/** What a written delivery records (and what a duplicate answers with). */
export interface DeliveryResult {
    url: string;
    limetype: string;
    objectId: number;
    duplicate?: boolean;
    /** Media files handed to background jobs (their deliveries have this delivery as parent). */
    mediaJobs?: number;
}

/**
 * Skew allowed between this machine's clock and Lime's `_createdtime` when looking for what an earlier
 * attempt wrote (recover-writes.ts).
 */
const CLOCK_SKEW_MS = 10 * 60_000;

/**
 * See processConversation: how close to the inline deadline a delivery counts as answered late (at most a
 * quarter of the deadline).
 */
const LATE_ANSWER_MARGIN_MS = 2_000;

export interface DeliveryProcessorOptions {
    store: DeliveryStore;
    tenants: ReadonlyMap<string, TenantRuntime>;
    logger: Logger;
    metrics: RelayMetrics;
    inlineDeadlineMs: number;
    /** TESTS ONLY: lets media come from the tests' local http server (see MediaPolicy.testOverride). */
    mediaTestOverride?: MediaPolicy['testOverride'];
    now?: () => Date;
}

/**
 * Runs one journaled job: a conversation delivery (written to Lime, then its media files handed to jobs of
 * their own) or a media import.
 */
export function createDeliveryProcessor(options: DeliveryProcessorOptions) {
    return async (lease: Lease, helpers: ProcessHelpers): Promise<ProcessOutcome> => {
        const { delivery } = lease;
        // An erased delivery is dead and never claimed again; should one reach a worker anyway, there is
        // nothing of it left to write, and it must not be written as an empty conversation.
        if (delivery.payload === null)
            throw new ErasedError(
                'The delivery was erased on request; nothing is written to Lime.'
            );
        const { tenant, context } = createSyncContext(options, delivery, helpers.signal);
        const { logger } = context;

        const state = await options.store.getConversation(delivery.tenant, delivery.conversationId);
        if (state?.lastHash === delivery.contentHash && state.result) {
            logger.info('Unchanged since it was last written: nothing new to write');
            options.metrics.deliveries.inc({ outcome: 'duplicate' });
            const result = duplicateResult(state.result);
            return { result, conversation: { lastHash: state.lastHash, result: state.result } };
        }
        if (delivery.kind === 'conversation' && wasWrittenLater(state?.result, delivery)) {
            // Only a redriven dead delivery runs after a later one of its conversation (the queue is FIFO
            // per conversation otherwise). Writing it would put an older transcript over a newer one
            // (perDay notes are replaced), and make the next unchanged send write again.
            logger.info(
                'A later delivery of this conversation was written already: nothing to write'
            );
            options.metrics.deliveries.inc({ outcome: 'duplicate' });
            return { result: { ...answerOf(state?.result), superseded: true } };
        }
        if (delivery.kind === 'media') {
            const result = await processMediaJob(context, delivery, {
                testOverride: options.mediaTestOverride,
            });
            options.metrics.deliveries.inc({ outcome: 'written' });
            return { result, conversation: { lastHash: delivery.contentHash, result } };
        }
        return processConversation(options, context, tenant, delivery, helpers);
    };
}

/**
 * The worker's `onFailure`: counts the outcome, and when a media file failed for good, writes a history note
 * on the object naming the file and the reason, so the Lime user sees what is missing. This covers every way
 * a job fails for good: a refusal a retry cannot fix, the attempt cap and the age cap.
 */
export function createFailureHandler(options: DeliveryProcessorOptions) {
    return async (delivery: Delivery, failure: AttemptFailure): Promise<void> => {
        options.metrics.deliveries.inc({
            outcome: failure.refused ? 'refused' : failure.final ? 'dead' : 'retry',
        });
        if (!failure.final || failure.refused || delivery.kind !== 'media') return;
        // Erased while it ran (its lease was revoked): a note would write the file's name back into Lime.
        if ((await options.store.get(delivery.id))?.erasedAt) return;
        const { context } = createSyncContext(options, delivery);
        await noteMediaFailure(context, delivery, failure);
    };
}

/** The sync context of one delivery: its tenant, and a Lime client that logs its id. */
function createSyncContext(
    options: DeliveryProcessorOptions,
    delivery: Delivery,
    signal?: AbortSignal
): { tenant: TenantRuntime; context: SyncContext } {
    const logger = options.logger.child({
        deliveryId: delivery.id,
        tenant: delivery.tenant,
        conversationId: delivery.conversationId,
    });
    // Resolved once: the delivery runs with this configuration to its end, whatever a reload changes.
    const tenant = options.tenants.get(delivery.tenant);
    if (!tenant) throw new TenantNotConfiguredError(delivery.tenant);
    const context: SyncContext = {
        tenantName: tenant.name,
        tenant: tenant.config,
        // Every Lime request of this delivery logs its id and stops when its lease is lost.
        lime: tenant.lime.withScope({ logger, signal }),
        catalog: tenant.catalog,
        logger,
        now: options.now ?? (() => new Date()),
        signal,
    };
    return { tenant, context };
}

async function processConversation(
    options: DeliveryProcessorOptions,
    context: SyncContext,
    tenant: TenantRuntime,
    delivery: Delivery,
    helpers: ProcessHelpers
): Promise<ProcessOutcome> {
    const { now } = context;
    const body: unknown = JSON.parse(delivery.payload ?? 'null');
    const conversation = isConversation(body) ? body : ConversationSchema.parse(body);
    const checkpoint = delivery.checkpoint as { since?: string } | null;
    const recoverSince = checkpoint?.since ? new Date(checkpoint.since) : undefined;
    if (!recoverSince)
        await helpers.saveCheckpoint({
            since: new Date(now().getTime() - CLOCK_SKEW_MS).toISOString(),
        });

    const sent = await sendConversation(context, conversation, { recoverSince });
    const mediaJobs = tenant.config.media.enabled
        ? await enqueueMediaJobs(options.store, delivery, conversation, sent)
        : 0;
    const result: DeliveryResult = {
        url: sent.url,
        limetype: sent.limetype,
        objectId: sent.objectId,
        ...(mediaJobs > 0 ? { mediaJobs } : {}),
    };
    options.metrics.deliveries.inc({ outcome: 'written' });

    // Userlike got 202 (no link) if this commits after the deadline. What runs between here and the commit
    // is not timed, so a delivery finishing just before the deadline counts as late too: a second link in
    // the conversation is better than none.
    const answeredLate =
        now().getTime() - delivery.createdAt.getTime() >
        options.inlineDeadlineMs - Math.min(LATE_ANSWER_MARGIN_MS, options.inlineDeadlineMs / 4);
    const { apiToken, apiBaseUrl } = tenant.config.userlike;
    if (answeredLate && apiToken) {
        try {
            await postConversationNote({
                apiBaseUrl,
                apiToken,
                conversationId: conversation.id,
                body: `Sent to Lime CRM: ${sent.url}`,
            });
            context.logger.info('Posted the Lime link into the Userlike conversation');
        } catch (error) {
            // The Lime write is done; a failed note must not make it run again.
            context.logger.warn(
                { err: { message: (error as Error).message } },
                'Could not post the Lime link into the Userlike conversation'
            );
        }
    }
    return {
        result,
        conversation: { lastHash: delivery.contentHash, result: toWrittenState(result, delivery) },
    };
}
