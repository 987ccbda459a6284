import type { Logger } from 'pino';
import type { TenantRuntime } from '../tenant-runtime.ts';
import { checkTenantFit } from './check-tenant.ts';

/**
 * Whether a tenant's configuration fits its Lime: `checking` until the first check has an answer, `fits`,
 * `does not fit` (the problems say what), or `unknown` when Lime could not be asked (no answer, 5xx, 429):
 * deliveries are journaled and retried then, so that is no reason to stop taking them.
 */
export type FitStatus = 'checking' | 'fits' | 'does not fit' | 'unknown';

export interface TenantFit {
    status: FitStatus;
    /** What does not fit, or why Lime could not be asked; empty when it fits. */
    problems: string[];
    checkedAt: Date | undefined;
}

export interface FitMonitor {
    /** Resolves once every tenant has been checked once. */
    readonly firstCheck: Promise<void>;
    /** Checks a tenant now (or waits for the check already running), e.g. after a delivery met a mismatch. */
    check(tenant: string): Promise<void>;
    /** Every tenant's last result. */
    state(): Record<string, TenantFit>;
    /** Whether the relay should take deliveries: no tenant is still `checking` or `does not fit`. */
    fits(): boolean;
    /**
     * After the tenants changed (a configuration reload replaced them): forgets the removed ones and checks
     * every tenant now.
     */
    sync(): void;
    /** Stops the periodic checks. */
    stop(): void;
}

/** How soon a tenant that does not fit (or whose Lime could not be asked) is checked again. */
const RECHECK_MS = 60_000;
/** The least time between two checks of a tenant that fits (its cache TTL may be shorter, or 0). */
const MIN_INTERVAL_MS = 60_000;

/**
 * The start-up fit check, kept up to date: checks each tenant's configuration against its Lime at once
 * (read-only, the checks `check-config` makes), then again whenever its cached limetypes are due for a
 * refresh (`lime.cacheTtlMs`, at least a minute): the check reads them through the tenant's catalog, so it
 * is what refreshes them, and deliveries work from what it read. A tenant that does not fit is checked
 * again every minute, so the relay becomes ready soon after Lime or the configuration is fixed. Changes
 * are logged: a tenant that does not fit at error level, naming every problem.
 */
export function startFitMonitor(options: {
    tenants: ReadonlyMap<string, TenantRuntime>;
    logger: Logger;
    /** TESTS ONLY: how soon a tenant is checked again (default: above). */
    recheckMs?: { fits: number; otherwise: number };
}): FitMonitor {
    const { tenants, logger } = options;
    const states = new Map<string, TenantFit>();
    const running = new Map<string, Promise<void>>();
    const timers = new Map<string, NodeJS.Timeout>();
    let stopped = false;

    const track = (name: string) => {
        if (!states.has(name))
            states.set(name, { status: 'checking', problems: [], checkedAt: undefined });
    };
    for (const name of tenants.keys()) track(name);

    async function run(name: string, runtime: TenantRuntime): Promise<void> {
        let next: TenantFit;
        try {
            // Its Lime requests log as the fit check's (a delivery's log with the delivery's id).
            const lime = runtime.lime.withScope({
                logger: logger.child({ tenant: name, check: 'fit' }),
            });
            const report = await checkTenantFit({ ...runtime, lime }, (limetype) =>
                runtime.catalog.limetype(limetype, { refresh: true })
            );
            next = {
                status: report.unavailable
                    ? 'unknown'
                    : report.findings.length > 0
                      ? 'does not fit'
                      : 'fits',
                problems: report.unavailable ? [report.unavailable] : report.findings,
                checkedAt: new Date(),
            };
        } catch (error) {
            // A bug in the check itself: it says nothing about the configuration.
            next = {
                status: 'unknown',
                problems: [`the fit check failed: ${(error as Error).message}`],
                checkedAt: new Date(),
            };
        }
        if (!tenants.has(name)) return; // removed by a reload while it was checked
        const previous = states.get(name);
        states.set(name, next);
        report(name, previous, next);
        schedule(name, runtime, next.status === 'fits');
    }

    function report(name: string, previous: TenantFit | undefined, next: TenantFit): void {
        const changed =
            previous?.status !== next.status ||
            previous.problems.join('\n') !== next.problems.join('\n');
        if (!changed) return;
        const log = logger.child({ tenant: name });
        if (next.status === 'does not fit')
            log.error(
                { problems: next.problems },
                'The configuration does not fit Lime: deliveries that need what is missing are refused with 500 configuration_mismatch, and /readyz answers 503'
            );
        else if (next.status === 'unknown')
            log.warn({ problems: next.problems }, 'Could not check the configuration against Lime');
        else log.info('The configuration fits Lime');
    }

    function schedule(name: string, runtime: TenantRuntime, fits: boolean): void {
        clearTimeout(timers.get(name));
        if (stopped) return;
        const delay = fits
            ? (options.recheckMs?.fits ?? Math.max(runtime.config.lime.cacheTtlMs, MIN_INTERVAL_MS))
            : (options.recheckMs?.otherwise ?? RECHECK_MS);
        const timer = setTimeout(() => void check(name), delay);
        timer.unref();
        timers.set(name, timer);
    }

    function check(name: string): Promise<void> {
        const runtime = tenants.get(name);
        if (!runtime || stopped) return Promise.resolve();
        let current = running.get(name);
        if (!current) {
            current = run(name, runtime).finally(() => running.delete(name));
            running.set(name, current);
        }
        return current;
    }

    const firstCheck = Promise.all([...tenants.keys()].map((name) => check(name))).then(() => {});
    return {
        firstCheck,
        check,
        state: () => Object.fromEntries(states),
        fits: () =>
            [...states.values()].every((fit) => fit.status === 'fits' || fit.status === 'unknown'),
        sync() {
            for (const name of [...states.keys()]) {
                if (tenants.has(name)) continue;
                states.delete(name);
                clearTimeout(timers.get(name));
                timers.delete(name);
            }
            for (const name of tenants.keys()) {
                track(name);
                // A check still running read the tenant's old runtime: check again once it is done.
                void (running.get(name) ?? Promise.resolve()).then(() => check(name));
            }
        },
        stop() {
            stopped = true;
            for (const timer of timers.values()) clearTimeout(timer);
            timers.clear();
        },
    };
}
