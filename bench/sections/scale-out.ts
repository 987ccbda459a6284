import {
    createTestSchemaName,
    dropTestSchema,
    TEST_DATABASE_URL,
} from '../../relay/test-support/postgres-test-database.ts';
import { runLoad, type LoadResult } from '../support/load.ts';
import { createBodyTemplate, readSamplePayload } from '../support/payloads.ts';
import { BENCH_RELAY_API_KEY } from '../support/relay-config.ts';
import { median } from '../support/stats.ts';
import {
    startRelayTarget,
    startSandboxServer,
    takeConversationId,
    type RunningTarget,
} from '../support/targets.ts';

/**
 * Section 6: deliveries per second (distinct conversations, each written to Lime) with one and with three
 * relay processes on one PostgreSQL schema, Lime instant. The connections are split evenly over the
 * instances and the instances are loaded at the same time; the figure is all 2xx answers over the run.
 */

export interface ScaleOutCase {
    instances: number;
    runs: number[];
    deliveriesPerSecond: number;
    p99Ms: number;
}

export interface ScaleOutSettings {
    repetitions: number;
    warmupSeconds: number;
    durationSeconds: number;
    connections: number;
    maxRequestsPerRun: number;
}

async function loadAll(
    relays: RunningTarget[],
    settings: ScaleOutSettings,
    seconds: number
): Promise<{ perSecond: number; p99Ms: number }> {
    const body = createBodyTemplate(readSamplePayload());
    const results: LoadResult[] = await Promise.all(
        relays.map((relay) =>
            runLoad({
                url: relay.url,
                path: relay.mountPath,
                headers: { 'x-api-key': BENCH_RELAY_API_KEY },
                body,
                mode: 'distinct',
                nextId: takeConversationId,
                connections: Math.max(1, Math.floor(settings.connections / relays.length)),
                durationSeconds: seconds,
                maxRequests: Math.floor(settings.maxRequestsPerRun / relays.length),
            })
        )
    );
    for (const result of results) {
        if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
            throw new Error(
                `Scale-out run was not clean: ${JSON.stringify(result.statusCodes)}, ` +
                    `${result.errors} errors, ${result.timeouts} timeouts`
            );
        }
    }
    const total = results.reduce((sum, result) => sum + result.total, 0);
    const duration = Math.max(...results.map((result) => result.durationSeconds));
    return { perSecond: total / duration, p99Ms: Math.max(...results.map((r) => r.p99Ms)) };
}

/** Section 6; a fresh schema per instance count, dropped afterwards. */
export async function measureScaleOut(
    settings: ScaleOutSettings,
    log: (line: string) => void
): Promise<ScaleOutCase[]> {
    const cases: ScaleOutCase[] = [];
    for (const instances of [1, 3]) {
        const schema = createTestSchemaName('relay_test_bench');
        const sandbox = await startSandboxServer();
        const relays: RunningTarget[] = [];
        try {
            const journal = { postgres: `${TEST_DATABASE_URL}?schema=${schema}` };
            // One after the other: the first creates the schema, the others find it migrated.
            for (let index = 0; index < instances; index++) {
                relays.push(await startRelayTarget(journal, sandbox));
            }
            await loadAll(relays, settings, settings.warmupSeconds);
            const runs: number[] = [];
            const p99s: number[] = [];
            for (let round = 1; round <= settings.repetitions; round++) {
                const { perSecond, p99Ms } = await loadAll(
                    relays,
                    settings,
                    settings.durationSeconds
                );
                runs.push(perSecond);
                p99s.push(p99Ms);
                log(
                    `  scale-out ${instances} instance(s) run ${round}: ${perSecond.toFixed(1)} deliveries/s`
                );
            }
            cases.push({
                instances,
                runs,
                deliveriesPerSecond: median(runs),
                p99Ms: median(p99s),
            });
        } finally {
            for (const relay of relays) await relay.stop();
            await sandbox.stop();
            await dropTestSchema(schema);
        }
    }
    return cases;
}
