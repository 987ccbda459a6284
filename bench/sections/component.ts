import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startSandbox, type RunningSandbox } from '../../sandbox/src/start-sandbox.ts';
import { launchChromium } from '../../test/e2e/support/launch-chromium.ts';
import { median } from '../support/stats.ts';

/**
 * Section 5: the Lime package's frontend. Its gzipped module (built with `npm run build`), and the
 * conversations view as a Lime user meets it: in headless Chromium on the sandbox's stand-in web client,
 * which loads the built package as Lime does. For an object with 1 and one with 200 conversations (each
 * with a note written as the relay writes it), on Lime Chat's own data model and on the extended one:
 * Lime requests per load (a session's first load, which also reads the history metadata, and a later
 * one), the time from setting `context` to the first row, and to all rows of the first page with their
 * notes; for 200, also to all 200 rows through "Show more".
 */

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NAMESPACE = 'limepkg-userlike-relay-lwc-components';
const BUNDLE = new URL(
    `../../lime-package/limepkg_userlike_relay/frontend/dist/${NAMESPACE}/${NAMESPACE}.esm.js`,
    import.meta.url
);
const run = promisify(execFile);
const RENDER_TIMEOUT_MS = 30_000;
const MODELS = ['limeChat', 'extended'] as const;

/** Timings of one object (median over the runs). */
export interface ComponentCase {
    model: (typeof MODELS)[number];
    conversations: number;
    /** Lime requests of a session's first load (with the metadata), and of a later load. */
    firstLoadRequests: number;
    laterLoadRequests: number;
    firstRowMs: number;
    /** All rows of the first page (up to 50) with their notes. */
    pageMs: number;
    pageRows: number;
    pageRuns: number[];
    /** Only with more than one page: every row, through "Show more", and the requests that took. */
    allMs?: number;
    allRequests?: number;
}

export interface ComponentResult {
    rawBytes: number;
    gzipBytes: number;
    cases: ComponentCase[];
}

/** Builds the module and reports its size (gzip level 9, as `npm run size -w lime-webcomponent`). */
async function measureBundle(): Promise<{ rawBytes: number; gzipBytes: number }> {
    await run('npm', ['run', 'build'], {
        cwd: REPOSITORY_ROOT,
        timeout: 180_000,
        maxBuffer: 16 * 1024 * 1024,
    });
    const bytes = await readFile(BUNDLE);
    return { rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

/** Inserts a helpdesk ticket with `count` conversations, each with one note as the relay writes it. */
function insertTicket(sandbox: RunningSandbox, count: number): number {
    const ticket = sandbox.insert('helpdesk', { title: `Benchmark: ${count} conversations` })._id;
    const person = sandbox.seedIds?.personJane ?? null;
    const extended = sandbox.objects('history').some((note) => 'ulconversation' in note);
    for (let index = 0; index < count; index++) {
        const conversationId = 7_000_000 + ticket * 1_000 + index;
        const record = sandbox.insert('ulconversation', {
            conversationid: conversationId,
            link: `https://userlike.com/en/umc#/conversation/${conversationId}`,
            contactid: String(8_000_000 + index),
            startedtime: new Date(Date.UTC(2026, 0, 1, 9, index % 60)).toISOString(),
            helpdesk: ticket,
        });
        sandbox.insert('history', {
            date: new Date(Date.UTC(2026, 0, 1, 10, index % 60)).toISOString(),
            type: 'comment',
            note: `Userlike conversation ${conversationId} with Jane Doe\n\n2026-01-01 09:00  Jane Doe (contact): Hello`,
            helpdesk: ticket,
            person,
            ...(extended ? { ulconversation: record._id } : {}),
        });
    }
    return ticket;
}

/** Section 5. */
export async function measureComponent(
    settings: { conversations: number; repetitions: number },
    log: (line: string) => void
): Promise<ComponentResult> {
    const bundle = await measureBundle();
    log(`  component bundle: ${bundle.rawBytes} bytes raw, ${bundle.gzipBytes} bytes gzip`);
    const browser = await launchChromium();
    const cases: ComponentCase[] = [];
    try {
        for (const model of MODELS) {
            const sandbox = await startSandbox({
                dataModel: model,
                rateLimit: { limit: 1_000_000_000, windowMs: 1_000 },
            });
            try {
                const one = insertTicket(sandbox, 1);
                const many = insertTicket(sandbox, settings.conversations);
                const context = await browser.newContext({
                    viewport: { width: 1100, height: 720 },
                });
                const page = await context.newPage();
                const errors: string[] = [];
                page.on('pageerror', (error) => errors.push(error.message));
                // The card of a seeded object: the web client with the package loaded.
                await page.goto(
                    `${sandbox.baseUrl}/client/object/deal/${sandbox.seedIds?.dealAcme}`
                );
                await page.locator('body[data-ready="true"]').waitFor();

                const apiRequests = (): number =>
                    sandbox.requests().filter((request) => request.path.includes('/api/v1/'))
                        .length;
                /** Mounts a fresh view with a fresh session's http service, and times it. */
                const time = async (
                    ticket: number,
                    options: { rows: number; freshSession: boolean; showAll: boolean }
                ) => {
                    await page.waitForLoadState('networkidle');
                    sandbox.clearRequests();
                    const result = await page.evaluate(timeView, {
                        ticket,
                        ...options,
                        timeoutMs: RENDER_TIMEOUT_MS,
                    });
                    return { ...result, requests: apiRequests() };
                };

                for (const [ticket, count] of [
                    [one, 1],
                    [many, settings.conversations],
                ] as const) {
                    const pageRows = Math.min(count, 50);
                    const first = await time(ticket, {
                        rows: pageRows,
                        freshSession: true,
                        showAll: false,
                    });
                    const runs: { firstRowMs: number; pageMs: number; requests: number }[] = [];
                    for (let round = 0; round < settings.repetitions; round++) {
                        runs.push(
                            await time(ticket, {
                                rows: pageRows,
                                freshSession: false,
                                showAll: false,
                            })
                        );
                    }
                    const all =
                        count > pageRows
                            ? await time(ticket, {
                                  rows: count,
                                  freshSession: false,
                                  showAll: true,
                              })
                            : undefined;
                    const entry: ComponentCase = {
                        model,
                        conversations: count,
                        firstLoadRequests: first.requests,
                        laterLoadRequests: Math.max(...runs.map((r) => r.requests)),
                        firstRowMs: median(runs.map((r) => r.firstRowMs)),
                        pageMs: median(runs.map((r) => r.pageMs)),
                        pageRows,
                        pageRuns: runs.map((r) => r.pageMs),
                        ...(all ? { allMs: all.pageMs, allRequests: all.requests } : {}),
                    };
                    cases.push(entry);
                    log(
                        `  component ${model}, ${count} conversations: ${entry.firstLoadRequests}/${entry.laterLoadRequests} requests, ` +
                            `first row ${entry.firstRowMs.toFixed(0)} ms, ${pageRows} rows ${entry.pageMs.toFixed(0)} ms` +
                            (all
                                ? `, all ${count} ${all.pageMs.toFixed(0)} ms in ${all.requests} requests`
                                : '')
                    );
                }
                if (errors.length > 0)
                    throw new Error(`The web client raised: ${errors.join('; ')}`);
                await context.close();
            } finally {
                await sandbox.close();
            }
        }
    } finally {
        await browser.close();
    }
    return { ...bundle, cases };
}

/**
 * Runs in the page: mounts a new conversations view on the ticket with the stand-in web client's platform
 * (a fresh session's `http` service when asked, so the history metadata is read again), and measures until
 * the first row, and until `rows` rows show with their notes (clicking "Show more" when asked).
 */
function timeView(input: {
    ticket: number;
    rows: number;
    freshSession: boolean;
    showAll: boolean;
    timeoutMs: number;
}): Promise<{ firstRowMs: number; pageMs: number }> {
    type Row = { item?: { notes: { kind: string } } };
    type View = HTMLElementLike & { platform: unknown; context: unknown };
    interface HTMLElementLike {
        shadowRoot: {
            querySelectorAll(selector: string): ArrayLike<Row>;
            querySelector(s: string): { click(): void } | null;
        };
        remove(): void;
    }
    const page = globalThis as unknown as {
        document: { createElement(tag: string): View; body: { append(node: unknown): void } };
        requestAnimationFrame(callback: () => void): void;
        limeWebClient: {
            platform: { get(name: string): unknown; has(name: string): boolean };
            createHttp(): unknown;
        };
    };
    const base = page.limeWebClient.platform;
    const http = input.freshSession ? page.limeWebClient.createHttp() : base.get('http');
    const platform = {
        ...base,
        get: (name: string) => (name === 'http' ? http : base.get(name)),
        has: (name: string) => base.has(name),
    };
    const view = page.document.createElement('lwc-limepkg-userlike-relay-conversations');
    view.platform = platform;
    page.document.body.append(view);
    const started = performance.now();
    view.context = { limetype: 'helpdesk', id: input.ticket };
    let firstRowMs = Number.NaN;
    return new Promise((resolve, reject) => {
        const check = (): void => {
            const rows = Array.from(
                view.shadowRoot.querySelectorAll('lwc-limepkg-userlike-relay-conversation-row')
            );
            const elapsed = performance.now() - started;
            if (rows.length > 0 && Number.isNaN(firstRowMs)) firstRowMs = elapsed;
            const ready = rows.filter((row) => row.item?.notes.kind === 'loaded').length;
            if (ready >= input.rows) {
                view.remove();
                resolve({ firstRowMs, pageMs: elapsed });
                return;
            }
            const more = view.shadowRoot.querySelector('#show-more');
            if (input.showAll && more && ready === rows.length) more.click();
            if (elapsed > input.timeoutMs) {
                view.remove();
                reject(new Error(`${ready} of ${input.rows} rows after ${input.timeoutMs} ms`));
                return;
            }
            page.requestAnimationFrame(check);
        };
        check();
    });
}
