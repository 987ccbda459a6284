import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { FitMonitor } from './check/fit-monitor.ts';
import type { RelayConfig } from './config/schema.ts';
import { createDeliveryAcceptor } from './delivery/accept-delivery.ts';
import type { DeliveryStore } from './delivery/delivery-store.ts';
import type { DeliveryWorker } from './delivery/worker.ts';
import { describeError, errorAnswer, RelayError } from './errors.ts';
import { createAdminRouter } from './ops/admin-router.ts';
import type { ConfigReloader } from './ops/config-reload.ts';
import type { RelayMetrics } from './ops/metrics.ts';
import { createOpsRouter } from './ops/ops-router.ts';
import { duplicateResult } from './sync/written-state.ts';
import type { TenantRuntime } from './tenant-runtime.ts';
import { createErrorHandler } from './http/error-handler.ts';
import { createWebhookRouter } from './webhooks/router.ts';

export interface AppDependencies {
    /** The configuration the relay started with: its `server` and `delivery` sections stay until a restart. */
    config: RelayConfig;
    /** The tenants in use (a reload replaces them in place). */
    tenants: ReadonlyMap<string, TenantRuntime>;
    /** The configuration in use and its reloads. */
    configuration: ConfigReloader;
    logger: Logger;
    store: DeliveryStore;
    worker: DeliveryWorker;
    metrics: RelayMetrics;
    /** True once the relay is stopping: readiness fails so the load balancer moves on. */
    isStopping?: () => boolean;
    /** Whether each tenant's configuration fits its Lime: readiness fails while one does not. */
    fit?: Pick<FitMonitor, 'state' | 'fits'>;
}

/** Builds the relay's express app (no listening: main.ts does that, tests listen on port 0). */
export function createApp(dependencies: AppDependencies): Express {
    const { config, logger, store, worker, metrics } = dependencies;
    const app = express();
    app.disable('x-powered-by');

    app.use((request, response, next) => {
        const requestId = randomUUID();
        response.setHeader('x-request-id', requestId);
        (request as { log?: Logger }).log = logger.child({ requestId });
        next();
    });

    // The webhook routes first: they take nearly every request (no path is shared with the routes below).
    app.use(
        createWebhookRouter({
            mountPath: config.server.mountPath,
            bodyLimitBytes: config.server.bodyLimitBytes,
            tenants: dependencies.tenants,
            accept: createDeliveryAcceptor({
                store,
                worker,
                inlineDeadlineMs: config.delivery.inlineDeadlineMs,
                // A repeat of what was last written, with nothing of its conversation pending, is
                // journaled as done with the same link: no Lime request, and no round through the worker.
                resultIfUnchanged: duplicateResult,
            }),
            metrics,
        })
    );

    app.use(
        createOpsRouter({
            store,
            metrics,
            isStopping: dependencies.isStopping ?? (() => false),
            fit: dependencies.fit,
        })
    );
    app.use(
        '/admin',
        createAdminRouter({
            store,
            retentionDays: config.delivery.retentionDays,
            wake: () => worker.wake(),
            tenants: dependencies.tenants,
            configuration: dependencies.configuration,
        })
    );
    app.use((_request, response) => {
        // Answered here, not thrown to the error handler: an unknown path is not worth a log line.
        const answer = errorAnswer(
            describeError(new RelayError(404, 'not_found', 'No such route.'))
        );
        response.status(answer.status).json(answer.body);
    });
    app.use(createErrorHandler(logger, config.server.bodyLimitBytes));
    return app;
}
