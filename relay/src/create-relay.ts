import type { Express } from 'express';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import { startFitMonitor, type FitMonitor } from './check/fit-monitor.ts';
import type { LoadedConfig } from './config/load-config.ts';
import type { RelayConfig } from './config/schema.ts';
import type { DeliveryStore } from './delivery/delivery-store.ts';
import { ConfigurationMismatchError } from './errors.ts';
import { createDeliveryStore } from './delivery/create-delivery-store.ts';
import { createDeliveryWorker, type DeliveryWorker } from './delivery/worker.ts';
import type { MediaPolicy } from './media/download-media.ts';
import {
    countParked,
    createConfigReloader,
    hashConfig,
    type ConfigReloader,
} from './ops/config-reload.ts';
import { createMetrics, registerConfigMetrics, type RelayMetrics } from './ops/metrics.ts';
import { scheduleRetention } from './ops/retention.ts';
import { classifyError } from './sync/classify-error.ts';
import { createDeliveryProcessor, createFailureHandler } from './sync/process-delivery.ts';
import { createTenantRuntimes, type TenantRuntime } from './tenant-runtime.ts';

export interface Relay {
    app: Express;
    store: DeliveryStore;
    worker: DeliveryWorker;
    /** The tenants in use; a reload replaces them in place. */
    tenants: Map<string, TenantRuntime>;
    metrics: RelayMetrics;
    /** The configuration in use, its version, and reloads (SIGHUP in main.ts, POST /admin/config/reload). */
    configuration: ConfigReloader;
    /** Whether each tenant's configuration fits its Lime; `fit.firstCheck` resolves once all were checked. */
    fit: FitMonitor;
    /**
     * Stops taking work (readiness fails), lets deliveries in flight finish (the whole stop takes at most
     * `timeoutMs`), closes the store. Calling it again waits for the same stop.
     */
    stop(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * The composition root: the journal (store), the worker that writes deliveries to Lime, the tenants'
 * Lime clients, metrics, retention, and the express app. main.ts listens; tests and the demo call this.
 */
export async function createRelay(options: {
    config: RelayConfig;
    /** The version of `config`: the SHA-256 of its file (loadConfigFile). Default: hashConfig(config). */
    configHash?: string;
    /**
     * Reads and validates the configuration file again, for a reload (loadConfigFile). Without it the relay
     * cannot reload: its configuration was given in code.
     */
    loadConfig?: () => LoadedConfig;
    logger: Logger;
    store?: DeliveryStore;
    /** TESTS ONLY: lets media come from the tests' local http server. */
    mediaTestOverride?: MediaPolicy['testOverride'];
}): Promise<Relay> {
    const { config, logger } = options;
    warnAboutSmokeTestSettings(config, logger);
    const store = options.store ?? createDeliveryStore(config.delivery.store);
    await store.migrate();
    const metrics = createMetrics(store);
    const tenants = createTenantRuntimes(config, logger, { store, metrics });
    const processorOptions = {
        store,
        tenants,
        logger,
        metrics,
        inlineDeadlineMs: config.delivery.inlineDeadlineMs,
        mediaTestOverride: options.mediaTestOverride,
    };
    const fit = startFitMonitor({ tenants, logger });
    const onFailure = createFailureHandler(processorOptions);
    const worker = createDeliveryWorker({
        store,
        process: createDeliveryProcessor(processorOptions),
        async onFailure(delivery, failure) {
            // Lime's data model changed under the relay (or the configuration never fitted): readiness
            // should say so now, not at the next periodic check.
            if (failure.error instanceof ConfigurationMismatchError)
                void fit.check(delivery.tenant);
            await onFailure(delivery, failure);
        },
        classifyError,
        logger,
        // Deliveries of a tenant that is not configured (removed by a reload) wait in the journal.
        tenants: () => [...tenants.keys()],
        concurrency: config.delivery.concurrency,
        leaseMs: config.delivery.leaseMs,
        retry: config.delivery.retry,
    });
    let stopping = false;
    let stopped: Promise<void> | undefined;
    const configuration = createConfigReloader({
        initial: { config, hash: options.configHash ?? hashConfig(config) },
        load: options.loadConfig,
        tenants,
        buildTenants: (next, previous) =>
            createTenantRuntimes(next, logger, { store, metrics }, previous),
        onApplied: () => {
            worker.wake();
            // The tenants changed: check the new set (new runtimes have empty caches, too).
            fit.sync();
            warnAboutSmokeTestSettings(configuration.config(), logger);
        },
        isStopping: () => stopping,
        logger,
        metrics,
    });
    registerConfigMetrics(metrics, {
        version: configuration.version,
        lastReload: configuration.lastReload,
        parked: () => countParked(store, tenants),
    });
    const app = createApp({
        config,
        tenants,
        configuration,
        logger,
        store,
        worker,
        metrics,
        isStopping: () => stopping,
        fit,
    });
    const stopRetention = scheduleRetention({
        store,
        retentionDays: config.delivery.retentionDays,
        logger,
    });
    worker.start();
    return {
        app,
        store,
        worker,
        tenants,
        metrics,
        configuration,
        fit,
        stop(stopOptions = {}) {
            // Every caller (a second signal, a test's teardown) waits for the same stop.
            stopped ??= (async () => {
                stopping = true;
                stopRetention();
                fit.stop();
                await worker.stop(stopOptions);
                await store.close();
            })();
            return stopped;
        },
    };
}

/**
 * `media.resolve` lets named media hosts reach addresses that are refused otherwise (loopback, private):
 * right for a smoke test against a stand-in media server, wrong in production. Say so at every start, and
 * after every reload that leaves it set.
 */
function warnAboutSmokeTestSettings(config: RelayConfig, logger: Logger): void {
    for (const [tenant, settings] of Object.entries(config.tenants)) {
        const resolve = settings.media.resolve;
        if (Object.keys(resolve).length === 0) continue;
        logger.warn(
            { tenant, resolve },
            'media.resolve is set: these media hosts connect to the addresses named, not to what DNS says, even internal ones. Meant for a smoke test before go-live; remove it for production.'
        );
    }
}
