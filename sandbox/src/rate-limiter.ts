/**
 * Sliding-window rate limit per API key. Lime Cloud allows 3,000 requests per 5 minutes (per IP,
 * docs/lime-rest-api.md §6); the status and headers Lime sends when over the limit are
 * undocumented, so the sandbox assumes 429 with `Retry-After` in seconds (assumption 2 of
 * openapi/lime-crm.yaml).
 */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts accepted requests per key in the last `windowMs` milliseconds. */
export class SlidingWindowRateLimiter {
    private readonly limit: number;
    private readonly windowMs: number;
    private readonly now: () => number;
    private readonly hits = new Map<string, number[]>();

    constructor(limit: number, windowMs: number, now: () => number = Date.now) {
        this.limit = limit;
        this.windowMs = windowMs;
        this.now = now;
    }

    /** Records a request for `key` if the window has room; otherwise says how long to wait. */
    take(key: string): RateLimitDecision {
        const now = this.now();
        const recent = (this.hits.get(key) ?? []).filter((time) => time > now - this.windowMs);
        if (recent.length >= this.limit) {
            this.hits.set(key, recent);
            const oldest = recent[0] ?? now;
            return {
                allowed: false,
                retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)),
            };
        }
        recent.push(now);
        this.hits.set(key, recent);
        return { allowed: true };
    }

    /** Forgets all counted requests. */
    reset(): void {
        this.hits.clear();
    }
}
