import type { ErrorClassification } from '../delivery/worker.ts';
import { isRetryable, LimeError, NoMatchingInstanceError } from '../errors.ts';
import { FilteredConversationError } from '../mapping/conversation-filter.ts';
import { TenantNotConfiguredError } from '../tenant-runtime.ts';

/** How soon a delivery handed back for a tenant that is not configured may be claimed again (by anyone). */
const RELEASE_DELAY_MS = 1_000;

/**
 * Retry, dead-letter, refuse or hand back: Lime being slow, down or rate-limited is retried (no sooner than
 * its Retry-After); a conversation that is not one to send (422: no matching instance, or an instance's
 * send filter excludes it) is refused, which is an outcome and not a failure; a failure a retry cannot fix
 * — a 4xx from Lime, a conflict, a configuration that does not fit the data model — dead-letters at once,
 * keeping the message; a delivery whose tenant is not configured is handed back. Anything unexpected is
 * retried, bounded by the attempt and age caps.
 */
export function classifyError(error: unknown): ErrorClassification {
    // Not the delivery's failure: it waits (unclaimed) until its tenant is configured again.
    if (error instanceof TenantNotConfiguredError)
        return { kind: 'release', retryAfterMs: RELEASE_DELAY_MS };
    if (error instanceof NoMatchingInstanceError || error instanceof FilteredConversationError)
        return { kind: 'refuse' };
    if (!isRetryable(error)) return { kind: 'fatal' };
    return error instanceof LimeError && error.retryAfterMs !== undefined
        ? { kind: 'retry', retryAfterMs: error.retryAfterMs }
        : { kind: 'retry' };
}
