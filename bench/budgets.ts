/**
 * Performance budgets, set from the figures measured on the 2-core development machine (docs/benchmarks.md)
 * with a margin for its noise. Every budget is a ratio against a baseline measured in the same run, or a
 * count, so it holds on a faster or slower machine. `npm run bench` exits 1 when one is missed.
 */
export const BUDGETS = {
    /**
     * Relay req/s over baseline req/s (median of the rounds' ratios), sample payload, repeat of an unchanged
     * conversation, 10 connections. Measured 0.24 to 0.38 on 4 December 2026 (bound by the disk's flush
     * latency, see docs/benchmarks.md); before group commit 0.09 to 0.16.
     */
    intakeRepeatRatio: 0.15,
    /** The same with 100 connections: measured 0.48 to 0.79 (the baseline's own p99 moved from 16 to 130 ms). */
    intakeRepeatManyConnectionsRatio: 0.3,
    /** The same, distinct conversations (each one written to Lime: 5 Lime requests); measured 0.012 to 0.020. */
    intakeDistinctRatio: 0.008,
    /** The same, 1,000-message conversation, repeat of an unchanged conversation; measured 0.67 to 0.85. */
    intakeLongRepeatRatio: 0.4,
    /**
     * Relay with the fsync'd SQLite journal over the relay with an in-memory journal, sample, repeat;
     * measured 0.48 to 0.74.
     */
    durabilityRatio: 0.3,
    /** Conversations/s at 50 ms Lime latency over the ceiling concurrency / (5 × 50 ms). */
    endToEndCeilingRatio: 0.7,
    /** Lime requests: at most the data model's minimum. */
    firstSendRequests: 5,
    changedResendRequests: 3,
    unchangedResendRequests: 0,
    /** Per-message render time at 100,000 messages over that at 1,000 (1 = linear). */
    transcriptLinearityRatio: 2.5,
    /**
     * The Lime package's frontend module, gzipped, bytes: four elements, Lit and @lit/task (18.1 KiB on
     * 4 December 2026; one element was 13.5 KiB).
     */
    bundleGzipBytes: 20 * 1024,
    /** The conversations view: time to the first page of 200 conversations over time to 1 (issue goal: 4). */
    componentRenderRatio: 4,
    /** The conversations view: Lime requests per load, whatever the number of conversations and data model. */
    componentRequestsPerLoad: 3,
    /**
     * Deliveries/s with three PostgreSQL instances over one. On 2 cores three processes cannot add CPU; the
     * budget only catches a collapse under contention on the shared store. Measured 0.59 to 0.77 across five
     * runs on 1 December 2026 (the same code, a noisy machine), so the limit sits below that spread.
     */
    scaleOutRatio: 0.5,
    /** Media import: relay MiB/s over a plain stream copy of the same files, media server → sandbox (measured 0.5). */
    mediaThroughputRatio: 0.2,
    /**
     * Media import: the relay's peak RSS growth during the import of 100 MiB over the largest file (5 MiB).
     * Measured 19: the growth is V8's collection slack for socket Buffers (~100 MiB, levelling off; see
     * docs/benchmarks.md §7), not files held whole, so the budget only catches a gross regression.
     */
    mediaMemoryRatio: 30,
} as const;
