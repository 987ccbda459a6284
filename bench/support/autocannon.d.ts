/**
 * The part of autocannon 9's API the benchmark uses (the package ships no types; @types/autocannon
 * describes version 7). See node_modules/autocannon/README.md.
 */
declare module 'autocannon' {
    interface AutocannonRequest {
        method?: string;
        path?: string;
        headers?: Record<string, string>;
        body?: string | Buffer;
        /** Called before each request is sent; returns the request to send. */
        setupRequest?: (request: AutocannonRequest, context: object) => AutocannonRequest;
    }

    interface AutocannonOptions {
        url: string;
        connections?: number;
        pipelining?: number;
        /** Seconds. */
        duration?: number;
        /** Seconds before a request counts as timed out. */
        timeout?: number;
        maxOverallRequests?: number;
        requests?: AutocannonRequest[];
        renderProgressBar?: boolean;
        renderResultsTable?: boolean;
        renderLatencyTable?: boolean;
    }

    interface Histogram {
        average: number;
        mean: number;
        stddev: number;
        min: number;
        max: number;
        total: number;
        p50: number;
        p90: number;
        p99: number;
    }

    interface AutocannonResult {
        /** Seconds. */
        duration: number;
        requests: Histogram;
        latency: Histogram;
        throughput: Histogram;
        errors: number;
        timeouts: number;
        non2xx: number;
        statusCodeStats: Record<string, { count: number }>;
    }

    interface AutocannonInstance {
        stop(): void;
    }

    function autocannon(
        options: AutocannonOptions,
        callback: (error: Error | null, result: AutocannonResult) => void
    ): AutocannonInstance;

    export default autocannon;
    export type { AutocannonOptions, AutocannonRequest, AutocannonResult };
}
