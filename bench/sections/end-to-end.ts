import {
    createBodyTemplate,
    readSamplePayload,
    SEEDED_PERSON_EMAIL,
    type Payload,
} from '../support/payloads.ts';
import { BENCH_RELAY_API_KEY } from '../support/relay-config.ts';
import { median } from '../support/stats.ts';
import { startRelayTarget, takeConversationId, type RunningTarget } from '../support/targets.ts';

/**
 * Section 3: conversations fully synced per second (each POST answered 200 with the link, i.e. written to
 * Lime) with 0 ms and 50 ms added Lime latency, and the Lime requests per first send, per changed
 * re-send and per unchanged re-send, counted by the sandbox.
 */

/** The fewest Lime requests the data model allows (warm caches), see docs/benchmarks.md. */
export const MINIMUM_REQUESTS = { firstSend: 5, changedResend: 3, unchangedResend: 0 } as const;

export interface EndToEndLatencyCase {
    latencyMs: number;
    conversations: number;
    /** Conversations synced per second, one value per run. */
    runs: number[];
    conversationsPerSecond: number;
    /** What the worker concurrency and the minimum request count allow at this latency (0 ms: n/a). */
    ceilingPerSecond: number;
}

export interface RequestCounts {
    firstSend: number;
    changedResend: number;
    unchangedResend: number;
    /** Requests by kind for one first send, e.g. `{"GET limeobject/person": 1}`. */
    firstSendByKind: Record<string, number>;
    changedResendByKind: Record<string, number>;
}

export interface EndToEndResult {
    latency: EndToEndLatencyCase[];
    requests: RequestCounts;
    concurrency: number;
}

export interface EndToEndSettings {
    repetitions: number;
    conversationsPerRun: number;
    /** The relay's `delivery.concurrency` (the client sends as many at once). */
    concurrency: number;
    /** Bound in time per run. */
    maxSecondsPerRun: number;
}

interface SandboxCounts {
    total: number;
    failed: number;
    byKind: Record<string, number>;
}

function conversationPayload(id: number, extraMessage = false): string {
    const payload = readSamplePayload();
    (payload.contact as Payload).email = SEEDED_PERSON_EMAIL;
    if (extraMessage) {
        const transcript = payload.transcript as Payload[];
        const last = structuredClone(transcript[1] as Payload);
        last.id = `${id}.extra`;
        last.body = last.body_plain = 'One more question, please.';
        last.sent_at = '2024-02-22T16:10:00.000Z';
        transcript.push(last);
    }
    return createBodyTemplate(payload).withId(id);
}

/** Posts the bodies, `concurrency` at a time; rejects on any answer but 200, or after `maxSeconds`. */
async function postAll(
    target: RunningTarget,
    bodies: string[],
    concurrency: number,
    maxSeconds: number
): Promise<number> {
    const started = performance.now();
    const deadline = AbortSignal.timeout(maxSeconds * 1000);
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < bodies.length) {
            const body = bodies[next++] as string;
            const response = await fetch(`${target.url}${target.mountPath}`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-api-key': BENCH_RELAY_API_KEY },
                body,
                signal: deadline,
            });
            const text = await response.text();
            if (response.status !== 200) {
                throw new Error(
                    `End to end: the relay answered ${response.status} (${text.slice(0, 200)})`
                );
            }
        }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return (performance.now() - started) / 1000;
}

async function countSandboxRequests(target: RunningTarget): Promise<SandboxCounts> {
    const counts = await target.sandbox?.call<SandboxCounts>('countRequests');
    if (!counts) throw new Error('End to end: the relay target has no sandbox');
    if (counts.failed > 0) {
        throw new Error(`End to end: ${counts.failed} Lime requests failed in the sandbox`);
    }
    return counts;
}

function perConversation(counts: SandboxCounts, conversations: number): Record<string, number> {
    return Object.fromEntries(
        Object.entries(counts.byKind).map(([kind, count]) => [kind, count / conversations])
    );
}

/** Section 3. */
export async function measureEndToEnd(
    settings: EndToEndSettings,
    log: (line: string) => void
): Promise<EndToEndResult> {
    const target = await startRelayTarget('sqlite-file');
    try {
        const sandbox = target.sandbox as NonNullable<RunningTarget['sandbox']>;
        // Warm the relay's caches (limetypes, coworkers) and the JIT with a few conversations.
        const warm = Array.from({ length: settings.concurrency * 2 }, () =>
            conversationPayload(takeConversationId())
        );
        await postAll(target, warm, settings.concurrency, settings.maxSecondsPerRun);

        // Request counts: first sends, then the same conversations changed, then unchanged.
        const n = settings.conversationsPerRun;
        const ids = Array.from({ length: n }, () => takeConversationId());
        await sandbox.call('clearRequests');
        await postAll(
            target,
            ids.map((id) => conversationPayload(id)),
            settings.concurrency,
            settings.maxSecondsPerRun
        );
        const first = await countSandboxRequests(target);
        await sandbox.call('clearRequests');
        const changedBodies = ids.map((id) => conversationPayload(id, true));
        await postAll(target, changedBodies, settings.concurrency, settings.maxSecondsPerRun);
        const changed = await countSandboxRequests(target);
        await sandbox.call('clearRequests');
        await postAll(target, changedBodies, settings.concurrency, settings.maxSecondsPerRun);
        const unchanged = await countSandboxRequests(target);
        const requests: RequestCounts = {
            firstSend: first.total / n,
            changedResend: changed.total / n,
            unchangedResend: unchanged.total / n,
            firstSendByKind: perConversation(first, n),
            changedResendByKind: perConversation(changed, n),
        };
        log(
            `  end to end: Lime requests per first send ${requests.firstSend}, changed re-send ` +
                `${requests.changedResend}, unchanged re-send ${requests.unchangedResend}`
        );

        const latency: EndToEndLatencyCase[] = [];
        for (const latencyMs of [0, 50]) {
            await sandbox.call('setLatency', latencyMs);
            const runs: number[] = [];
            for (let round = 1; round <= settings.repetitions; round++) {
                const bodies = Array.from({ length: n }, () =>
                    conversationPayload(takeConversationId())
                );
                const seconds = await postAll(
                    target,
                    bodies,
                    settings.concurrency,
                    settings.maxSecondsPerRun
                );
                runs.push(n / seconds);
                log(
                    `  end to end ${latencyMs} ms Lime latency run ${round}: ${(n / seconds).toFixed(1)} conversations/s`
                );
            }
            latency.push({
                latencyMs,
                conversations: n,
                runs,
                conversationsPerSecond: median(runs),
                ceilingPerSecond:
                    latencyMs > 0
                        ? (settings.concurrency * 1000) / (MINIMUM_REQUESTS.firstSend * latencyMs)
                        : Number.NaN,
            });
        }
        await sandbox.call('setLatency', 0);
        return { latency, requests, concurrency: settings.concurrency };
    } finally {
        await target.stop();
    }
}
