import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startDevHarness } from '../../lime-webcomponent/dev/serve.ts';
import { startSandbox } from '../../test/sandbox/start-sandbox.ts';
import { launchChromium } from '../../test/e2e/support/launch-chromium.ts';
import { median } from '../support/stats.ts';

/**
 * Section 5: the web component's gzipped bundle (built with `npm run build -w lime-webcomponent`), and
 * the time from setting `context` to N conversation rows in its shadow DOM, in headless Chromium on the
 * dev harness, for an object with 200 connected conversations against one with 1 (same page, same run).
 */

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = new URL(
    '../../lime-webcomponent/dist/lwc-userlike-conversations.js',
    import.meta.url
);
const run = promisify(execFile);
const RENDER_TIMEOUT_MS = 30_000;

export interface ComponentResult {
    rawBytes: number;
    gzipBytes: number;
    /** Milliseconds per run and medians, for 1 and for `many` conversations. */
    oneRuns: number[];
    manyRuns: number[];
    oneMs: number;
    manyMs: number;
    many: number;
}

/** Builds the bundle and reports its size (gzip level 9, as scripts/report-size.ts). */
async function measureBundle(): Promise<{ rawBytes: number; gzipBytes: number }> {
    await run('npm', ['run', 'build', '-w', 'lime-webcomponent'], {
        cwd: REPOSITORY_ROOT,
        timeout: 180_000,
        maxBuffer: 16 * 1024 * 1024,
    });
    const bytes = await readFile(BUNDLE);
    return { rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

/** Section 5. */
export async function measureComponent(
    settings: { conversations: number; repetitions: number },
    log: (line: string) => void
): Promise<ComponentResult> {
    const bundle = await measureBundle();
    log(`  component bundle: ${bundle.rawBytes} bytes raw, ${bundle.gzipBytes} bytes gzip`);

    const sandbox = await startSandbox({ rateLimit: { limit: 1_000_000_000, windowMs: 1_000 } });
    const insertTicket = (title: string, conversations: number): number => {
        const ticket = sandbox.insert('helpdesk', { title })._id;
        for (let index = 0; index < conversations; index++) {
            const conversationId = 7_000_000 + ticket * 1_000 + index;
            sandbox.insert('ulconversation', {
                conversationid: conversationId,
                link: `https://userlike.com/en/umc#/conversation/${conversationId}`,
                contactid: String(8_000_000 + index),
                startedtime: new Date(Date.UTC(2026, 0, 1, 9, index % 60)).toISOString(),
                helpdesk: ticket,
            });
        }
        return ticket;
    };
    const oneTicket = insertTicket('Benchmark: one conversation', 1);
    const manyTicket = insertTicket(
        `Benchmark: ${settings.conversations} conversations`,
        settings.conversations
    );
    const harness = await startDevHarness({ sandbox, logLevel: 'silent' });
    const browser = await launchChromium();
    try {
        const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(harness.url);
        await page.locator('body[data-ready="true"]').waitFor();

        /** Sets the component's context in the page and times until `rows` rows are in its DOM. */
        const timeRender = (ticket: number, rows: number): Promise<number> =>
            page.evaluate(
                ({ ticket, rows, timeoutMs }) =>
                    new Promise<number>((resolve, reject) => {
                        type Element = {
                            shadowRoot: { querySelectorAll(selector: string): { length: number } };
                            context: unknown;
                        };
                        const root = globalThis as unknown as {
                            document: { querySelector(selector: string): Element | null };
                            requestAnimationFrame(callback: () => void): void;
                        };
                        const component = root.document.querySelector('lwc-userlike-conversations');
                        if (!component) {
                            reject(new Error('no <lwc-userlike-conversations> on the page'));
                            return;
                        }
                        const started = performance.now();
                        component.context = { limetype: 'helpdesk', id: ticket };
                        const check = (): void => {
                            const count =
                                component.shadowRoot.querySelectorAll('li.conversation').length;
                            if (count === rows) resolve(performance.now() - started);
                            else if (performance.now() - started > timeoutMs)
                                reject(new Error(`${count} of ${rows} rows after ${timeoutMs} ms`));
                            else root.requestAnimationFrame(check);
                        };
                        check();
                    }),
                { ticket, rows, timeoutMs: RENDER_TIMEOUT_MS }
            );

        // Warm-up (module code, the proxy's connections), then interleaved runs.
        await timeRender(manyTicket, settings.conversations);
        await timeRender(oneTicket, 1);
        const oneRuns: number[] = [];
        const manyRuns: number[] = [];
        for (let round = 1; round <= settings.repetitions; round++) {
            manyRuns.push(await timeRender(manyTicket, settings.conversations));
            oneRuns.push(await timeRender(oneTicket, 1));
            log(
                `  component run ${round}: ${settings.conversations} conversations ` +
                    `${manyRuns.at(-1)?.toFixed(0)} ms, 1 conversation ${oneRuns.at(-1)?.toFixed(0)} ms`
            );
        }
        if (errors.length > 0) throw new Error(`The harness page raised: ${errors.join('; ')}`);
        await context.close();
        return {
            ...bundle,
            oneRuns,
            manyRuns,
            oneMs: median(oneRuns),
            manyMs: median(manyRuns),
            many: settings.conversations,
        };
    } finally {
        await browser.close();
        await harness.close();
        await sandbox.close();
    }
}
