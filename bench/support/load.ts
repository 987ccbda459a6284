import autocannon, { type AutocannonRequest } from 'autocannon';
import type { BodyTemplate } from './payloads.ts';

/** One bounded load run against one loopback URL. */
export interface LoadOptions {
    /** `http://127.0.0.1:PORT` (loopback only). */
    url: string;
    path: string;
    headers: Record<string, string>;
    body: BodyTemplate;
    /**
     * `repeat`: every request posts the same body (one conversation, unchanged); `distinct`: every request
     * a new conversation id, taken from `nextId`.
     */
    mode: 'repeat' | 'distinct';
    nextId: () => number;
    connections: number;
    /** Upper bound in time (seconds). */
    durationSeconds: number;
    /** Upper bound in count. */
    maxRequests: number;
}

/** What one load run measured. */
export interface LoadResult {
    requestsPerSecond: number;
    p50Ms: number;
    p99Ms: number;
    total: number;
    non2xx: number;
    errors: number;
    timeouts: number;
    statusCodes: Record<string, number>;
    durationSeconds: number;
}

const REQUEST_TIMEOUT_SECONDS = 30;

/**
 * Runs autocannon (POST, no pipelining) until `durationSeconds` pass or `maxRequests` were sent,
 * whichever comes first; a watchdog stops it if it overruns. Refuses anything but loopback.
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
    const url = new URL(options.url);
    if (url.hostname !== '127.0.0.1') {
        throw new Error(`The benchmark only loads 127.0.0.1, not ${url.hostname}`);
    }
    const fixedBody = options.body.withId(options.nextId());
    const request: AutocannonRequest = {
        method: 'POST',
        path: options.path,
        headers: { 'content-type': 'application/json', ...options.headers },
        body: fixedBody,
    };
    if (options.mode === 'distinct') {
        request.setupRequest = (next) => ({ ...next, body: options.body.withId(options.nextId()) });
    }
    return new Promise<LoadResult>((resolve, reject) => {
        const instance = autocannon(
            {
                url: options.url,
                connections: options.connections,
                pipelining: 1,
                duration: options.durationSeconds,
                maxOverallRequests: Math.max(options.maxRequests, options.connections),
                timeout: REQUEST_TIMEOUT_SECONDS,
                requests: [request],
                renderProgressBar: false,
                renderResultsTable: false,
                renderLatencyTable: false,
            },
            (error, result) => {
                clearTimeout(watchdog);
                if (error) {
                    reject(error);
                    return;
                }
                const statusCodes = Object.fromEntries(
                    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [
                        code,
                        Number(stats.count),
                    ])
                );
                const total = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
                resolve({
                    requestsPerSecond: total / result.duration,
                    p50Ms: result.latency.p50,
                    p99Ms: result.latency.p99,
                    total,
                    non2xx: result.non2xx,
                    errors: result.errors,
                    timeouts: result.timeouts,
                    statusCodes,
                    durationSeconds: result.duration,
                });
            }
        );
        const watchdog = setTimeout(
            () => instance.stop(),
            (options.durationSeconds + REQUEST_TIMEOUT_SECONDS) * 1000
        );
    });
}
