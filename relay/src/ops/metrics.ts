import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DeliveryStore } from '../delivery/delivery-store.ts';

/** The relay's Prometheus metrics (served at /metrics). One registry per relay, so tests do not share state. */
export interface RelayMetrics {
    registry: Registry;
    /** Answers given to Userlike, by HTTP status (200 written, 202 queued, 4xx/5xx refused or failed). */
    answers: Counter<'tenant' | 'status'>;
    /**
     * Finished attempts, by outcome: written, duplicate, retry, dead, and refused (a conversation answered
     * 422, counted apart from failures).
     */
    deliveries: Counter<'outcome'>;
    limeRequests: Histogram<'tenant' | 'method' | 'status'>;
    /** Requests that waited for the Lime rate limiter. */
    rateLimited: Counter<'tenant'>;
    /** Configuration reloads, by outcome: applied, unchanged, refused. */
    configReloads: Counter<'outcome'>;
}

/** What /metrics tells about the configuration in use (see registerConfigMetrics). */
export interface ConfigStatus {
    version(): { hash: string; loadedAt: Date };
    lastReload(): { outcome: string; at: Date } | null;
    /** Unfinished deliveries of tenants that are not configured, by tenant. */
    parked(): Promise<Record<string, number>>;
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
            help: 'Finished delivery attempts by outcome (written, duplicate, retry, dead, refused)',
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
        configReloads: new Counter({
            name: 'relay_config_reloads_total',
            help: 'Configuration reloads (SIGHUP, POST /admin/config/reload) by outcome (applied, unchanged, refused)',
            labelNames: ['outcome'],
            registers: [registry],
        }),
    };
}

/**
 * The configuration's version and the last reload's outcome (after Prometheus's own
 * `prometheus_config_last_reload_successful`), and the deliveries parked for tenants that are not configured.
 */
export function registerConfigMetrics(metrics: RelayMetrics, status: ConfigStatus): void {
    const registers = [metrics.registry];
    new Gauge({
        name: 'relay_config_info',
        help: 'The configuration in use: 1, labelled with the SHA-256 of its file',
        labelNames: ['hash'],
        registers,
        collect() {
            this.reset();
            this.set({ hash: status.version().hash }, 1);
        },
    });
    new Gauge({
        name: 'relay_config_loaded_timestamp_seconds',
        help: 'When the configuration in use was read (start or last successful reload)',
        registers,
        collect() {
            this.set(status.version().loadedAt.getTime() / 1000);
        },
    });
    new Gauge({
        name: 'relay_config_last_reload_successful',
        help: 'Whether the last configuration reload succeeded (1, also before any reload) or was refused (0)',
        registers,
        collect() {
            this.set(status.lastReload()?.outcome === 'refused' ? 0 : 1);
        },
    });
    new Gauge({
        name: 'relay_config_last_reload_timestamp_seconds',
        help: 'When the last configuration reload was tried (0 before any)',
        registers,
        collect() {
            this.set((status.lastReload()?.at.getTime() ?? 0) / 1000);
        },
    });
    new Gauge({
        name: 'relay_parked_deliveries',
        help: 'Unfinished deliveries of tenants that are not configured: kept in the journal until the tenant is back',
        labelNames: ['tenant'],
        registers,
        async collect() {
            const parked = await status.parked();
            this.reset();
            for (const [tenant, count] of Object.entries(parked)) this.set({ tenant }, count);
        },
    });
}
