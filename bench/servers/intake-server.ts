/**
 * Benchmark child: one intake target on an ephemeral loopback port.
 * - `BENCH_TARGET=relay`: the relay (createRelay, the shipped example configuration) against the sandbox at
 *   `LIME_BASE_URL`, journal at `BENCH_STORE` (a SQLite file, `:memory:`, or a `postgres://` URL);
 *   With `BENCH_MEDIA_URL` (the benchmark's media server, `http://127.0.0.1:PORT`) it imports media files
 *   from there, up to `BENCH_MEDIA_MAX_BYTES` each, through the relay's test-only override that allows
 *   http and 127.0.0.1 (production allows https and public addresses only);
 * - `BENCH_TARGET=baseline`: an express app that only parses the JSON (baseline-app.ts).
 * Operations: `cpuTime` (this process's user + system CPU time so far, microseconds); relay only:
 * `measureMemory` (this process's peak and current RSS), `countDeliveries` (journal rows by status),
 * `listDeadErrors` (the last error of dead-lettered jobs).
 * Logs are written as in production (JSON at info level) but to /dev/null.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { createRelay } from '../../relay/src/create-relay.ts';
import { createDeliveryStore } from '../../relay/src/delivery/create-delivery-store.ts';
import { createLogger } from '../../relay/src/logger.ts';
import { serveBenchChild } from '../support/bench-child.ts';
import { buildBenchRelayConfig } from '../support/relay-config.ts';
import { createBaselineApp } from './baseline-app.ts';

/** What the parent gets when the target listens. */
export interface IntakeServerInfo {
    url: string;
    mountPath: string;
}

function requireEnv(name: string): string {
    const value = process.env[name];
    if (!value) throw new Error(`intake-server: ${name} is required`);
    return value;
}

async function listen(app: { listen: (port: number, host: string) => Server }): Promise<Server> {
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
    });
    return server;
}

/** Peak (`maxRSS`, a high-water mark since the process started) and current resident set size, bytes. */
export interface MemoryMeasurement {
    maxRssBytes: number;
    rssBytes: number;
}

const target = requireEnv('BENCH_TARGET');
const mediaUrl = process.env.BENCH_MEDIA_URL ? new URL(process.env.BENCH_MEDIA_URL) : undefined;
if (mediaUrl && mediaUrl.hostname !== '127.0.0.1') {
    throw new Error(
        `intake-server: the media server must be on 127.0.0.1, not ${mediaUrl.hostname}`
    );
}
const config = buildBenchRelayConfig({
    limeBaseUrl: process.env.LIME_BASE_URL ?? 'http://127.0.0.1:9/lime',
    limeApiKey: process.env.LIME_API_KEY ?? 'unused-by-the-baseline',
    store: process.env.BENCH_STORE ?? ':memory:',
    ...(mediaUrl
        ? {
              media: {
                  host: mediaUrl.hostname,
                  maxBytes: Number(process.env.BENCH_MEDIA_MAX_BYTES ?? 25 * 1024 * 1024),
              },
          }
        : {}),
});
const { mountPath, bodyLimitBytes } = config.server;

let server: Server;
let close: () => Promise<void>;
let operations: Record<string, (args: unknown) => unknown> = {};
if (target === 'baseline') {
    server = await listen(createBaselineApp({ mountPath, bodyLimitBytes }));
    close = async () => {};
} else if (target === 'relay') {
    const logger = createLogger({
        level: 'info',
        destination: pino.destination({ dest: '/dev/null', sync: true }),
    });
    const store = createDeliveryStore(config.delivery.store);
    const relay = await createRelay({
        config,
        logger,
        store,
        ...(mediaUrl
            ? { mediaTestOverride: { allowHttp: true, allowAddresses: ['127.0.0.1'] } }
            : {}),
    });
    server = await listen(relay.app);
    close = () => relay.stop({ timeoutMs: 5_000 });
    operations = {
        measureMemory: (): MemoryMeasurement => ({
            // resourceUsage() reports maxRSS in kilobytes.
            maxRssBytes: process.resourceUsage().maxRSS * 1024,
            rssBytes: process.memoryUsage.rss(),
        }),
        countDeliveries: () => store.counts(),
        listDeadErrors: async () =>
            (await store.list({ status: 'dead', limit: 10 })).map(
                (d) => `${d.lastError?.code}: ${d.lastError?.message}`
            ),
    };
} else {
    throw new Error(`intake-server: unknown BENCH_TARGET "${target}" (relay or baseline)`);
}

operations.cpuTime = (): number => {
    const { user, system } = process.cpuUsage();
    return user + system;
};

const port = (server.address() as AddressInfo).port;
serveBenchChild(
    { url: `http://127.0.0.1:${port}`, mountPath } satisfies IntakeServerInfo,
    operations,
    async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await close();
    }
);
