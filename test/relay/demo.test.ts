/**
 * `npm run demo` takes its ports from the environment and says in one line which one is busy, instead of
 * ending in an EADDRINUSE stack trace.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const DEMO = fileURLToPath(new URL('../../scripts/demo.ts', import.meta.url));

let blocker: Server | undefined;
afterEach(() => {
    blocker?.close();
    blocker = undefined;
});

/** Takes a loopback port and keeps it busy until the test ends. */
async function busyPort(): Promise<number> {
    blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker!.once('listening', resolve));
    return (blocker.address() as { port: number }).port;
}

/** Runs the demo in a scratch directory (it keeps its data in ./data) and returns how it ended. */
async function runDemo(env: Record<string, string>) {
    try {
        await promisify(execFile)(process.execPath, [DEMO], {
            cwd: mkdtempSync(join(tmpdir(), 'relay-demo-')),
            env: { ...process.env, LOG_LEVEL: 'silent', ...env },
            timeout: 30_000,
        });
        return { code: 0, stderr: '' };
    } catch (error) {
        const failed = error as { code: number; stderr: string };
        return { code: failed.code, stderr: failed.stderr.trim() };
    }
}

describe('npm run demo', () => {
    it('names the sandbox port and its variable when the port is busy', async () => {
        const port = await busyPort();
        expect(await runDemo({ SANDBOX_PORT: String(port), PORT: '0' })).toEqual({
            code: 1,
            stderr: `Port ${port} is in use (SANDBOX_PORT): stop what listens on it, or choose another: SANDBOX_PORT=${port + 1} npm run demo`,
        });
    });

    it("names the relay's port and its variable when the port is busy", async () => {
        const port = await busyPort();
        expect(await runDemo({ SANDBOX_PORT: '0', PORT: String(port) })).toEqual({
            code: 1,
            stderr: `Port ${port} is in use (PORT): stop what listens on it, or choose another: PORT=${port + 1} npm run demo`,
        });
    });

    it('refuses a port that is not a number, naming the variable', async () => {
        expect(await runDemo({ SANDBOX_PORT: 'eighty', PORT: '0' })).toEqual({
            code: 1,
            stderr: 'SANDBOX_PORT must be a port number from 0 to 65535, got "eighty".',
        });
    });
});
