import type { ErrorClassification } from '../delivery/worker.ts';
import { describeError, isRetryable, LimeError, NoMatchingInstanceError } from '../errors.ts';
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

/** `<status> <code>: <message>`, possibly behind the worker's "gave up after N attempts; last error: ". */
const STORED_ERROR = /(?:^|last error: )(\d{3}) ([a-z_]+): ([\s\S]*)$/;

/** The text kept as a delivery's last error: `422 no_matching_instance: <message>`. */
export function describeErrorAsText(error: unknown): string {
    const report = describeError(error);
    return `${report.status} ${report.code}: ${report.message}`;
}

/** Reads a stored last error back into the answer the operator gets. */
export function parseStoredError(text: string | null): {
    status: number;
    code: string;
    message: string;
} {
    const match = STORED_ERROR.exec(text ?? '');
    if (!match)
        return { status: 500, code: 'internal_error', message: text ?? 'The delivery failed.' };
    return { status: Number(match[1]), code: match[2] as string, message: match[3] as string };
}
