import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IntakeServerInfo } from '../servers/intake-server.ts';
import type { SandboxServerInfo } from '../servers/sandbox-server.ts';
import { startBenchChild, type BenchChild } from './bench-child.ts';

const SANDBOX_SERVER = new URL('../servers/sandbox-server.ts', import.meta.url);
const INTAKE_SERVER = new URL('../servers/intake-server.ts', import.meta.url);

/** A started intake target (and the sandbox it writes to, for relays). */
export interface RunningTarget {
    url: string;
    mountPath: string;
    sandbox?: BenchChild<SandboxServerInfo>;
    /** The target's process, for its operations (bench/servers/intake-server.ts). */
    process: BenchChild<IntakeServerInfo>;
    stop(): Promise<void>;
}

/** Media import settings of a relay target (the media section). */
export interface RelayMediaOptions {
    /** The benchmark's media server, `http://127.0.0.1:PORT`. */
    url: string;
    /** The relay's `media.maxBytes`. */
    maxBytes: number;
}

/** Where a relay target keeps its journal. */
export type JournalKind = 'sqlite-file' | 'sqlite-memory' | { postgres: string };

/**
 * Node flags for the server processes: `BENCH_CPU_PROF=<dir>` writes a V8 CPU profile of every server
 * process into that directory when it exits (for `node --cpu-prof` investigations).
 */
function serverExecArgv(): string[] {
    const dir = process.env.BENCH_CPU_PROF;
    return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/**
 * Starts a sandbox process (Lime with no latency and a huge rate limit), accepting uploads up to
 * `maxFileBytes` when given (the sandbox's default, 25 MiB, otherwise).
 */
export function startSandboxServer(
    options: { maxFileBytes?: number } = {}
): Promise<BenchChild<SandboxServerInfo>> {
    return startBenchChild<SandboxServerInfo>(
        SANDBOX_SERVER,
        options.maxFileBytes ? { BENCH_SANDBOX_MAX_FILE_BYTES: String(options.maxFileBytes) } : {}
    );
}

/** Starts the JSON-only express baseline. */
export async function startBaseline(): Promise<RunningTarget> {
    const child = await startBenchChild<IntakeServerInfo>(
        INTAKE_SERVER,
        { BENCH_TARGET: 'baseline' },
        serverExecArgv()
    );
    return { ...child.info, process: child, stop: () => child.stop() };
}

/**
 * Starts a relay process writing to `sandbox` (or to a new sandbox process it owns), its journal in a
 * fresh temporary SQLite file, in SQLite's memory, or in a PostgreSQL schema; with `media`, it imports
 * media files from the benchmark's media server.
 */
export async function startRelayTarget(
    journal: JournalKind,
    sandbox?: BenchChild<SandboxServerInfo>,
    media?: RelayMediaOptions
): Promise<RunningTarget> {
    const ownSandbox = sandbox ?? (await startSandboxServer());
    const dir = journal === 'sqlite-file' ? mkdtempSync(join(tmpdir(), 'relay-bench-')) : undefined;
    const store =
        typeof journal === 'object'
            ? journal.postgres
            : dir
              ? join(dir, 'relay.sqlite')
              : ':memory:';
    try {
        const child = await startBenchChild<IntakeServerInfo>(
            INTAKE_SERVER,
            {
                BENCH_TARGET: 'relay',
                BENCH_STORE: store,
                LIME_BASE_URL: ownSandbox.info.baseUrl,
                LIME_API_KEY: ownSandbox.info.apiKey,
                ...(media
                    ? {
                          BENCH_MEDIA_URL: media.url,
                          BENCH_MEDIA_MAX_BYTES: String(media.maxBytes),
                      }
                    : {}),
            },
            serverExecArgv()
        );
        return {
            ...child.info,
            sandbox: ownSandbox,
            process: child,
            async stop() {
                await child.stop();
                if (!sandbox) await ownSandbox.stop();
                if (dir) rmSync(dir, { recursive: true, force: true });
            },
        };
    } catch (error) {
        if (!sandbox) await ownSandbox.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
        throw error;
    }
}

/** Conversation ids for "distinct conversations": never used twice in one benchmark run. */
let nextConversationId = 300_000_000;
export function takeConversationId(): number {
    return nextConversationId++;
}
