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
 * Sections 1 and 2: the webhook endpoint under autocannon load (loopback, 10 connections, no pipelining),
 * Lime instant. Targets: the JSON-only baseline; the relay with its journal in a SQLite file
 * (WAL, synchronous=FULL, as shipped); the relay with its journal in SQLite's memory (no file, no fsync:
 * the same code writing nothing durable). All targets run side by side and the repetitions are
 * interleaved, so a noisy neighbour hits every target alike.
 */

export type IntakeTarget = 'baseline' | 'relay' | 'relay-memory';
export type IntakeMode = 'repeat' | 'distinct';

/** One measured combination and its runs. */
export interface IntakeCase {
    target: IntakeTarget;
    payload: string;
    payloadBytes: number;
    mode: IntakeMode;
    runs: LoadResult[];
    /** Medians over the runs. */
    requestsPerSecond: number;
    p50Ms: number;
    p99Ms: number;
}

export interface IntakeSettings {
    repetitions: number;
    warmupSeconds: number;
    durationSeconds: number;
    connections: number;
    maxRequestsPerRun: number;
}

interface PlannedCase {
    target: IntakeTarget;
    mode: IntakeMode;
    /** The id posted over and over in `repeat` mode. */
    repeatId: number;
    runs: LoadResult[];
}

/** Measures every planned case for one payload; the servers are started fresh for it. */
async function measurePayload(
    settings: IntakeSettings,
    payloadName: string,
    payload: Payload,
    plan: { target: IntakeTarget; mode: IntakeMode }[],
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
        const runCase = (entry: PlannedCase, seconds: number): Promise<LoadResult> => {
            const target = targets.get(entry.target) as RunningTarget;
            return runLoad({
                url: target.url,
                path: target.mountPath,
                headers: { 'x-api-key': BENCH_RELAY_API_KEY },
                body,
                mode: entry.mode,
                nextId: entry.mode === 'repeat' ? () => entry.repeatId : takeConversationId,
                connections: settings.connections,
                durationSeconds: seconds,
                maxRequests: settings.maxRequestsPerRun,
            });
        };
        // Warm-up: JIT, connection pools, Lime metadata caches; in repeat mode it also writes the
        // conversation once, so the measured requests are all repeats of an unchanged conversation.
        for (const entry of cases) await runCase(entry, settings.warmupSeconds);
        for (let round = 1; round <= settings.repetitions; round++) {
            for (const entry of cases) {
                const result = await runCase(entry, settings.durationSeconds);
                assertClean(result, `${entry.target} ${payloadName} ${entry.mode}`);
                entry.runs.push(result);
                log(
                    `  intake ${payloadName} ${entry.target} ${entry.mode} run ${round}: ` +
                        `${result.requestsPerSecond.toFixed(1)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`
                );
            }
        }
        return cases.map((entry) => ({
            target: entry.target,
            payload: payloadName,
            payloadBytes: body.bytes,
            mode: entry.mode,
            runs: entry.runs,
            requestsPerSecond: median(entry.runs.map((run) => run.requestsPerSecond)),
            p50Ms: median(entry.runs.map((run) => run.p50Ms)),
            p99Ms: median(entry.runs.map((run) => run.p99Ms)),
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

/** Sections 1 and 2: the sample payload and a 1,000-message conversation. */
export async function measureIntake(
    settings: IntakeSettings,
    log: (line: string) => void
): Promise<IntakeCase[]> {
    const sample = readSamplePayload();
    const long = buildConversation(1_000, sample.id as number);
    const all: { target: IntakeTarget; mode: IntakeMode }[] = [
        { target: 'baseline', mode: 'repeat' },
        { target: 'relay', mode: 'repeat' },
        { target: 'relay', mode: 'distinct' },
        { target: 'relay-memory', mode: 'repeat' },
        { target: 'relay-memory', mode: 'distinct' },
    ];
    return [
        ...(await measurePayload(settings, 'sample', sample, all, log)),
        ...(await measurePayload(settings, '1,000 messages', long, all, log)),
    ];
}
