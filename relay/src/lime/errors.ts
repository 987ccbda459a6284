import { LimeError, type LimeFailure } from '../errors.ts';

/**
 * The LimeError for each way a request to Lime can fail: what Lime answered (its status, its message,
 * Retry-After) decides the code and whether a retry can help; errors.ts decides what the relay answers.
 */

/** Builds the LimeError for an HTTP answer from Lime. */
export function limeErrorFromResponse(
    request: { method: string; path: string },
    status: number,
    body: unknown,
    retryAfterHeader: string | undefined
): LimeError {
    const where = `${request.method.toUpperCase()} ${request.path}`;
    const limeMessage = extractMessage(body);
    const said = limeMessage ? `: ${limeMessage}` : '';
    const failure = (retryable: boolean): LimeFailure => ({
        limeStatus: status,
        limeMessage,
        retryable,
        retryAfterMs: parseRetryAfter(retryAfterHeader),
        outcomeUnknown: false,
    });
    if (status === 429) {
        return new LimeError(
            'lime_rate_limited',
            `Lime's rate limit was reached (${where})`,
            failure(true),
            { retriesLater: true }
        );
    }
    if (status === 401) {
        return new LimeError(
            'lime_unauthorized',
            `Lime rejected the relay's Lime API key (401 on ${where}). Check the tenant's lime.apiKey.`,
            failure(false)
        );
    }
    if (status === 403) {
        return new LimeError(
            'lime_forbidden',
            `Lime denied the relay's API user access (403 on ${where})${said}.`,
            failure(false)
        );
    }
    if (status === 408 || status === 502 || status === 503 || status === 504) {
        return new LimeError(
            'lime_unavailable',
            `Lime is unavailable (${status} on ${where})`,
            failure(true),
            { retriesLater: true }
        );
    }
    if (status >= 500) {
        return new LimeError(
            'lime_error',
            `Lime failed (${status} on ${where})${said}.`,
            failure(true)
        );
    }
    return new LimeError(
        'lime_rejected',
        `Lime rejected the request (${status} on ${where})${said}.`,
        failure(false)
    );
}

/** Builds the LimeError for a request that got no answer. */
export function limeErrorFromNetwork(
    request: { method: string; path: string },
    reason: string,
    cause: unknown
): LimeError {
    const write = request.method.toUpperCase() !== 'GET';
    return new LimeError(
        'lime_unavailable',
        `Lime did not answer ${request.method.toUpperCase()} ${request.path} (${reason})`,
        { limeStatus: undefined, retryable: true, retryAfterMs: undefined, outcomeUnknown: write },
        { retriesLater: true, cause }
    );
}

/** Lime's error body is undocumented (docs/assumptions.md, L6): read `message` when present, else short text. */
function extractMessage(body: unknown): string | undefined {
    let text: string | undefined;
    if (typeof body === 'string') text = body;
    else if (body !== null && typeof body === 'object') {
        const message =
            (body as Record<string, unknown>).message ?? (body as Record<string, unknown>).error;
        text = typeof message === 'string' ? message : undefined;
    }
    if (!text) return undefined;
    const oneLine = text.replace(/\s+/g, ' ').trim();
    return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
    if (!value) return undefined;
    if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
