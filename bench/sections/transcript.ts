import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RenderMeasurement } from '../workers/render-transcript.ts';
import { median } from '../support/stats.ts';

/**
 * Section 4: transcript rendering at 1,000, 10,000 and 100,000 messages, each in its own child process
 * (repeated; medians), to show that time and memory grow linearly with the message count.
 */

const WORKER = fileURLToPath(new URL('../workers/render-transcript.ts', import.meta.url));
const run = promisify(execFile);

export interface TranscriptCase {
    messages: number;
    runs: RenderMeasurement[];
    milliseconds: number;
    microsecondsPerMessage: number;
    heapGrowthBytes: number;
    maxRssBytes: number;
    notes: number;
}

export interface TranscriptResult {
    cases: TranscriptCase[];
    /** Per-message time of the largest size over that of the smallest (1.0 = perfectly linear). */
    linearityRatio: number;
}

/** Section 4. */
export async function measureTranscript(
    settings: { sizes: number[]; repetitions: number },
    log: (line: string) => void
): Promise<TranscriptResult> {
    const cases: TranscriptCase[] = [];
    for (const messages of settings.sizes) {
        const runs: RenderMeasurement[] = [];
        for (let round = 1; round <= settings.repetitions; round++) {
            const { stdout } = await run(
                process.execPath,
                ['--expose-gc', '--disable-warning=ExperimentalWarning', WORKER, String(messages)],
                { timeout: 120_000, maxBuffer: 1024 * 1024 }
            );
            runs.push(JSON.parse(stdout) as RenderMeasurement);
        }
        const milliseconds = median(runs.map((entry) => entry.milliseconds));
        const result: TranscriptCase = {
            messages,
            runs,
            milliseconds,
            microsecondsPerMessage: (milliseconds * 1000) / messages,
            heapGrowthBytes: median(runs.map((entry) => entry.heapGrowthBytes)),
            maxRssBytes: median(runs.map((entry) => entry.maxRssBytes)),
            notes: runs[0]?.notes ?? 0,
        };
        cases.push(result);
        log(
            `  transcript ${messages} messages: ${milliseconds.toFixed(1)} ms ` +
                `(${result.microsecondsPerMessage.toFixed(2)} µs/message), ${result.notes} notes`
        );
    }
    const first = cases[0];
    const last = cases[cases.length - 1];
    return {
        cases,
        linearityRatio:
            first && last ? last.microsecondsPerMessage / first.microsecondsPerMessage : Number.NaN,
    };
}
