import type { ComponentResult } from './sections/component.ts';
import type { EndToEndResult } from './sections/end-to-end.ts';
import { MINIMUM_REQUESTS } from './sections/end-to-end.ts';
import type { IntakeCase } from './sections/intake.ts';
import { computeMediaRatios, type MediaResult } from './sections/media.ts';
import type { ScaleOutCase } from './sections/scale-out.ts';
import type { TranscriptResult } from './sections/transcript.ts';
import type { MachineDescription } from './support/machine.ts';
import { formatBytes, formatNumber, formatRuns, median, ratio } from './support/stats.ts';

/** Everything one `npm run bench` measured; a section is absent when it was not run or failed. */
export interface BenchResults {
    startedAt: Date;
    durationSeconds: number;
    machine: MachineDescription;
    settings: Record<string, unknown>;
    intake?: IntakeCase[];
    endToEnd?: EndToEndResult;
    transcript?: TranscriptResult;
    component?: ComponentResult;
    scaleOut?: ScaleOutCase[];
    media?: MediaResult;
    /** Section name → why it has no figures. */
    missing: Record<string, string>;
}

/** One budget and whether this run kept it. */
export interface BudgetCheck {
    name: string;
    measured: number;
    limit: number;
    /** `min`: measured must be ≥ limit; `max`: ≤ limit. */
    kind: 'min' | 'max';
    passed: boolean;
}

function table(header: string[], rows: string[][]): string {
    return [
        `| ${header.join(' | ')} |`,
        `| ${header.map(() => '---').join(' | ')} |`,
        ...rows.map((row) => `| ${row.join(' | ')} |`),
    ].join('\n');
}

function findCase(
    cases: IntakeCase[],
    target: IntakeCase['target'],
    payload: string,
    mode: IntakeCase['mode'],
    connections = INTAKE_CONNECTIONS
): IntakeCase | undefined {
    return cases.find(
        (c) =>
            c.target === target &&
            c.payload === payload &&
            c.mode === mode &&
            c.connections === connections
    );
}

/** The connections of every intake row but the many-connections one. */
const INTAKE_CONNECTIONS = 10;

/**
 * The relay's requests/s over the baseline's, round by round (each baseline run was measured next to the
 * relay's run of the same round), and their median.
 */
export function roundRatios(
    relay: IntakeCase | undefined,
    baseline: IntakeCase | undefined
): { median: number; rounds: number[] } {
    if (!relay || !baseline) return { median: Number.NaN, rounds: [] };
    const rounds = relay.runs.map((run, index) =>
        ratio(run.requestsPerSecond, baseline.runs[index]?.requestsPerSecond ?? 0)
    );
    return { median: median(rounds), rounds };
}

const TARGET_NAMES: Record<IntakeCase['target'], string> = {
    baseline: 'baseline (express.json only)',
    relay: 'relay, SQLite file journal (synced to disk)',
    'relay-memory': 'relay, in-memory journal (no fsync)',
};
const MODE_NAMES: Record<IntakeCase['mode'], string> = {
    repeat: 'repeat of an unchanged conversation (dedupe fast path, 0 Lime requests)',
    distinct: 'distinct conversations (each written to Lime)',
};

/** The headline: the issue's three workloads (and the repeat with many connections) against the baseline. */
function intakeHeadline(cases: IntakeCase[]): string {
    const manyConnections = Math.max(...cases.map((c) => c.connections));
    const rows: [string, IntakeCase['mode'], number][] = [
        ['sample', 'repeat', INTAKE_CONNECTIONS],
        ['sample', 'repeat', manyConnections],
        ['sample', 'distinct', INTAKE_CONNECTIONS],
        ['1,000 messages', 'repeat', INTAKE_CONNECTIONS],
    ];
    return table(
        [
            'payload',
            'requests',
            'connections',
            'relay req/s',
            'baseline req/s',
            'ratio (median)',
            'ratio per round',
            'relay p50 / p99 ms',
            'baseline p50 / p99 ms',
            'CPU µs/request, relay / baseline',
        ],
        rows.flatMap(([payload, mode, connections]) => {
            const relay = findCase(cases, 'relay', payload, mode, connections);
            const baseline = findCase(cases, 'baseline', payload, 'repeat', connections);
            if (!relay || !baseline) return [];
            const ratios = roundRatios(relay, baseline);
            return [
                [
                    payload,
                    mode,
                    String(connections),
                    formatNumber(relay.requestsPerSecond),
                    formatNumber(baseline.requestsPerSecond),
                    `**${formatNumber(ratios.median, 3)}**`,
                    formatRuns(ratios.rounds, 3),
                    `${formatNumber(relay.p50Ms, 0)} / ${formatNumber(relay.p99Ms, 0)}`,
                    `${formatNumber(baseline.p50Ms, 0)} / ${formatNumber(baseline.p99Ms, 0)}`,
                    `${formatNumber(relay.cpuMicrosPerRequest, 0)} / ${formatNumber(baseline.cpuMicrosPerRequest, 0)}`,
                ],
            ];
        })
    );
}

function intakeSection(cases: IntakeCase[]): string {
    const payloads = [...new Set(cases.map((c) => c.payload))];
    const parts: string[] = [];
    for (const payload of payloads) {
        const rows = cases
            .filter((c) => c.payload === payload)
            .map((c) => [
                TARGET_NAMES[c.target],
                c.target === 'baseline' ? 'any (parses only)' : MODE_NAMES[c.mode],
                String(c.connections),
                formatNumber(c.requestsPerSecond),
                formatRuns(c.runs.map((run) => run.requestsPerSecond)),
                formatNumber(c.p50Ms, 0),
                formatNumber(c.p99Ms, 0),
                formatNumber(c.cpuMicrosPerRequest, 0),
                formatNumber(
                    roundRatios(c, findCase(cases, 'baseline', payload, 'repeat', c.connections))
                        .median,
                    4
                ),
            ]);
        parts.push(
            `### ${payload} (${formatBytes(cases.find((c) => c.payload === payload)?.payloadBytes ?? 0)} body)\n\n` +
                table(
                    [
                        'target',
                        'requests',
                        'connections',
                        'req/s (median)',
                        'runs',
                        'p50 ms',
                        'p99 ms',
                        'CPU µs/request',
                        'ratio to baseline',
                    ],
                    rows
                )
        );
    }
    const durability = payloads.map((payload) => {
        const row = (mode: IntakeCase['mode']): string[] => {
            const durable = findCase(cases, 'relay', payload, mode);
            const memory = findCase(cases, 'relay-memory', payload, mode);
            return [
                payload,
                MODE_NAMES[mode],
                formatNumber(durable?.requestsPerSecond ?? Number.NaN),
                formatNumber(memory?.requestsPerSecond ?? Number.NaN),
                formatNumber(
                    ratio(durable?.requestsPerSecond ?? Number.NaN, memory?.requestsPerSecond ?? 0),
                    2
                ),
            ];
        };
        return [row('repeat'), row('distinct')];
    });
    return [
        '## 1. Intake',
        '',
        'The webhook endpoint (`POST /userlike/`) under autocannon load on loopback, no pipelining, Lime ' +
            'instant (the sandbox with no added latency and no effective rate limit). The relay answers only ' +
            'once the delivery is journaled (on disk) **and** written to Lime (or found unchanged), so its ' +
            'requests/s is whole deliveries per second, while the baseline only parses the JSON with the same ' +
            'parser and body limit. Two workloads:',
        '',
        '- **repeat**: the same body over and over, i.e. a re-send of an unchanged conversation. Every request ' +
            'is journaled (as done, in the same commit) and answered with the link from the journal; no Lime ' +
            'request and no round through the worker.',
        "- **distinct**: a new conversation id per request (autocannon's `setupRequest`), i.e. a first send: " +
            '5 Lime requests each, up to `delivery.concurrency` (4) at once.',
        '',
        `Each round runs every target once, one after the other; a ratio compares the relay's run with the ` +
            "baseline's run of the same round, so a noisy moment weighs on both. CPU µs/request is the " +
            "target process's user + system CPU time over the run (all its threads, the WAL syncs included) " +
            "per answered request: the machine's noise moves it far less than requests/s.",
        '',
        intakeHeadline(cases),
        '',
        ...parts.flatMap((part) => [part, '']),
        '## 2. Durability cost',
        '',
        'The same relay, the same code path, with the journal in a SQLite file (WAL, each group commit ' +
            "fdatasync'd before its requests are answered; as shipped) and in SQLite's memory " +
            '(`delivery.store: ":memory:"`: the same SQL, nothing written to disk). Ratio = durable / in-memory.',
        '',
        table(
            ['payload', 'requests', 'durable req/s', 'in-memory req/s', 'ratio'],
            durability.flat()
        ),
        '',
    ].join('\n');
}

/** What keeps fsyncs off the paths the intake measures (the ratios above are what they cost). */
function fsyncNote(): string {
    return [
        '### Commits per delivery',
        '',
        'Every write of the journal (enqueue, claim, checkpoint, complete, retry) goes into a group commit: ' +
            'the writes asked for in one turn of the event loop share one SQLite transaction, and the WAL file ' +
            "is then fdatasync'd on libuv's thread pool (two syncs at most at once, the commits made meanwhile " +
            'sharing the next); each caller hears of its write only after a sync that began after its commit. ' +
            'A first send journals the delivery, claims it, saves its checkpoint and completes it: four writes, ' +
            'each sharing its commit and its sync with whatever else was written at that moment. Every Lime ' +
            'request also takes a rate slot, committed through a second SQLite connection without fsync ' +
            '(PostgreSQL: `synchronous_commit = off` for that transaction), since a power cut that loses the ' +
            'last few slots only lets a few more requests through (relay/src/delivery/sqlite-delivery-store.ts). ' +
            'A repeat of the last written conversation with nothing of it pending is journaled as done in its ' +
            'enqueue, without its payload (nothing will run it): one small row in a shared commit, no worker.',
        '',
    ].join('\n');
}

/**
 * Where an intake request's time goes, from CPU profiles of the target processes (`BENCH_CPU_PROF`, and
 * the main thread's samples grouped by module) taken on the development machine. Not measured by this run:
 * the figures are the profiles', the shares held across several runs; the CPU column above is this run's.
 */
function intakeTimeNote(): string {
    return [
        '### Where the remaining time goes',
        '',
        'From CPU profiles of the relay process (`BENCH_CPU_PROF`, main thread, sample payload, repeat, 10 ' +
            'connections; three profiles on 4 December 2026). The machine is shared, so the absolute microseconds ' +
            'moved by up to half between profiles; the shares moved less, and are given as ranges.',
        '',
        '- **The disk, at 10 connections.** With the file journal every request waits for one fdatasync of ' +
            "the WAL (measured during the load: p50 0.9–1.4 ms, p90 2–4 ms, p99 5–10 ms on this machine's " +
            'shared disk), and ten clients can only have ten requests waiting: about 10 / (flush + the rest) ' +
            'requests/s, whatever the CPU. The relay process then uses about half a core. With 100 connections ' +
            'a commit holds about 45 requests and shares one flush, so the same journal reaches several times ' +
            'the throughput; what is left there is CPU.',
        "- **CPU, where the baseline spends it too** (about half of the relay's main thread): reading and " +
            'parsing HTTP, express routing, `JSON.parse` of the body (22 µs for the sample, 2.5 ms for 1,000 ' +
            'messages when the machine is quiet) and writing the answer to the socket.',
        '- **The journal** (11 to 18 % with the journal in memory, 25 % with the file): one row per request, ' +
            'its six indexes and the transaction; with the file also the WAL writes of each commit (two write ' +
            'calls per 4 KiB page, about 12 pages for a commit of 4–5 repeats) and, every 1,000 WAL pages, a ' +
            'checkpoint that copies the pages into the database file and fsyncs it on the main thread (pauses ' +
            'of about 3 ms for 2 % of the commits, which show in p99). The WAL flushes themselves run on the ' +
            "thread pool: kernel time, in the CPU column but not in the main thread's profile.",
        '- **The content hash** (6 to 7 %): the transcript rendered as the note shows it, then SHA-256; ' +
            'about 1 µs per message.',
        "- **Logging** (6 to 10 %): one JSON line per request, with pino's redaction of secret and personal " +
            'paths, and a child logger per request for its id.',
        '- **The rest**: authentication (hashing the key sent, 2.5 to 4 %), garbage collection of the ' +
            "request's objects (2 to 5 %), validation (Ajv: 2 µs for the sample, " +
            '0.15 ms for 1,000 messages), metrics.',
        '',
        'Not done, each measured to save a few percent: checkpoints on a worker thread of their own (the 3 ms ' +
            'pauses); partial indexes, so that a repeat journaled as done touches three indexes fewer (a ' +
            'migration: 40 % fewer WAL bytes per repeat and 4 µs less per insert, measured on SQLite alone).',
        '',
    ].join('\n');
}

function endToEndSection(result: EndToEndResult): string {
    const kinds = (byKind: Record<string, number>): string =>
        Object.entries(byKind)
            .map(([kind, count]) => `${kind} × ${formatNumber(count, 2)}`)
            .join(', ');
    return [
        '## 3. End to end',
        '',
        `Conversations posted by a client ${result.concurrency} at a time (the relay's ` +
            '`delivery.concurrency`), each answered 200 with the link, i.e. fully written to Lime; the ' +
            'sample payload with a contact email that finds one person, a fresh conversation id each.',
        '',
        table(
            [
                'added Lime latency',
                'conversations/run',
                'conversations/s (median)',
                'runs',
                'ceiling',
                'ratio to ceiling',
            ],
            result.latency.map((c) => [
                `${c.latencyMs} ms`,
                String(c.conversations),
                formatNumber(c.conversationsPerSecond),
                formatRuns(c.runs),
                Number.isFinite(c.ceilingPerSecond) ? formatNumber(c.ceilingPerSecond) : 'n/a',
                formatNumber(ratio(c.conversationsPerSecond, c.ceilingPerSecond), 2),
            ])
        ),
        '',
        'Ceiling: with Lime latency L, one delivery makes 5 requests one after the other, so ' +
            '`concurrency` deliveries at once give at most `concurrency / (5 × L)` per second. At 0 ms there ' +
            'is no such ceiling; the figure is bounded by CPU (relay and sandbox share 2 cores).',
        '',
        'Lime requests, counted by the sandbox (`requests()`), per conversation:',
        '',
        table(
            ['send', 'measured', 'minimum', 'requests'],
            [
                [
                    'first send',
                    formatNumber(result.requests.firstSend, 2),
                    String(MINIMUM_REQUESTS.firstSend),
                    kinds(result.requests.firstSendByKind),
                ],
                [
                    'changed re-send',
                    formatNumber(result.requests.changedResend, 2),
                    String(MINIMUM_REQUESTS.changedResend),
                    kinds(result.requests.changedResendByKind),
                ],
                [
                    'unchanged re-send',
                    formatNumber(result.requests.unchangedResend, 2),
                    String(MINIMUM_REQUESTS.unchangedResend),
                    '–',
                ],
            ]
        ),
        '',
        'The minimum the data model allows, with warm caches (limetypes and coworkers are cached by the relay):',
        '',
        '- **first send = 5**: look up the conversation record by `conversationid` (is it connected ' +
            'already?), look up the person (`query`), create the object, create the `ulconversation` record, ' +
            'create the history note. None can be skipped: the record lookup decides between create and ' +
            're-send, the person must be known before the object and note that relate to it, and Lime has no ' +
            'batch write.',
        '- **changed re-send = 3**: look up the record (it may have been connected to another object in Lime ' +
            'since), look up the person (it may have been created in Lime since), create the new complete note.',
        '- **unchanged re-send = 0**: the journal keeps the content hash of what was last written per ' +
            'conversation; an identical transcript is answered with the stored link without asking Lime.',
        '',
    ].join('\n');
}

function transcriptSection(result: TranscriptResult): string {
    return [
        '## 4. Transcript rendering',
        '',
        '`renderTranscript` then `splitNote` at the sandbox note length (4,000 characters), as the relay ' +
            'builds a note; one child process per size and run (`--expose-gc`, a small warm-up render first), ' +
            'the conversation built and validated before timing. Heap growth = `heapUsed` after rendering ' +
            '(result held) minus after a GC before; peak RSS = `resourceUsage().maxRSS` (includes the input ' +
            'conversation).',
        '',
        table(
            [
                'messages',
                'time ms (median)',
                'runs',
                'µs per message',
                'heap growth',
                'peak RSS',
                'notes',
            ],
            result.cases.map((c) => [
                c.messages.toLocaleString('en-US'),
                formatNumber(c.milliseconds),
                formatRuns(c.runs.map((run) => run.milliseconds)),
                formatNumber(c.microsecondsPerMessage, 2),
                formatBytes(c.heapGrowthBytes),
                formatBytes(c.maxRssBytes),
                String(c.notes),
            ])
        ),
        '',
        `Per-message time at the largest size over the smallest: **${formatNumber(result.linearityRatio, 2)}** ` +
            '(1 = perfectly linear; a quadratic step would give about 100).',
        '',
    ].join('\n');
}

function componentSection(result: ComponentResult): string {
    return [
        "## 5. The Lime package's frontend",
        '',
        `Module (\`npm run build\`, the namespace \`.esm.js\`): **${formatBytes(result.gzipBytes)} gzip** ` +
            `(${result.gzipBytes} bytes, level 9), ${formatBytes(result.rawBytes)} raw.`,
        '',
        "The conversations view in headless Chromium on the sandbox's stand-in web client, which loads the " +
            'built package as Lime does. A new view is mounted on a helpdesk ticket with 1 or 200 conversations ' +
            '(each with one note written as the relay writes it); times from setting `context` to the first row, ' +
            'and to every row of the first page (up to 50) with its notes; for 200, also to all 200 rows ' +
            'through "Show more". Requests are Lime API requests counted by the sandbox: a session\'s first load ' +
            '(which reads the history metadata once) and the most of the later loads.',
        '',
        table(
            [
                'data model',
                'conversations',
                'requests (first / later)',
                'first row ms',
                'page ms (median)',
                'page runs',
                'all rows',
            ],
            result.cases.map((c) => [
                c.model === 'limeChat' ? "Lime Chat's" : 'extended',
                String(c.conversations),
                `${c.firstLoadRequests} / ${c.laterLoadRequests}`,
                formatNumber(c.firstRowMs),
                `${formatNumber(c.pageMs)} (${c.pageRows} rows)`,
                formatRuns(c.pageRuns),
                c.allMs === undefined
                    ? ''
                    : `${formatNumber(c.allMs)} ms, ${c.allRequests} requests`,
            ])
        ),
        '',
        ...['limeChat', 'extended'].map((model) => {
            const one = result.cases.find((c) => c.model === model && c.conversations === 1);
            const many = result.cases.find((c) => c.model === model && c.conversations > 1);
            return one && many
                ? `- ${model === 'limeChat' ? "Lime Chat's model" : 'Extended model'}: first page of ${many.conversations} over 1: **${formatNumber(ratio(many.pageMs, one.pageMs), 1)}**.`
                : '';
        }),
        '',
    ].join('\n');
}

function scaleOutSection(cases: ScaleOutCase[]): string {
    const one = cases.find((c) => c.instances === 1);
    return [
        '## 6. Scale-out on PostgreSQL',
        '',
        'Relay processes on one fresh PostgreSQL schema (dropped afterwards), one sandbox, distinct ' +
            'conversations (sample payload), 12 connections split evenly over the instances, loaded at once.',
        '',
        table(
            ['instances', 'deliveries/s (median)', 'runs', 'p99 ms', 'ratio to 1 instance'],
            cases.map((c) => [
                String(c.instances),
                formatNumber(c.deliveriesPerSecond),
                formatRuns(c.runs),
                formatNumber(c.p99Ms, 0),
                formatNumber(ratio(c.deliveriesPerSecond, one?.deliveriesPerSecond ?? 0), 2),
            ])
        ),
        '',
        'On this 2-core machine the relays, the sandbox, PostgreSQL and the load generator share two ' +
            'cores, so more instances cannot add CPU; a ratio below 1 is mostly three processes contending for ' +
            'two cores. The figure shows that deliveries keep flowing when instances share one store (no ' +
            'contention collapse); it cannot show how far more machines scale.',
        '',
    ].join('\n');
}

function mediaSection(result: MediaResult): string {
    const ratios = computeMediaRatios(result);
    const mib = (bytes: number): string => formatNumber(bytes / (1024 * 1024));
    return [
        '## 7. Media import',
        '',
        `${result.files} generated files of ${formatBytes(result.fileBytes)} (${formatBytes(result.totalBytes)} ` +
            'in all), streamed by a local media server (its own process; each file generated block by block, ' +
            `never held whole). **Relay**: ${result.conversations} conversations (sample payload, ` +
            `${Math.ceil(result.files / result.conversations)} media items each, in the shape of ` +
            '`test/relay/media.test.ts`) posted to a fresh relay process (SQLite file journal, media from ' +
            "127.0.0.1 through the relay's test-only override), which writes each conversation and then " +
            'imports each file in a background job: look up the document by `ul_messageid`, stream the ' +
            'download into `POST /api/v1/file/`, create the document. Timed from the first POST until the ' +
            `sandbox holds every document (polled every 20 ms). **Plain copy** (baseline): the same files, ` +
            `${result.concurrency} at a time (the relay's \`delivery.concurrency\`), streamed with node:http ` +
            "from the media server into the sandbox's `POST /api/v1/file/`: what the pipe costs without the " +
            'relay. Runs alternate, the sandbox is emptied before each. After every relay run the sandbox is ' +
            'checked to hold each file once, with the right size and SHA-256, and the media server to have ' +
            'served each file once.',
        '',
        table(
            ['', 'MiB/s (median)', 'runs'],
            [
                ['plain copy', formatNumber(result.copyMibPerSecond), formatRuns(result.copyRuns)],
                [
                    'relay import',
                    formatNumber(result.relayMibPerSecond),
                    formatRuns(result.relayRuns.map((run) => run.mibPerSecond)),
                ],
            ]
        ),
        '',
        `Throughput ratio relay / plain copy: **${formatNumber(ratios.throughput, 2)}**.`,
        '',
        "Relay process memory, `process.resourceUsage().maxRSS` (the process's peak resident set) read in " +
            'the relay process right after start-up (idle, before the first POST) and once every file is ' +
            'imported:',
        '',
        table(
            ['', 'MiB (median)', 'runs'],
            [
                [
                    'peak RSS, idle after start-up',
                    mib(result.idleMaxRssBytes),
                    result.relayRuns.map((run) => mib(run.idleMaxRssBytes)).join(' / '),
                ],
                [
                    'peak RSS after the import',
                    mib(result.peakMaxRssBytes),
                    result.relayRuns.map((run) => mib(run.peakMaxRssBytes)).join(' / '),
                ],
                [
                    'growth',
                    mib(result.rssGrowthBytes),
                    result.relayRuns
                        .map((run) => mib(run.peakMaxRssBytes - run.idleMaxRssBytes))
                        .join(' / '),
                ],
            ]
        ),
        '',
        `Growth over the largest file (${formatBytes(result.fileBytes)}): **${formatNumber(ratios.memory, 2)}**; ` +
            `over all ${formatBytes(result.totalBytes)} imported: ${formatNumber(result.rssGrowthBytes / result.totalBytes, 2)}.`,
        '',
        'What the growth is: not files held in memory but garbage awaiting collection. Every chunk read ' +
            'from a socket is a new Buffer outside the V8 heap, freed only when V8 collects, and V8 lets such ' +
            'external memory grow by tens of MiB between collections. The growth therefore levels off instead ' +
            'of following the amount imported: measured once on this machine (21 November 2026, one run each), ' +
            '46 MiB for 20 MiB imported, 97 MiB for 100 MiB and 104 MiB for 300 MiB (60 files of 5 MiB); and ' +
            '96 MiB for 100 MiB as 4 files of 25 MiB, i.e. the same for files five times larger. A relay that ' +
            'held files whole would grow with the file size and with the files in flight. At 100 MiB the ' +
            'level is close to the total, so this ratio alone cannot prove streaming; its budget catches a ' +
            'gross regression (e.g. files held after their import). The proof of streaming is a test: ' +
            '`relay/src/media/import-media.test.ts` has a media server that sends the second half of a file ' +
            'only after Lime has received bytes of the first, so a relay that buffered the file would never ' +
            'finish.',
        '',
    ].join('\n');
}

function budgetSection(checks: BudgetCheck[]): string {
    return [
        '## Budgets',
        '',
        'Set from these measurements with a margin for the noise of a shared machine (bench/budgets.ts). ' +
            '`npm run bench` exits 1 when one is missed.',
        '',
        table(
            ['budget', 'limit', 'this run', 'kept'],
            checks.map((check) => [
                check.name,
                `${check.kind === 'min' ? '≥' : '≤'} ${formatNumber(check.limit, check.limit < 1 ? 3 : 1)}`,
                formatNumber(check.measured, check.measured < 1 ? 4 : 2),
                check.passed ? 'yes' : '**NO**',
            ])
        ),
        '',
    ].join('\n');
}

/** The whole of docs/benchmarks.md. */
export function renderReport(results: BenchResults, checks: BudgetCheck[]): string {
    const { machine } = results;
    const missing = Object.entries(results.missing);
    return [
        '# Benchmarks',
        '',
        '<!-- Generated by `npm run bench` (bench/run.ts); edit bench/write-report.ts, not this file. -->',
        '',
        `Run on ${results.startedAt.toISOString()}, took ${formatNumber(results.durationSeconds, 0)} s.`,
        '',
        `Machine: ${machine.cores} × ${machine.cpuModel}` +
            `${machine.cpuSpeedMhz > 0 ? ` (${machine.cpuSpeedMhz} MHz)` : ''}, ` +
            `${formatBytes(machine.totalMemoryBytes)} memory (${formatBytes(machine.freeMemoryBytes)} free at start), ` +
            `load average ${machine.loadAverage.join(' / ')} at start, ${machine.os}, Node ${machine.node}.`,
        '',
        '## Method',
        '',
        '- `npm run bench` (not part of `npm test`). Everything runs on 127.0.0.1 with ephemeral ports.',
        '- The machine is shared and noisy, so every headline figure is a **ratio against a baseline ' +
            'measured in the same run**, and every measurement is repeated; tables give the median and each run.',
        '- Servers (sandbox, relays, baseline) run in their own Node processes; the load generator ' +
            '(autocannon 9, or `fetch` for end to end) runs in the benchmark process. Every load loop is ' +
            'bounded in time and in count; a run with errors, timeouts or non-2xx answers fails the benchmark.',
        '- The relay is the shipped code with `relay/config.example.yaml`, logging JSON at info level (to ' +
            '/dev/null). Its Lime rate limit is raised (1,000,000 per 1 s window) so Lime is "instant".',
        `- Settings: \`${JSON.stringify(results.settings)}\`.`,
        '- `BENCH_CPU_PROF=<dir> npm run bench` writes a V8 CPU profile of every server process to `<dir>`.',
        '',
        ...(missing.length > 0
            ? [
                  '**Not measured in this run:** ' +
                      missing.map(([name, why]) => `${name} (${why})`).join('; ') +
                      '.',
                  '',
              ]
            : []),
        ...(results.intake ? [intakeSection(results.intake)] : []),
        ...(results.intake ? [fsyncNote(), intakeTimeNote()] : []),
        ...(results.endToEnd ? [endToEndSection(results.endToEnd)] : []),
        ...(results.transcript ? [transcriptSection(results.transcript)] : []),
        ...(results.component ? [componentSection(results.component)] : []),
        ...(results.scaleOut ? [scaleOutSection(results.scaleOut)] : []),
        ...(results.media ? [mediaSection(results.media)] : []),
        budgetSection(checks),
    ].join('\n');
}
