import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Where the relay's entry point is, and the repository root it runs from. */
const MAIN = fileURLToPath(new URL('../../../relay/src/main.ts', import.meta.url));
const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const READY_TIMEOUT_MS = 20_000;

export interface RelayProcessOptions {
    /** The configuration file (RELAY_CONFIG). */
    configPath: string;
    /** Extra environment (LIME_BASE_URL, LIME_API_KEY, RELAY_API_KEY, …), on top of this process's. */
    env?: Record<string, string>;
    /** The port to listen on; default: a free loopback port chosen here. */
    port?: number;
    /**
     * How to start it: `node relay/src/main.ts` (default), or `npm start` as an operator does (npm then
     * runs the pinned Node; the process group is signalled, so npm's child gets the signal too).
     */
    command?: 'node' | 'npm start';
}

export interface RelayProcess {
    /** `http://127.0.0.1:PORT`. */
    url: string;
    pid: number;
    /** Sends a signal (default SIGTERM) and resolves once the process has exited. */
    kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
    /** Resolves when the process exits, however that happens. */
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
    /** Everything the process wrote to stdout so far (the relay's JSON log lines). */
    stdout(): string;
    /** Everything the process wrote to stderr so far. */
    stderr(): string;
}

/** Every started process that has not exited yet: killed when the test process exits, whatever happens. */
const running = new Map<ChildProcess, (signal: NodeJS.Signals) => void>();
process.once('exit', () => {
    for (const kill of running.values()) kill('SIGKILL');
});

/**
 * Runs the relay as a separate Node process (`node relay/src/main.ts`, as in production) and resolves once
 * `/readyz` answers 200. Rejects, and kills the process, when it exits first or is not ready in 20 s; the
 * error carries the end of its output. Use for tests that need a real process: SIGKILL, several instances.
 */
export async function startRelayProcess(options: RelayProcessOptions): Promise<RelayProcess> {
    const port = options.port ?? (await findFreePort());
    const viaNpm = options.command === 'npm start';
    const [command, args] = viaNpm
        ? ['npm', ['start']]
        : [process.execPath, ['--disable-warning=ExperimentalWarning', MAIN]];
    const child = spawn(command, args, {
        cwd: REPOSITORY_ROOT,
        env: {
            ...process.env,
            ...options.env,
            RELAY_CONFIG: options.configPath,
            PORT: String(port),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        // npm runs the relay as its own child: in a process group of their own, both get each signal.
        detached: viaNpm,
    });
    const signal = (name: NodeJS.Signals) => {
        if (viaNpm && child.pid !== undefined) {
            try {
                process.kill(-child.pid, name);
            } catch {
                // The group has exited already.
            }
        } else child.kill(name);
    };
    running.set(child, signal);
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
        (resolve) => {
            child.once('exit', (code, signal) => {
                running.delete(child);
                resolve({ code, signal });
            });
        }
    );
    const url = `http://127.0.0.1:${port}`;
    const tail = () => `${err}\n${out}`.trim().split('\n').slice(-20).join('\n');

    try {
        await waitUntilReady(url, exited, tail);
    } catch (error) {
        signal('SIGKILL');
        await exited;
        throw error;
    }
    return {
        url,
        pid: child.pid as number,
        async kill(name = 'SIGTERM') {
            if (child.exitCode === null && child.signalCode === null) signal(name);
            const result = await exited;
            if (viaNpm) await groupGone(child.pid as number);
            return result;
        },
        exited,
        stdout: () => out,
        stderr: () => err,
    };
}

/**
 * Waits until no process of the group is left (npm may exit before the relay it started has finished
 * stopping); after 10 s the rest are killed.
 */
async function groupGone(pid: number): Promise<void> {
    const alive = () => {
        try {
            process.kill(-pid, 0);
            return true;
        } catch {
            return false;
        }
    };
    const deadline = Date.now() + 10_000;
    while (alive() && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
    if (alive()) process.kill(-pid, 'SIGKILL');
}

async function waitUntilReady(
    url: string,
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
    tail: () => string
): Promise<void> {
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    void exited.then((value) => (exit = value));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
        if (exit) {
            throw new Error(
                `The relay process exited before it was ready (code ${exit.code}, signal ${exit.signal}):\n${tail()}`
            );
        }
        try {
            const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) });
            if (response.status === 200) return;
        } catch {
            // Not listening yet.
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
        `The relay process was not ready at ${url}/readyz within ${READY_TIMEOUT_MS} ms:\n${tail()}`
    );
}

/**
 * A loopback port that was free a moment ago. The relay's main.ts takes a fixed PORT and does not report
 * the port it bound, so the port is chosen here; another process could take it in between (then the
 * relay exits with EADDRINUSE and the start fails with its output).
 */
export async function findFreePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (address === null || typeof address === 'string') {
        throw new Error('Could not find a free port on 127.0.0.1');
    }
    return address.port;
}
