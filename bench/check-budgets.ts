import { BUDGETS } from './budgets.ts';
import { roundRatios, type BenchResults, type BudgetCheck } from './write-report.ts';
import { computeMediaRatios } from './sections/media.ts';
import { ratio } from './support/stats.ts';

/** Checks every budget whose figures this run has. */
export function checkBudgets(results: BenchResults): BudgetCheck[] {
    const checks: BudgetCheck[] = [];
    const add = (name: string, measured: number, limit: number, kind: 'min' | 'max'): void => {
        if (Number.isNaN(measured)) return;
        checks.push({
            name,
            measured,
            limit,
            kind,
            passed: kind === 'min' ? measured >= limit : measured <= limit,
        });
    };
    const intake = results.intake ?? [];
    const find = (target: string, payload: string, mode: string, connections = 10) =>
        intake.find(
            (c) =>
                c.target === target &&
                c.payload === payload &&
                c.mode === mode &&
                c.connections === connections
        );
    /** The relay's requests/s over the baseline's in the same rounds (median), as in the report. */
    const toBaseline = (payload: string, mode: string, connections = 10): number =>
        roundRatios(
            find('relay', payload, mode, connections),
            find('baseline', payload, 'repeat', connections)
        ).median;
    const manyConnections = Math.max(0, ...intake.map((c) => c.connections));
    add(
        'intake, sample, repeat: relay / baseline',
        toBaseline('sample', 'repeat'),
        BUDGETS.intakeRepeatRatio,
        'min'
    );
    add(
        `intake, sample, repeat, ${manyConnections} connections: relay / baseline`,
        toBaseline('sample', 'repeat', manyConnections),
        BUDGETS.intakeRepeatManyConnectionsRatio,
        'min'
    );
    add(
        'intake, sample, distinct: relay / baseline',
        toBaseline('sample', 'distinct'),
        BUDGETS.intakeDistinctRatio,
        'min'
    );
    add(
        'intake, 1,000 messages, repeat: relay / baseline',
        toBaseline('1,000 messages', 'repeat'),
        BUDGETS.intakeLongRepeatRatio,
        'min'
    );
    add(
        'durability, sample, repeat: fsync journal / in-memory journal',
        ratio(
            find('relay', 'sample', 'repeat')?.requestsPerSecond ?? Number.NaN,
            find('relay-memory', 'sample', 'repeat')?.requestsPerSecond ?? 0
        ),
        BUDGETS.durabilityRatio,
        'min'
    );
    const e2e = results.endToEnd;
    if (e2e) {
        const slow = e2e.latency.find((c) => c.latencyMs === 50);
        if (slow) {
            add(
                'end to end, 50 ms Lime: conversations/s / ceiling',
                ratio(slow.conversationsPerSecond, slow.ceilingPerSecond),
                BUDGETS.endToEndCeilingRatio,
                'min'
            );
        }
        add(
            'Lime requests per first send',
            e2e.requests.firstSend,
            BUDGETS.firstSendRequests,
            'max'
        );
        add(
            'Lime requests per changed re-send',
            e2e.requests.changedResend,
            BUDGETS.changedResendRequests,
            'max'
        );
        add(
            'Lime requests per unchanged re-send',
            e2e.requests.unchangedResend,
            BUDGETS.unchangedResendRequests,
            'max'
        );
    }
    if (results.transcript) {
        add(
            'transcript: µs/message at 100,000 / at 1,000',
            results.transcript.linearityRatio,
            BUDGETS.transcriptLinearityRatio,
            'max'
        );
    }
    if (results.component) {
        add(
            'component bundle, gzip bytes',
            results.component.gzipBytes,
            BUDGETS.bundleGzipBytes,
            'max'
        );
        for (const c of results.component.cases) {
            add(
                `component, ${c.model} model, ${c.conversations} conversations: Lime requests per load`,
                Math.max(c.firstLoadRequests, c.laterLoadRequests),
                BUDGETS.componentRequestsPerLoad,
                'max'
            );
        }
        for (const model of ['limeChat', 'extended']) {
            const one = results.component.cases.find(
                (c) => c.model === model && c.conversations === 1
            );
            const many = results.component.cases.find(
                (c) => c.model === model && c.conversations > 1
            );
            if (one && many) {
                add(
                    `component, ${model} model: first page of ${many.conversations} / 1 conversation`,
                    ratio(many.pageMs, one.pageMs),
                    BUDGETS.componentRenderRatio,
                    'max'
                );
            }
        }
    }
    const scale = results.scaleOut ?? [];
    const one = scale.find((c) => c.instances === 1)?.deliveriesPerSecond ?? Number.NaN;
    const three = scale.find((c) => c.instances === 3)?.deliveriesPerSecond ?? Number.NaN;
    add('scale-out: 3 instances / 1 instance', ratio(three, one), BUDGETS.scaleOutRatio, 'min');
    if (results.media) {
        const media = computeMediaRatios(results.media);
        add(
            'media: relay MiB/s / plain copy MiB/s',
            media.throughput,
            BUDGETS.mediaThroughputRatio,
            'min'
        );
        add(
            'media: relay peak RSS growth / largest file',
            media.memory,
            BUDGETS.mediaMemoryRatio,
            'max'
        );
    }
    return checks;
}
