/**
 * Retry timing for deliveries (pure). Exponential backoff with full jitter (AWS, "Exponential Backoff and
 * Jitter", 2015): the delay is uniform in [0, min(maxMs, baseMs · 2^(attempt−1))), so
 * workers retrying after a shared Lime outage spread out instead of arriving together.
 */

export interface RetryDelayInput {
    /** Attempts made so far, the failed one included (1 after the first failure). */
    attempt: number;
    /** Ceiling of the first retry's delay. */
    baseMs: number;
    /** Upper bound of the exponential ceiling. */
    maxMs: number;
    /** A value in [0, 1); injectable for tests. Defaults to Math.random. */
    random?: () => number;
    /** The server's Retry-After, in milliseconds: the delay is never shorter. */
    retryAfterMs?: number;
}

/** Milliseconds to wait before the next attempt. */
export function computeRetryDelay(input: RetryDelayInput): number {
    const { attempt, baseMs, maxMs } = input;
    if (!Number.isInteger(attempt) || attempt < 1) {
        throw new RangeError(`computeRetryDelay: attempt must be an integer >= 1, got ${attempt}`);
    }
    if (!(baseMs > 0) || !(maxMs >= baseMs)) {
        throw new RangeError(
            `computeRetryDelay: need 0 < baseMs <= maxMs, got baseMs=${baseMs}, maxMs=${maxMs}`
        );
    }
    // 2 ** large is Infinity, which min() turns into maxMs: no overflow for any attempt count.
    const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
    const draw = (input.random ?? Math.random)();
    const jittered = Math.floor(Math.min(Math.max(draw, 0), 1) * ceiling);
    const retryAfterMs = input.retryAfterMs;
    if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > jittered) {
        return Math.ceil(retryAfterMs);
    }
    return jittered;
}

export interface GiveUpInput {
    /** Attempts made so far, the failed one included. */
    attempts: number;
    maxAttempts: number;
    /** When the retries started: the delivery's receipt, or its last redrive. */
    since: Date;
    /** When the next attempt would run. */
    nextRunAt: Date;
    /** Nothing is attempted later than this long after the delivery was received. */
    maxAgeMs: number;
}

/**
 * Whether to stop retrying: resolves with the reason (safe text for `lastError`), or null to retry.
 * Gives up when the attempts are used up, or when the next attempt would start after the age cap.
 */
export function decideGiveUp(input: GiveUpInput): string | null {
    if (input.attempts >= input.maxAttempts) {
        return `gave up after ${input.attempts} attempts (limit ${input.maxAttempts})`;
    }
    const ageAtNextRun = input.nextRunAt.getTime() - input.since.getTime();
    if (ageAtNextRun > input.maxAgeMs) {
        return `gave up after ${input.attempts} attempts: the next attempt would be later than ${formatDuration(input.maxAgeMs)} after receipt (or redrive)`;
    }
    return null;
}

function formatDuration(ms: number): string {
    if (ms % 3_600_000 === 0) {
        return `${ms / 3_600_000} h`;
    }
    if (ms % 60_000 === 0) {
        return `${ms / 60_000} min`;
    }
    return `${ms} ms`;
}
