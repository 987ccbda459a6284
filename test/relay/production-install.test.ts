/**
 * A production install as an administrator makes it: a copy of the repository, `npm ci --omit=dev` and
 * `npm start` from a shell whose `node` is the system's (not the pinned one the npm scripts of this test run
 * put first on the PATH). The relay must run on the pinned Node.js 24 and write the sample conversation.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/src/start-sandbox.ts';
import { findFreePort } from './support/relay-process.ts';
import { RELAY_API_KEY, samplePayload } from './support/start-relay.ts';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PINNED = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')).dependencies
    .node as string;
const run = promisify(execFile);

let sandbox: RunningSandbox;
let copy: string;

beforeAll(async () => {
    sandbox = await startSandbox();
    copy = mkdtempSync(join(tmpdir(), 'relay-production-'));
    // What a clone or release archive holds: the tracked files and those not yet committed, nothing ignored.
    const { stdout } = await run(
        'git',
        ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
        {
            cwd: REPOSITORY_ROOT,
            maxBuffer: 16 * 1024 * 1024,
        }
    );
    for (const file of stdout.split('\0')) {
        if (!file || !existsSync(join(REPOSITORY_ROOT, file))) continue;
        mkdirSync(dirname(join(copy, file)), { recursive: true });
        cpSync(join(REPOSITORY_ROOT, file), join(copy, file));
    }
});
afterAll(async () => {
    await sandbox?.close();
    if (copy) rmSync(copy, { recursive: true, force: true });
});

/**
 * The administrator's shell: the PATH without the `node_modules/.bin` folders npm and vitest put first, and
 * without the `npm_*` variables of the npm run this test is part of.
 */
function shellEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) {
        if (!name.toLowerCase().startsWith('npm_')) env[name] = value;
    }
    env.PATH = (process.env.PATH ?? '')
        .split(delimiter)
        .filter((entry) => !entry.includes('node_modules'))
        .join(delimiter);
    return { ...env, ...extra };
}

it('`npm ci --omit=dev && npm start` runs the relay on the pinned Node.js and writes the sample conversation', async () => {
    const shell = shellEnvironment();
    const { stdout: systemNode } = await run('node', ['--version'], { env: shell }).catch(() => ({
        stdout: 'none',
    }));

    await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], {
        cwd: copy,
        env: shell,
        timeout: 300_000,
        maxBuffer: 16 * 1024 * 1024,
    });
    expect(existsSync(join(copy, 'node_modules/vitest'))).toBe(false); // really without devDependencies
    const { stdout: installed } = await run(join(copy, 'node_modules/.bin/node'), ['--version']);
    expect(installed.trim()).toBe(`v${PINNED}`);

    const port = await findFreePort();
    const relay = spawn('npm', ['start'], {
        cwd: copy,
        env: shellEnvironment({
            PORT: String(port),
            LIME_BASE_URL: sandbox.baseUrl,
            LIME_API_KEY: sandbox.apiKey,
            RELAY_API_KEY,
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true, // its own process group: npm, the shell and node stop together
    });
    let output = '';
    relay.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    relay.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => relay.once('exit', resolve));
    try {
        const url = `http://127.0.0.1:${port}`;
        await waitUntilReady(url, () => output);
        const answer = await fetch(`${url}/userlike/`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': RELAY_API_KEY },
            body: JSON.stringify(samplePayload()),
        });
        const body = (await answer.json()) as { url?: string };
        expect(answer.status, output).toBe(200);
        expect(body.url).toMatch(/\/client\/object\/helpdesk\/\d+$/);
        const listening = output
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as Record<string, unknown>)
            .find((line) => line.msg === 'Relay listening');
        expect(listening?.node, `system node: ${systemNode.trim()}`).toBe(`v${PINNED}`);
    } finally {
        process.kill(-(relay.pid as number), 'SIGTERM');
        await exited;
    }
    expect(output).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
}, 360_000);

async function waitUntilReady(url: string, output: () => string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
        try {
            if ((await fetch(`${url}/readyz`)).status === 200) return;
        } catch {
            // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`The relay did not get ready at ${url}:\n${output()}`);
}
