import { describe, expect, it } from 'vitest';
import { computeRetryDelay, decideGiveUp } from './backoff.ts';

const almostOne = () => 0.999_999;

describe('computeRetryDelay', () => {
    it('doubles the ceiling with each attempt', () => {
        const ceilings = [1, 2, 3, 4, 5].map((attempt) =>
            computeRetryDelay({ attempt, baseMs: 1_000, maxMs: 1_000_000, random: almostOne })
        );
        expect(ceilings).toEqual([999, 1_999, 3_999, 7_999, 15_999]);
    });

    it('draws uniformly below the ceiling (full jitter)', () => {
        expect(
            computeRetryDelay({ attempt: 3, baseMs: 1_000, maxMs: 60_000, random: () => 0 })
        ).toBe(0);
        expect(
            computeRetryDelay({ attempt: 3, baseMs: 1_000, maxMs: 60_000, random: () => 0.5 })
        ).toBe(2_000);
    });

    it('caps the ceiling at maxMs, also for huge attempt counts', () => {
        expect(
            computeRetryDelay({ attempt: 30, baseMs: 1_000, maxMs: 60_000, random: () => 0.5 })
        ).toBe(30_000);
        expect(
            computeRetryDelay({ attempt: 5_000, baseMs: 1_000, maxMs: 60_000, random: almostOne })
        ).toBeLessThan(60_000);
    });

    it('never retries sooner than Retry-After', () => {
        expect(
            computeRetryDelay({
                attempt: 1,
                baseMs: 1_000,
                maxMs: 60_000,
                random: () => 0.5,
                retryAfterMs: 120_000,
            })
        ).toBe(120_000);
    });

    it('keeps a longer jittered delay when Retry-After is shorter', () => {
        expect(
            computeRetryDelay({
                attempt: 4,
                baseMs: 1_000,
                maxMs: 60_000,
                random: () => 0.5,
                retryAfterMs: 100,
            })
        ).toBe(4_000);
    });

    it('rejects nonsensical input with a clear message', () => {
        expect(() => computeRetryDelay({ attempt: 0, baseMs: 1, maxMs: 2 })).toThrow(
            /attempt must be/
        );
        expect(() => computeRetryDelay({ attempt: 1, baseMs: 10, maxMs: 2 })).toThrow(
            /baseMs <= maxMs/
        );
        expect(() => computeRetryDelay({ attempt: 1, baseMs: 0, maxMs: 2 })).toThrow(/0 < baseMs/);
    });
});

describe('decideGiveUp', () => {
    const createdAt = new Date('2026-01-01T00:00:00Z');
    const hour = 3_600_000;

    it('retries while attempts and age allow', () => {
        expect(
            decideGiveUp({
                attempts: 2,
                maxAttempts: 3,
                since: createdAt,
                nextRunAt: new Date(createdAt.getTime() + hour),
                maxAgeMs: 72 * hour,
            })
        ).toBeNull();
    });

    it('gives up when the attempts are used up', () => {
        expect(
            decideGiveUp({
                attempts: 3,
                maxAttempts: 3,
                since: createdAt,
                nextRunAt: createdAt,
                maxAgeMs: 72 * hour,
            })
        ).toBe('gave up after 3 attempts (limit 3)');
    });

    it('gives up when the next attempt would be later than the age cap', () => {
        expect(
            decideGiveUp({
                attempts: 2,
                maxAttempts: 100,
                since: createdAt,
                nextRunAt: new Date(createdAt.getTime() + 72 * hour + 1),
                maxAgeMs: 72 * hour,
            })
        ).toBe(
            'gave up after 2 attempts: the next attempt would be later than 72 h after receipt (or redrive)'
        );
    });

    it('still retries exactly at the age cap', () => {
        expect(
            decideGiveUp({
                attempts: 2,
                maxAttempts: 100,
                since: createdAt,
                nextRunAt: new Date(createdAt.getTime() + 72 * hour),
                maxAgeMs: 72 * hour,
            })
        ).toBeNull();
    });
});
