import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DeliveryStore } from '../delivery/delivery-store.ts';

/** The relay's Prometheus metrics (served at /metrics). One registry per relay, so tests do not share state. */
export interface RelayMetrics {
    registry: Registry;
    /** Answers given to Userlike, by HTTP status (200 written, 202 queued, 4xx/5xx refused or failed). */
    answers: Counter<'tenant' | 'status'>;
    /** Finished attempts, by outcome: written, duplicate, retry, dead. */
    deliveries: Counter<'outcome'>;
    limeRequests: Histogram<'tenant' | 'method' | 'status'>;
    /** Requests that waited for the Lime rate limiter. */
    rateLimited: Counter<'tenant'>;
}

export function createMetrics(store: DeliveryStore): RelayMetrics {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    new Gauge({
        name: 'relay_queue_depth',
        help: 'Deliveries in the journal by status',
        labelNames: ['status'],
        registers: [registry],
        async collect() {
            const counts = await store.counts();
            for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
        },
    });
    return {
        registry,
        answers: new Counter({
            name: 'relay_answers_total',
            help: 'Answers to Userlike by HTTP status',
            labelNames: ['tenant', 'status'],
            registers: [registry],
        }),
        deliveries: new Counter({
            name: 'relay_delivery_attempts_total',
            help: 'Finished delivery attempts by outcome (written, duplicate, retry, dead)',
            labelNames: ['outcome'],
            registers: [registry],
        }),
        limeRequests: new Histogram({
            name: 'relay_lime_request_duration_seconds',
            help: 'Requests to Lime by method and status (status "none" when no answer came)',
            labelNames: ['tenant', 'method', 'status'],
            buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
            registers: [registry],
        }),
        rateLimited: new Counter({
            name: 'relay_lime_rate_limited_total',
            help: 'Lime requests that waited for the rate limiter',
            labelNames: ['tenant'],
            registers: [registry],
        }),
    };
}
