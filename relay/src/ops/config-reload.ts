import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import { checkTenant } from '../check/check-tenant.ts';
import { ConfigError, type LoadedConfig } from '../config/load-config.ts';
import { SECRET_KEYS, type RelayConfig } from '../config/schema.ts';
import type { DeliveryStore } from '../delivery/delivery-store.ts';
import type { TenantRuntime } from '../tenant-runtime.ts';
import type { RelayMetrics } from './metrics.ts';

/**
 * Top-level sections that take effect only when the relay starts: the journal, the worker and the HTTP
 * server are built from them once. A reload that changes one of their keys is refused (the whole file),
 * so that the configuration in use is always exactly one file's.
 */
export const RESTART_ONLY_SECTIONS = ['server', 'delivery'] as const;

/** How long the Lime check of a reload may take before the reload is refused. */
const LIME_CHECK_TIMEOUT_MS = 60_000;

export type ReloadTrigger = 'SIGHUP' | 'admin';

/** Which configuration is in use: the SHA-256 of its file, and when it was read. */
export interface ConfigVersion {
    hash: string;
    loadedAt: Date;
}

export interface ReloadResult {
    /**
     * `applied`: the file's configuration is in use now; `unchanged`: it equals the one in use (the version
     * is the file's now, nothing else changed); `refused`: the configuration in use stays, `problems` say why.
     */
    outcome: 'applied' | 'unchanged' | 'refused';
    trigger: ReloadTrigger;
    at: Date;
    /** Every problem, its key first (`tenants.acme.instances.0.limetype: …`); empty unless refused. */
    problems: string[];
    /** What an applied reload changed (empty when refused). */
    changes: {
        tenantsAdded: string[];
        tenantsRemoved: string[];
        tenantsChanged: string[];
        adminKey: boolean;
    };
    /** The version in use after the reload. */
    version: ConfigVersion;
}

export interface ConfigReloader {
    /** The configuration in use. */
    config(): RelayConfig;
    version(): ConfigVersion;
    lastReload(): ReloadResult | null;
    /** False when the relay was given its configuration in code: there is no file to read again. */
    readonly reloadable: boolean;
    /**
     * Reads the configuration file (and the environment references) again, validates it as at start-up,
     * checks the tenants it adds or changes against their Lime (read-only, the check of `check-config`), and
     * only when all of that passes puts it in use. Never rejects; reloads run one after the other.
     */
    reload(trigger: ReloadTrigger): Promise<ReloadResult>;
}

export function createConfigReloader(options: {
    initial: LoadedConfig;
    /** Reads and validates the file again (loadConfigFile); throws a ConfigError. */
    load?: () => LoadedConfig;
    /** The tenants in use: replaced in place (in one synchronous step) when a reload applies. */
    tenants: Map<string, TenantRuntime>;
    /** Builds the runtimes of a configuration, keeping those of `previous` that did not change. */
    buildTenants(
        config: RelayConfig,
        previous: ReadonlyMap<string, TenantRuntime>
    ): Map<string, TenantRuntime>;
    /** Called after a reload applied, e.g. to let the worker claim what a returned tenant left waiting. */
    onApplied?: () => void;
    isStopping: () => boolean;
    logger: Logger;
    metrics: RelayMetrics;
    now?: () => Date;
}): ConfigReloader {
    const now = options.now ?? (() => new Date());
    let config = options.initial.config;
    let version: ConfigVersion = { hash: options.initial.hash, loadedAt: now() };
    let last: ReloadResult | null = null;
    let queue: Promise<unknown> = Promise.resolve();
    const noChanges = (): ReloadResult['changes'] => ({
        tenantsAdded: [],
        tenantsRemoved: [],
        tenantsChanged: [],
        adminKey: false,
    });

    async function reloadNow(trigger: ReloadTrigger): Promise<ReloadResult> {
        const refuse = (problems: string[]): ReloadResult => ({
            outcome: 'refused',
            trigger,
            at: now(),
            problems,
            changes: noChanges(),
            version,
        });
        if (!options.load) {
            return refuse([
                'RELAY_CONFIG: this relay was given its configuration in code, not read from a file; there is nothing to reload',
            ]);
        }
        if (options.isStopping()) return refuse(['the relay is stopping']);
        let loaded: LoadedConfig;
        try {
            loaded = options.load();
        } catch (error) {
            if (error instanceof ConfigError) return refuse([...error.problems]);
            throw error;
        }
        const next = loaded.config;
        const problems = RESTART_ONLY_SECTIONS.flatMap((section) =>
            changedKeys(config[section], next[section], section).map(
                (key) =>
                    `${key}: changed, but it takes effect only when the relay starts; restart the relay to use this file, or put the running value back to reload without a restart`
            )
        );
        const names = (value: RelayConfig) => Object.keys(value.tenants);
        const changes = {
            tenantsAdded: names(next).filter((name) => !Object.hasOwn(config.tenants, name)),
            tenantsRemoved: names(config).filter((name) => !Object.hasOwn(next.tenants, name)),
            tenantsChanged: names(next).filter(
                (name) =>
                    Object.hasOwn(config.tenants, name) &&
                    !isDeepStrictEqual(config.tenants[name], next.tenants[name])
            ),
            adminKey: !isDeepStrictEqual(config.admin.apiKeys, next.admin.apiKeys),
        };
        const runtimes = options.buildTenants(next, options.tenants);
        problems.push(
            ...(await checkAgainstLime(
                runtimes,
                [...changes.tenantsAdded, ...changes.tenantsChanged],
                options.logger
            ))
        );
        if (problems.length > 0) return refuse(problems);
        // Stopping began while Lime was asked: the worker may be draining; leave everything as it is.
        if (options.isStopping()) return refuse(['the relay is stopping']);

        // One synchronous step: a request or a claim sees the old tenants or the new ones, never a mix.
        // Deliveries already running keep the runtime (and so the configuration) they started with.
        options.tenants.clear();
        for (const [name, runtime] of runtimes) options.tenants.set(name, runtime);
        config = next;
        version = { hash: loaded.hash, loadedAt: now() };
        const changed =
            changes.adminKey ||
            changes.tenantsAdded.length + changes.tenantsRemoved.length > 0 ||
            changes.tenantsChanged.length > 0;
        if (changed) options.onApplied?.();
        return {
            outcome: changed ? 'applied' : 'unchanged',
            trigger,
            at: now(),
            problems: [],
            changes,
            version,
        };
    }

    function record(result: ReloadResult): ReloadResult {
        last = result;
        options.metrics.configReloads.inc({ outcome: result.outcome });
        const fields = {
            trigger: result.trigger,
            outcome: result.outcome,
            version: result.version.hash,
        };
        if (result.outcome === 'refused') {
            options.logger.error(
                { ...fields, problems: result.problems },
                `Configuration reload refused (${result.problems.length} problem(s)); the configuration in use stays`
            );
        } else {
            options.logger.info(
                { ...fields, changes: result.changes },
                result.outcome === 'applied'
                    ? 'Configuration reloaded'
                    : 'Configuration reloaded: nothing changed'
            );
        }
        return result;
    }

    return {
        config: () => config,
        version: () => version,
        lastReload: () => last,
        reloadable: options.load !== undefined,
        reload(trigger) {
            const run = queue.then(() =>
                reloadNow(trigger).catch((error: unknown) => ({
                    outcome: 'refused' as const,
                    trigger,
                    at: now(),
                    problems: [`the reload failed unexpectedly: ${(error as Error).message}`],
                    changes: noChanges(),
                    version,
                }))
            );
            queue = run;
            return run.then(record);
        },
    };
}

/**
 * The fit check of `check-config` for each named tenant (read-only), bounded in time. Each finding is named
 * with its tenant's key.
 */
async function checkAgainstLime(
    runtimes: ReadonlyMap<string, TenantRuntime>,
    names: string[],
    logger: Logger
): Promise<string[]> {
    const findings = await Promise.all(
        names.map(async (name) => {
            const runtime = runtimes.get(name) as TenantRuntime;
            const scoped: TenantRuntime = {
                ...runtime,
                lime: runtime.lime.withScope({
                    logger: logger.child({ tenant: name, check: 'reload' }),
                    signal: AbortSignal.timeout(LIME_CHECK_TIMEOUT_MS),
                }),
            };
            try {
                return (await checkTenant(scoped)).map((finding) => `tenants.${name}: ${finding}`);
            } catch (error) {
                return [
                    `tenants.${name}: the check against Lime failed: ${(error as Error).message}`,
                ];
            }
        })
    );
    return findings.flat();
}

/** The leaf keys (dotted, under `path`) whose values differ. */
function changedKeys(before: unknown, after: unknown, path: string): string[] {
    if (isDeepStrictEqual(before, after)) return [];
    if (isRecord(before) && isRecord(after)) {
        const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
        return [...keys].flatMap((key) => changedKeys(before[key], after[key], `${path}.${key}`));
    }
    return [path];
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The version of a configuration given in code rather than read from a file (tests, the demo): the SHA-256
 * of its JSON with the secrets left out.
 */
export function hashConfig(config: RelayConfig): string {
    const json = JSON.stringify(config, (key, value: unknown) =>
        SECRET_KEYS.has(key) ? '(secret)' : value
    );
    return createHash('sha256').update(json).digest('hex');
}

/** Unfinished deliveries of tenants that are not configured: they wait in the journal until their tenant is back. */
export async function countParked(
    store: DeliveryStore,
    tenants: ReadonlyMap<string, TenantRuntime>
): Promise<Record<string, number>> {
    const unfinished = await store.unfinishedByTenant();
    return Object.fromEntries(Object.entries(unfinished).filter(([name]) => !tenants.has(name)));
}
