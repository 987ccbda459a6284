import type { Delivery, DeliveryStore } from '../delivery/delivery-store.ts';
import type { AttemptFailure } from '../delivery/worker.ts';
import { describeError } from '../errors.ts';
import type { SendResult } from '../sync/send-conversation.ts';
import { historyRelationOf, type SyncContext } from '../sync/sync-context.ts';
import type { Conversation } from '../conversation/conversation-schema.ts';
import type { MediaPolicy } from './download-media.ts';
import { findMediaItems } from './find-media-items.ts';
import { importMedia, writeMediaFailureNote, type MediaJob } from './import-media.ts';

/**
 * The ordering key of a media job: one job per message at a time, apart from the conversation's deliveries.
 * It starts with the conversation's id and `/`, which is how an erase of the conversation finds its jobs
 * (delivery-store-shared.ts, jobKeyRange).
 */
const mediaKey = (conversationId: number, messageId: string): string =>
    `${conversationId}/media/${messageId}`;
const mediaHash = (messageId: string): string => `media:${messageId}`;

/**
 * Hands each media file of a written conversation to a background job of its own (journaled like a
 * delivery, so it is retried and survives restarts), skipping files whose job already completed. Resolves
 * with the number of jobs queued.
 */
export async function enqueueMediaJobs(
    store: DeliveryStore,
    delivery: Delivery,
    conversation: Conversation,
    sent: SendResult
): Promise<number> {
    let queued = 0;
    for (const item of findMediaItems(conversation)) {
        const key = mediaKey(conversation.id, item.messageId);
        const state = await store.getConversation(delivery.tenant, key);
        if (state?.lastHash === mediaHash(item.messageId)) continue; // imported by an earlier send
        const job: MediaJob = {
            conversationId: conversation.id,
            messageId: item.messageId,
            url: item.url,
            fileName: item.fileName,
            contentType: item.contentType,
            limetype: sent.limetype,
            objectId: sent.objectId,
            documentRelation: sent.instance.documentRelation ?? sent.limetype,
            personId: sent.personId,
            historyType: sent.instance.historyType,
            historyRelation: historyRelationOf(sent.instance),
        };
        const enqueued = await store.enqueue({
            tenant: delivery.tenant,
            conversationId: key,
            contentHash: mediaHash(item.messageId),
            payload: JSON.stringify(job),
            kind: 'media',
            parentId: delivery.id,
        });
        // A job still pending from an earlier send takes this one in: it is that send's, not this one's.
        if (enqueued.created) queued++;
    }
    return queued;
}

/** Imports one media file (a failure that is final is noted on the object by `noteMediaFailure`). */
export async function processMediaJob(
    context: SyncContext,
    delivery: Delivery,
    options: { testOverride?: MediaPolicy['testOverride'] }
): Promise<{ documentId: number; alreadyImported: boolean }> {
    const job = JSON.parse(delivery.payload ?? 'null') as MediaJob;
    const settings = context.tenant.media;
    const policy: MediaPolicy = {
        allowedHosts: settings.allowedHosts,
        maxBytes: settings.maxBytes,
        timeoutMs: settings.timeoutMs,
        maxRedirects: settings.maxRedirects,
        resolve: settings.resolve,
        headers:
            settings.sendUserlikeToken && context.tenant.userlike.apiToken
                ? { authorization: context.tenant.userlike.apiToken }
                : undefined,
        testOverride: options.testOverride,
    };
    return importMedia(context, job, settings.document, policy);
}

/**
 * A media job failed for good (the worker is about to dead-letter it): a history note on the object names
 * the file and the reason, so the Lime user sees what is missing. When the note cannot be written either,
 * that is logged; the job's own error stays its `lastError`.
 */
export async function noteMediaFailure(
    context: SyncContext,
    delivery: Delivery,
    failure: AttemptFailure
): Promise<void> {
    const job = JSON.parse(delivery.payload ?? 'null') as MediaJob;
    const reason =
        failure.error === undefined
            ? 'the import did not finish in time on any attempt'
            : describeError(failure.error).message;
    try {
        await writeMediaFailureNote(context, job, reason, job.historyType, job.historyRelation);
        context.logger.warn(
            { messageId: job.messageId },
            'A media file could not be imported; a note on the object says so'
        );
    } catch (noteError) {
        context.logger.warn(
            { messageId: job.messageId, noteError: describeError(noteError).message },
            'A media file could not be imported, and the note saying so could not be written'
        );
    }
}
