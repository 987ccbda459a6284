import { RelayError } from '../errors.ts';

/** What went wrong when talking to Lime, for the retry policy and the operator's message. */
export interface LimeFailure {
    /** Lime's HTTP status, or undefined when no answer came (network error, timeout). */
    limeStatus: number | undefined;
    /** Whether trying again later can succeed. */
    retryable: boolean;
    /** Lime asked to wait this long (Retry-After), in milliseconds. */
    retryAfterMs: number | undefined;
    /** A write whose answer never came may or may not have been applied. */
    outcomeUnknown: boolean;
}

/**
 * Lime failed or refused a request. The message names the method and path (never the query string, which
 * can hold an email address) and Lime's own message, shortened; the API key never appears.
 */
export class LimeError extends RelayError implements LimeFailure {
    readonly limeStatus: number | undefined;
    readonly retryable: boolean;
    readonly retryAfterMs: number | undefined;
    readonly outcomeUnknown: boolean;

    constructor(
        status: number,
        code: string,
        message: string,
        failure: LimeFailure,
        cause?: unknown
    ) {
        super(status, code, message, { cause });
        this.limeStatus = failure.limeStatus;
        this.retryable = failure.retryable;
        this.retryAfterMs = failure.retryAfterMs;
        this.outcomeUnknown = failure.outcomeUnknown;
    }
}

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
    const retryAfterMs = parseRetryAfter(retryAfterHeader);
    const failure = (retryable: boolean): LimeFailure => ({
        limeStatus: status,
        retryable,
        retryAfterMs,
        outcomeUnknown: false,
    });
    if (status === 429) {
        return new LimeError(
            503,
            'lime_rate_limited',
            `Lime's rate limit was reached (${where}); the relay retries later.`,
            failure(true)
        );
    }
    if (status === 401) {
        return new LimeError(
            502,
            'lime_unauthorized',
            `Lime rejected the relay's Lime API key (401 on ${where}). Check the tenant's lime.apiKey.`,
            failure(false)
        );
    }
    if (status === 403) {
        return new LimeError(
            502,
            'lime_forbidden',
            `Lime denied the relay's API user access (403 on ${where})${said}.`,
            failure(false)
        );
    }
    if (status === 408 || status === 502 || status === 503 || status === 504) {
        return new LimeError(
            503,
            'lime_unavailable',
            `Lime is unavailable (${status} on ${where}); the relay retries later.`,
            failure(true)
        );
    }
    if (status >= 500) {
        return new LimeError(
            502,
            'lime_error',
            `Lime failed (${status} on ${where})${said}.`,
            failure(true)
        );
    }
    return new LimeError(
        502,
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
        503,
        'lime_unavailable',
        `Lime did not answer ${request.method.toUpperCase()} ${request.path} (${reason}); the relay retries later.`,
        { limeStatus: undefined, retryable: true, retryAfterMs: undefined, outcomeUnknown: write },
        cause
    );
}

/** Lime's error body is undocumented (lime-crm.md §1.10): read `message` when present, else short text. */
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
