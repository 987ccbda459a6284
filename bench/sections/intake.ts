import { runLoad, type LoadResult } from '../support/load.ts';
import {
    buildConversation,
    createBodyTemplate,
    readSamplePayload,
    type Payload,
} from '../support/payloads.ts';
import { BENCH_RELAY_API_KEY } from '../support/relay-config.ts';
import { median } from '../support/stats.ts';
import {
    startBaseline,
    startRelayTarget,
    takeConversationId,
    type RunningTarget,
} from '../support/targets.ts';

/**
 * Sections 1 and 2: the webhook endpoint under autocannon load (loopback, 10 connections and, for the sample
 * repeat, 100; no pipelining), Lime instant. Targets: the JSON-only baseline; the relay with its journal in
 * a SQLite file (WAL synced to disk, as shipped); the relay with its journal in SQLite's memory (no file, no
 * fsync: the same code writing nothing durable). All targets run side by side and the repetitions are
 * interleaved, so a noisy neighbour hits every target alike; each run of the relay is compared with the
 * baseline's run of the same round. Every run also records the CPU time the target's process spent per
 * answered request (user + system, all its threads), which the machine's noise disturbs far less than
 * requests/s.
 */

export type IntakeTarget = 'baseline' | 'relay' | 'relay-memory';
export type IntakeMode = 'repeat' | 'distinct';

/** One load run, with the CPU time the target spent on it. */
export interface IntakeRun extends LoadResult {
    /** The target process's CPU time (user + system) over the run, per answered request, µs. */
    cpuMicrosPerRequest: number;
}

/** One measured combination and its runs. */
export interface IntakeCase {
    target: IntakeTarget;
    payload: string;
    payloadBytes: number;
    mode: IntakeMode;
    connections: number;
    /** One per round, in round order (the baseline's run i was measured next to the relay's run i). */
    runs: IntakeRun[];
    /** Medians over the runs. */
    requestsPerSecond: number;
    p50Ms: number;
    p99Ms: number;
    cpuMicrosPerRequest: number;
}

export interface IntakeSettings {
    repetitions: number;
    warmupSeconds: number;
    durationSeconds: number;
    connections: number;
    /** The connections of the many-connections row (sample payload, repeat). */
    manyConnections: number;
    maxRequestsPerRun: number;
}

/** What one payload's servers are loaded with. */
interface PlanEntry {
    target: IntakeTarget;
    mode: IntakeMode;
    connections: number;
}

interface PlannedCase extends PlanEntry {
    /** The id posted over and over in `repeat` mode. */
    repeatId: number;
    runs: IntakeRun[];
}

/** Measures every planned case for one payload; the servers are started fresh for it. */
async function measurePayload(
    settings: IntakeSettings,
    payloadName: string,
    payload: Payload,
    plan: PlanEntry[],
    log: (line: string) => void
): Promise<IntakeCase[]> {
    const body = createBodyTemplate(payload);
    const targets = new Map<IntakeTarget, RunningTarget>();
    try {
        for (const target of new Set(plan.map((entry) => entry.target))) {
            targets.set(
                target,
                target === 'baseline'
                    ? await startBaseline()
                    : await startRelayTarget(target === 'relay' ? 'sqlite-file' : 'sqlite-memory')
            );
        }
        const cases: PlannedCase[] = plan.map((entry) => ({
            ...entry,
            repeatId: takeConversationId(),
            runs: [],
        }));
        const runCase = async (entry: PlannedCase, seconds: number): Promise<IntakeRun> => {
            const target = targets.get(entry.target) as RunningTarget;
            const cpuBefore = await target.process.call<number>('cpuTime');
            const result = await runLoad({
                url: target.url,
                path: target.mountPath,
                headers: { 'x-api-key': BENCH_RELAY_API_KEY },
                body,
                mode: entry.mode,
                nextId: entry.mode === 'repeat' ? () => entry.repeatId : takeConversationId,
                connections: entry.connections,
                durationSeconds: seconds,
                maxRequests: settings.maxRequestsPerRun,
            });
            const cpuAfter = await target.process.call<number>('cpuTime');
            return { ...result, cpuMicrosPerRequest: (cpuAfter - cpuBefore) / result.total };
        };
        // Warm-up: JIT, connection pools, Lime metadata caches; in repeat mode it also writes the
        // conversation once, so the measured requests are all repeats of an unchanged conversation.
        for (const entry of cases) await runCase(entry, settings.warmupSeconds);
        for (let round = 1; round <= settings.repetitions; round++) {
            for (const entry of cases) {
                const result = await runCase(entry, settings.durationSeconds);
                const label = `${entry.target} ${payloadName} ${entry.mode} ×${entry.connections}`;
                assertClean(result, label);
                entry.runs.push(result);
                log(
                    `  intake ${label} run ${round}: ${result.requestsPerSecond.toFixed(1)} req/s, ` +
                        `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ` +
                        `${result.cpuMicrosPerRequest.toFixed(0)} µs CPU/request`
                );
            }
        }
        return cases.map((entry) => ({
            target: entry.target,
            payload: payloadName,
            payloadBytes: body.bytes,
            mode: entry.mode,
            connections: entry.connections,
            runs: entry.runs,
            requestsPerSecond: median(entry.runs.map((run) => run.requestsPerSecond)),
            p50Ms: median(entry.runs.map((run) => run.p50Ms)),
            p99Ms: median(entry.runs.map((run) => run.p99Ms)),
            cpuMicrosPerRequest: median(entry.runs.map((run) => run.cpuMicrosPerRequest)),
        }));
    } finally {
        for (const target of targets.values()) await target.stop();
    }
}

/** A run with errors, timeouts or non-2xx answers measured something else than intake: fail loudly. */
function assertClean(result: LoadResult, label: string): void {
    if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0 || result.total === 0) {
        throw new Error(
            `Intake run "${label}" was not clean: ${result.total} answers ${JSON.stringify(result.statusCodes)}, ` +
                `${result.errors} errors, ${result.timeouts} timeouts`
        );
    }
}

/**
 * Sections 1 and 2: the sample payload and a 1,000-message conversation; the sample's repeat also with many
 * connections (baseline and relay with its file journal).
 */
export async function measureIntake(
    settings: IntakeSettings,
    log: (line: string) => void
): Promise<IntakeCase[]> {
    const sample = readSamplePayload();
    const long = buildConversation(1_000, sample.id as number);
    const { connections, manyConnections } = settings;
    const all: PlanEntry[] = [
        { target: 'baseline', mode: 'repeat', connections },
        { target: 'relay', mode: 'repeat', connections },
        { target: 'relay', mode: 'distinct', connections },
        { target: 'relay-memory', mode: 'repeat', connections },
        { target: 'relay-memory', mode: 'distinct', connections },
    ];
    const many: PlanEntry[] = [
        { target: 'baseline', mode: 'repeat', connections: manyConnections },
        { target: 'relay', mode: 'repeat', connections: manyConnections },
    ];
    return [
        ...(await measurePayload(settings, 'sample', sample, [...all, ...many], log)),
        ...(await measurePayload(settings, '1,000 messages', long, all, log)),
    ];
}
