import { Router } from 'express';
import type { DeliveryStore } from '../delivery/delivery-store.ts';
import type { RelayMetrics } from './metrics.ts';

/**
 * Liveness, readiness and metrics; no key (put them behind the load balancer's private side). While the relay
 * stops (SIGTERM), readiness answers 503 so that a load balancer sends new deliveries elsewhere.
 */
export function createOpsRouter(options: {
    store: DeliveryStore;
    metrics: RelayMetrics;
    isStopping: () => boolean;
}): Router {
    const router = Router();
    router.get('/healthz', (_request, response) => {
        response.json({ status: 'ok' });
    });
    router.get('/readyz', async (_request, response) => {
        if (options.isStopping()) {
            response.status(503).json({ status: 'stopping', config: 'loaded' });
            return;
        }
        try {
            await options.store.ping();
            response.json({ status: 'ready', store: 'ok', config: 'loaded' });
        } catch {
            response
                .status(503)
                .json({ status: 'not ready', store: 'unreachable', config: 'loaded' });
        }
    });
    router.get('/metrics', async (_request, response) => {
        response
            .type(options.metrics.registry.contentType)
            .send(await options.metrics.registry.metrics());
    });
    return router;
}
