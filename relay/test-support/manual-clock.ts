/** A clock that only moves when told to: lets store and worker tests control lease expiry and retry times. */
export interface ManualClock {
    now(): Date;
    /** Moves the clock forward by `ms`. */
    advance(ms: number): void;
}

/** Creates a manual clock starting at `start` (default 2026-01-01T00:00:00Z). */
export function createManualClock(start = new Date('2026-01-01T00:00:00Z')): ManualClock {
    let current = start.getTime();
    return {
        now: () => new Date(current),
        advance(ms) {
            current += ms;
        },
    };
}
