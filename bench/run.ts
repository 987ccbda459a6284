/**
 * `npm run bench`: the benchmark suite. Measures intake, durability cost, end to end sync, transcript
 * rendering, the web component and scale-out on PostgreSQL, writes docs/benchmarks.md, and exits 1 when a
 * budget (bench/budgets.ts) is missed or a section failed.
 *
 * Options: `--only=intake,end-to-end,transcript,component,scale-out,media` runs some sections;
 * `--quick` runs one short repetition of each (for trying the suite, not for figures).
 * `BENCH_CPU_PROF=<dir>` writes CPU profiles of the server processes; `TEST_DATABASE_URL` selects the
 * PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { checkBudgets } from './check-budgets.ts';
import { measureComponent } from './sections/component.ts';
import { measureEndToEnd } from './sections/end-to-end.ts';
import { measureIntake } from './sections/intake.ts';
import { measureMedia } from './sections/media.ts';
import { measureScaleOut } from './sections/scale-out.ts';
import { measureTranscript } from './sections/transcript.ts';
import { describeMachine } from './support/machine.ts';
import { renderReport, type BenchResults } from './write-report.ts';

const SECTIONS = ['intake', 'end-to-end', 'transcript', 'component', 'scale-out', 'media'] as const;
type Section = (typeof SECTIONS)[number];
const REPORT = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

function parseArguments(argv: string[]): { only: Set<Section>; quick: boolean } {
    let only = new Set<Section>(SECTIONS);
    let quick = false;
    for (const argument of argv) {
        if (argument === '--quick') quick = true;
        else if (argument.startsWith('--only=')) {
            const names = argument.slice('--only='.length).split(',');
            const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
            if (unknown.length > 0) {
                throw new Error(
                    `Unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`
                );
            }
            only = new Set(names as Section[]);
        } else throw new Error(`Unknown option ${argument} (use --only=… and/or --quick)`);
    }
    return { only, quick };
}

const { only, quick } = parseArguments(process.argv.slice(2));
const repetitions = quick ? 1 : 3;
const settings = {
    repetitions,
    intake: {
        repetitions,
        warmupSeconds: quick ? 1 : 2,
        durationSeconds: quick ? 2 : 5,
        connections: 10,
        manyConnections: 100,
        maxRequestsPerRun: 250_000,
    },
    endToEnd: {
        repetitions,
        conversationsPerRun: quick ? 20 : 60,
        concurrency: 4,
        maxSecondsPerRun: 60,
    },
    transcript: { sizes: [1_000, 10_000, 100_000], repetitions },
    component: { conversations: 200, repetitions },
    scaleOut: {
        repetitions,
        warmupSeconds: quick ? 1 : 2,
        durationSeconds: quick ? 2 : 5,
        connections: 12,
        maxRequestsPerRun: 250_000,
    },
    media: {
        repetitions,
        // 100 MiB in all; --quick imports a fifth of it.
        files: quick ? 4 : 20,
        fileBytes: 5 * 1024 * 1024,
        filesPerConversation: 5,
        concurrency: 4,
        maxSecondsPerRun: 120,
    },
};

const log = (line: string): void => console.log(line);
const started = new Date();
const results: BenchResults = {
    startedAt: started,
    durationSeconds: 0,
    machine: describeMachine(),
    settings,
    missing: {},
};
let failed = false;

/** Runs one section; a failure is reported and recorded, and the other sections still run. */
async function runSection(name: Section, measure: () => Promise<void>): Promise<void> {
    if (!only.has(name)) {
        results.missing[name] = 'not selected';
        return;
    }
    log(`${name}…`);
    try {
        await measure();
    } catch (error) {
        failed = true;
        const message = error instanceof Error ? error.message : String(error);
        results.missing[name] = `failed: ${message.split('\n')[0]}`;
        console.error(`${name} failed:`, error);
    }
}

await runSection('intake', async () => {
    results.intake = await measureIntake(settings.intake, log);
});
await runSection('end-to-end', async () => {
    results.endToEnd = await measureEndToEnd(settings.endToEnd, log);
});
await runSection('transcript', async () => {
    results.transcript = await measureTranscript(settings.transcript, log);
});
await runSection('component', async () => {
    results.component = await measureComponent(settings.component, log);
});
await runSection('scale-out', async () => {
    results.scaleOut = await measureScaleOut(settings.scaleOut, log);
});
await runSection('media', async () => {
    results.media = await measureMedia(settings.media, log);
});

results.durationSeconds = (Date.now() - started.getTime()) / 1000;
const checks = checkBudgets(results);
// Formatted like every other file, so `npm run lint` (prettier --check) accepts the generated report.
const prettierOptions = (await resolveConfig(REPORT)) ?? {};
writeFileSync(
    REPORT,
    await format(renderReport(results, checks), { ...prettierOptions, filepath: REPORT })
);
log(`Wrote ${REPORT} (${results.durationSeconds.toFixed(0)} s).`);
const missed = checks.filter((check) => !check.passed);
for (const check of missed) {
    console.error(`Budget missed: ${check.name}: ${check.measured} (limit ${check.limit})`);
}
process.exitCode = failed || missed.length > 0 ? 1 : 0;
