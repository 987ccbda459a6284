import { Router } from 'express';
import type { FitMonitor, TenantFit } from '../check/fit-monitor.ts';
import type { DeliveryStore } from '../delivery/delivery-store.ts';
import type { RelayMetrics } from './metrics.ts';

/**
 * Liveness, readiness and metrics; no key (put them behind the load balancer's private side). Readiness
 * answers 503 while the relay stops (SIGTERM), so that a load balancer sends new deliveries elsewhere; while
 * the store does not answer; and while a tenant's configuration does not fit its Lime (or has not been
 * checked yet), naming every problem. Lime being unreachable does not make the relay unready: deliveries
 * are journaled and written once Lime is back.
 */
export function createOpsRouter(options: {
    store: DeliveryStore;
    metrics: RelayMetrics;
    isStopping: () => boolean;
    fit?: Pick<FitMonitor, 'state' | 'fits'>;
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
        const tenants = options.fit ? summarise(options.fit.state()) : undefined;
        try {
            await options.store.ping();
        } catch {
            response
                .status(503)
                .json({ status: 'not ready', store: 'unreachable', config: 'loaded', tenants });
            return;
        }
        const fits = options.fit?.fits() ?? true;
        response
            .status(fits ? 200 : 503)
            .json({ status: fits ? 'ready' : 'not ready', store: 'ok', config: 'loaded', tenants });
    });
    router.get('/metrics', async (_request, response) => {
        response
            .type(options.metrics.registry.contentType)
            .send(await options.metrics.registry.metrics());
    });
    return router;
}

/** Each tenant's fit as readiness shows it: the problems only when there are some. */
function summarise(state: Record<string, TenantFit>): Record<string, Record<string, unknown>> {
    return Object.fromEntries(
        Object.entries(state).map(([name, fit]) => [
            name,
            {
                fit: fit.status,
                ...(fit.problems.length > 0 ? { problems: fit.problems } : {}),
                ...(fit.checkedAt ? { checkedAt: fit.checkedAt.toISOString() } : {}),
            },
        ])
    );
}
