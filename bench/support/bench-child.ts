import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A benchmark server (sandbox, relay, baseline) runs in its own Node process so that it has its own event
 * loop and does not share one with the load generator. Parent and child talk over the IPC channel:
 * the child announces `{type: 'ready', info}`, then answers `{type: 'call', id, op, args}` with
 * `{type: 'reply', id, result}` or `{type: 'reply', id, error}`.
 */

const READY_TIMEOUT_MS = 30_000;
const CALL_TIMEOUT_MS = 60_000;

type Message =
    | { type: 'ready'; info: unknown }
    | { type: 'reply'; id: number; result?: unknown; error?: string }
    | { type: 'call'; id: number; op: string; args: unknown };

/** A running benchmark child process. */
export interface BenchChild<Info> {
    info: Info;
    pid: number;
    /** Asks the child to run one of its operations. */
    call<T = unknown>(op: string, args?: unknown): Promise<T>;
    /** Asks the child to shut down cleanly; kills it when it has not exited within 10 s. */
    stop(): Promise<void>;
}

/** Every child still running: killed if the benchmark itself exits, however it does. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `script` (a file in bench/servers/) with `env` added to this process's environment and resolves
 * once it reports ready. `execArgv` adds Node flags (e.g. `--cpu-prof`).
 */
export async function startBenchChild<Info>(
    script: URL,
    env: Record<string, string>,
    execArgv: string[] = []
): Promise<BenchChild<Info>> {
    const child = fork(fileURLToPath(script), [], {
        env: { ...process.env, ...env },
        execArgv: ['--disable-warning=ExperimentalWarning', ...execArgv],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    running.add(child);
    const exited = new Promise<void>((resolve) =>
        child.once('exit', () => {
            running.delete(child);
            resolve();
        })
    );
    const pending = new Map<
        number,
        { resolve(value: unknown): void; reject(error: Error): void }
    >();
    let nextId = 1;
    const info = await new Promise<Info>((resolve, reject) => {
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`${script.pathname} was not ready within ${READY_TIMEOUT_MS} ms`));
        }, READY_TIMEOUT_MS);
        child.once('exit', (code, signal) => {
            clearTimeout(timer);
            reject(
                new Error(
                    `${script.pathname} exited before it was ready (code ${code}, signal ${signal})`
                )
            );
        });
        child.on('message', (message: Message) => {
            if (message.type === 'ready') {
                clearTimeout(timer);
                resolve(message.info as Info);
            } else if (message.type === 'reply') {
                const waiter = pending.get(message.id);
                pending.delete(message.id);
                if (message.error !== undefined) waiter?.reject(new Error(message.error));
                else waiter?.resolve(message.result);
            }
        });
    });
    return {
        info,
        pid: child.pid as number,
        call<T>(op: string, args?: unknown): Promise<T> {
            const id = nextId++;
            return new Promise<T>((resolve, reject) => {
                const timer = setTimeout(() => {
                    pending.delete(id);
                    reject(
                        new Error(`${script.pathname}: "${op}" took over ${CALL_TIMEOUT_MS} ms`)
                    );
                }, CALL_TIMEOUT_MS);
                pending.set(id, {
                    resolve: (value) => {
                        clearTimeout(timer);
                        resolve(value as T);
                    },
                    reject: (error) => {
                        clearTimeout(timer);
                        reject(error);
                    },
                });
                child.send({ type: 'call', id, op, args } satisfies Message);
            });
        },
        async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.send({ type: 'call', id: 0, op: 'stop', args: null } satisfies Message);
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(timer);
        },
    };
}

/**
 * The child side: reports `info` as ready, runs `operations[op](args)` for each call, and on `stop`
 * runs `close` and exits. Also exits when the parent goes away (the IPC channel closes).
 */
export function serveBenchChild(
    info: unknown,
    operations: Record<string, (args: unknown) => unknown>,
    close: () => Promise<void>
): void {
    const send = (message: Message): void => {
        process.send?.(message);
    };
    let closing = false;
    const shutdown = async (): Promise<void> => {
        if (closing) return;
        closing = true;
        try {
            await close();
        } finally {
            process.exit(0);
        }
    };
    process.on('message', (message: Message) => {
        if (message.type !== 'call') return;
        if (message.op === 'stop') {
            void shutdown();
            return;
        }
        const operation = operations[message.op];
        if (!operation) {
            send({ type: 'reply', id: message.id, error: `unknown operation ${message.op}` });
            return;
        }
        Promise.resolve()
            .then(() => operation(message.args))
            .then(
                (result) => send({ type: 'reply', id: message.id, result }),
                (error: unknown) =>
                    send({
                        type: 'reply',
                        id: message.id,
                        error: error instanceof Error ? error.message : String(error),
                    })
            );
    });
    process.once('disconnect', () => void shutdown());
    send({ type: 'ready', info });
}
