import { ZodError } from 'zod';

/**
 * The relay's error vocabulary, at the bottom of the module graph so that every layer raises and reads the
 * same errors. Each error carries a stable `code`, a message that is safe to show to the Userlike operator
 * (no secrets, no message bodies) and says what to do, whether trying again later can help, and, for an
 * error of Lime or a media host, what that remote system answered. `describeError` is the one place where an
 * error becomes the relay's answer: its HTTP status and `{"error": {"code", "message"}}` (`errorAnswer`);
 * the journal keeps the same report as a delivery's last error.
 */
export class RelayError extends Error {
    /** The relay's HTTP status for this error. */
    readonly status: number;
    readonly code: string;
    /** Whether trying again later can succeed (Lime slow or down, a media host's 5xx). */
    readonly retryable: boolean;

    constructor(
        status: number,
        code: string,
        message: string,
        options?: { cause?: unknown; retryable?: boolean }
    ) {
        super(message, options);
        this.name = new.target.name;
        this.status = status;
        this.code = code;
        this.retryable = options?.retryable ?? false;
    }
}

/** 400: the payload is not a conversation we can read. */
export class InvalidPayloadError extends RelayError {
    constructor(message: string) {
        super(400, 'invalid_payload', message);
    }
}

/** 401: unknown tenant or wrong key; deliberately says nothing about which. */
export class UnauthorizedError extends RelayError {
    constructor() {
        super(
            401,
            'unauthorized',
            'Missing or wrong API key: send the relay key in the x-api-key header.'
        );
    }
}

/** 422: the conversation cannot be routed to any configured instance. */
export class NoMatchingInstanceError extends RelayError {
    constructor(message: string) {
        super(422, 'no_matching_instance', message);
    }
}

/** 409: Lime holds several conversation records for one conversation; nothing is written. */
export class ConversationConflictError extends RelayError {
    constructor(message: string) {
        super(409, 'conversation_conflict', message);
    }
}

/** 500: the relay's configuration does not fit the Lime data model (found while sending). */
export class ConfigurationError extends RelayError {
    constructor(message: string) {
        super(500, 'configuration_error', message);
    }
}

/**
 * 410: the delivery's personal data was erased on request (`POST /admin/erase`); it is not written to
 * Lime. Also the last error an erase records on the deliveries it stops.
 */
export class ErasedError extends RelayError {
    constructor(message: string) {
        super(410, 'erased', message);
    }
}

/**
 * 500: a delivery's writes need a limetype, property, relation or option key that Lime does not have. Found
 * before the first write, so nothing was written; the delivery can be retried once the configuration or
 * Lime's data model is fixed.
 */
export class ConfigurationMismatchError extends RelayError {
    readonly problems: readonly string[];

    constructor(problems: readonly string[]) {
        super(
            500,
            'configuration_mismatch',
            `The relay's configuration does not fit Lime, so nothing was written: ${problems.join('; ')}. ` +
                'Fix the configuration or Lime (npm run check-config lists every problem), then retry the delivery.'
        );
        this.problems = problems;
    }
}

/** What Lime answered (or that it did not), as a LimeError keeps it. */
export interface LimeFailure {
    /** Lime's HTTP status, or undefined when no answer came (network error, timeout). */
    limeStatus: number | undefined;
    /** Lime's own message (one line, shortened), when its answer had one. */
    limeMessage?: string;
    /** Whether trying again later can succeed. */
    retryable: boolean;
    /** Lime asked to wait this long (Retry-After), in milliseconds. */
    retryAfterMs: number | undefined;
    /** A write whose answer never came may or may not have been applied. */
    outcomeUnknown: boolean;
}

/** Lime's answers (and no answer at all) that mean Lime cannot take the request now: the relay answers 503. */
const LIME_UNAVAILABLE = new Set([undefined, 408, 429, 502, 503, 504]);

/**
 * Lime failed or refused a request (lime/errors.ts builds it from Lime's answer). The message names the
 * method and path (never the query string, which can hold an email address) and Lime's own message,
 * shortened; the API key never appears. The relay answers 503 when Lime is unavailable or rate-limited
 * (Userlike may try again), 502 for any other failure or refusal of Lime's.
 */
export class LimeError extends RelayError implements LimeFailure {
    readonly limeStatus: number | undefined;
    readonly limeMessage: string | undefined;
    readonly retryAfterMs: number | undefined;
    readonly outcomeUnknown: boolean;
    /** What happened: the message without what the relay does about it (`; the relay retries later.`). */
    readonly summary: string;

    constructor(
        code: string,
        summary: string,
        failure: LimeFailure,
        options: { retriesLater?: boolean; cause?: unknown } = {}
    ) {
        const message = options.retriesLater ? `${summary}; the relay retries later.` : summary;
        super(LIME_UNAVAILABLE.has(failure.limeStatus) ? 503 : 502, code, message, {
            cause: options.cause,
            retryable: failure.retryable,
        });
        this.summary = summary;
        this.limeStatus = failure.limeStatus;
        this.limeMessage = failure.limeMessage;
        this.retryAfterMs = failure.retryAfterMs;
        this.outcomeUnknown = failure.outcomeUnknown;
    }
}

/**
 * 502: a media file of the chat could not be fetched. `retryable` says whether trying again later can help
 * (a timeout, a 5xx from the media host) or not (a host outside the allowlist, a file over the size cap).
 */
export class MediaDownloadError extends RelayError {
    constructor(message: string, retryable: boolean, options?: { cause?: unknown }) {
        super(502, 'media_download_failed', message, { cause: options?.cause, retryable });
    }
}

/**
 * An error as the relay answers it and as the journal keeps it (a delivery's `lastError`): JSON, safe to
 * show.
 */
export interface ErrorReport {
    /** The relay's HTTP status for it. */
    status: number;
    /** Stable, e.g. `lime_rejected`, `no_matching_instance`, `internal_error`. */
    code: string;
    message: string;
    /** Whether trying again later can succeed. */
    retryable: boolean;
    /** For an error of Lime's: its HTTP status (null when no answer came) and its own message, if any. */
    lime?: { status: number | null; message?: string };
    /**
     * Set when the worker stopped trying (`gave up after 5 attempts (limit 5)`); the rest of the report is
     * then the last attempt's error.
     */
    gaveUp?: string;
}

/** The longest message kept of an unexpected error. */
const UNEXPECTED_MESSAGE_LENGTH = 500;

/**
 * Whether trying again later can help: the error says so for itself; a stored payload that does not parse
 * (SyntaxError, ZodError) never will; anything else unexpected might.
 */
export function isRetryable(error: unknown): boolean {
    if (error instanceof RelayError) return error.retryable;
    return !(error instanceof SyntaxError || error instanceof ZodError);
}

/**
 * The one mapping from an error to the relay's answer. The relay's own errors carry their status, code and
 * message; an error of Lime's keeps Lime's status and message beside them; anything else is a 500
 * `internal_error` naming the error (its message cut short; never a stack or a request).
 */
export function describeError(error: unknown): ErrorReport {
    if (error instanceof RelayError) {
        const report: ErrorReport = {
            status: error.status,
            code: error.code,
            message: error.message,
            retryable: error.retryable,
        };
        if (error instanceof LimeError) {
            report.lime = { status: error.limeStatus ?? null };
            if (error.limeMessage) report.lime.message = error.limeMessage;
        }
        return report;
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
        status: 500,
        code: 'internal_error',
        message: message.slice(0, UNEXPECTED_MESSAGE_LENGTH),
        retryable: isRetryable(error),
    };
}

/** The relay's HTTP answer for a report: its status and `{"error": {"code", "message", …extra}}`. */
export function errorAnswer(
    report: ErrorReport,
    extra: Record<string, unknown> = {}
): { status: number; body: { error: Record<string, unknown> } } {
    return {
        status: report.status,
        body: { error: { code: report.code, message: report.message, ...extra } },
    };
}
