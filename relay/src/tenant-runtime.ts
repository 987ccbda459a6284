import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import type { RelayConfig, TenantConfig } from './config/schema.ts';
import type { DeliveryStore } from './delivery/delivery-store.ts';
import { createLimeCatalog, type LimeCatalog } from './lime/lime-catalog.ts';
import { createLimeClient, type LimeClient } from './lime/client.ts';
import type { RelayMetrics } from './ops/metrics.ts';

/** A tenant's configuration with its Lime client and cached Lime reference data. */
export interface TenantRuntime {
    name: string;
    config: TenantConfig;
    lime: LimeClient;
    catalog: LimeCatalog;
    /** The Lime rate limit its requests take slots of: the strictest of all tenants on its Lime host. */
    rateLimit: TenantConfig['lime']['rateLimit'];
}

/**
 * A delivery's tenant is not in the configuration in use (it was removed by a reload after the delivery was
 * claimed): the delivery is handed back to wait in the journal, not failed.
 */
export class TenantNotConfiguredError extends Error {
    constructor(tenant: string) {
        super(`The tenant ${tenant} is not configured (any more); the delivery waits until it is.`);
        this.name = 'TenantNotConfiguredError';
    }
}

/**
 * Builds one runtime per configured tenant; each tenant talks only to its own Lime application. With a
 * store, every Lime request first takes a slot of the Lime application's rate limit, shared by all
 * tenants on that application and all relay instances on the store, so the relay slows down instead of
 * collecting 429s.
 */
export function createTenantRuntimes(
    config: RelayConfig,
    logger: Logger,
    shared: { store?: DeliveryStore; metrics?: RelayMetrics } = {},
    /**
     * The runtimes of the configuration in use (a reload): a tenant whose configuration and rate limit are
     * the same keeps its runtime, with its cached Lime data.
     */
    previous?: ReadonlyMap<string, TenantRuntime>
): Map<string, TenantRuntime> {
    const runtimes = new Map<string, TenantRuntime>();
    const rateLimits = sharedRateLimits(config);
    for (const [name, tenant] of Object.entries(config.tenants)) {
        const rateKey = rateKeyOf(tenant);
        const rateLimit = rateLimits.get(rateKey) ?? tenant.lime.rateLimit;
        const running = previous?.get(name);
        if (
            running &&
            isDeepStrictEqual(running.config, tenant) &&
            isDeepStrictEqual(running.rateLimit, rateLimit)
        ) {
            runtimes.set(name, running);
            continue;
        }
        const { store, metrics } = shared;
        const tenantLogger = logger.child({ tenant: name });
        const lime = createLimeClient({
            baseUrl: tenant.lime.baseUrl,
            apiKey: tenant.lime.apiKey,
            timeoutMs: tenant.lime.timeoutMs,
            logger: tenantLogger,
            beforeRequest: store
                ? async (signal) => {
                      for (;;) {
                          const waitMs = await store.takeRateSlot(rateKey, rateLimit);
                          if (waitMs === 0) return;
                          metrics?.rateLimited.inc({ tenant: name });
                          // A wait can last up to a whole window: a lost lease or a stop ends it.
                          await sleep(waitMs, undefined, { signal });
                      }
                  }
                : undefined,
            afterRequest: metrics
                ? ({ method, status, durationMs }) =>
                      metrics.limeRequests.observe(
                          {
                              tenant: name,
                              method,
                              status: status === undefined ? 'none' : String(status),
                          },
                          durationMs / 1000
                      )
                : undefined,
        });
        runtimes.set(name, {
            name,
            config: tenant,
            lime,
            // Cache loads are shared by the deliveries waiting for them: they log as the catalog's.
            catalog: createLimeCatalog({
                client: lime.withScope({ logger: tenantLogger.child({ cache: 'catalog' }) }),
                ttlMs: tenant.lime.cacheTtlMs,
            }),
            rateLimit,
        });
    }
    return runtimes;
}

/** Lime limits requests per client IP and host (docs/assumptions.md, L8): tenants on one host share a budget. */
function rateKeyOf(tenant: TenantConfig): string {
    return `lime:${new URL(tenant.lime.baseUrl).origin}`;
}

/**
 * The budget of each Lime host: when several tenants use one host (on-premise applications side by side) and
 * configure different limits, the strictest (fewest requests per millisecond) holds for all of them.
 */
function sharedRateLimits(config: RelayConfig): Map<string, TenantConfig['lime']['rateLimit']> {
    const limits = new Map<string, TenantConfig['lime']['rateLimit']>();
    for (const tenant of Object.values(config.tenants)) {
        const key = rateKeyOf(tenant);
        const candidate = tenant.lime.rateLimit;
        const current = limits.get(key);
        if (!current || candidate.limit / candidate.windowMs < current.limit / current.windowMs) {
            limits.set(key, candidate);
        }
    }
    return limits;
}
