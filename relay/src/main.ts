import { createServer } from 'node:http';
import { ConfigError, loadConfigFile, type LoadedConfig } from './config/load-config.ts';
import { createRelay } from './create-relay.ts';
import { describeDeliveryStoreLocation } from './delivery/create-delivery-store.ts';
import { createLogger } from './logger.ts';

/**
 * Runs the relay: `RELAY_CONFIG` (the configuration file, default relay/config.example.yaml; `RELAY_ENV_FILE`
 * may hold the variables it references), `PORT` (default 8080) and `HOST` (default: every interface;
 * `127.0.0.1` behind a reverse proxy on the same machine); a busy port ends the process with code 1 and a
 * one-line log. SIGHUP reads the configuration again and
 * puts it in use only if it passes every check (the relay goes on with the old one otherwise). SIGTERM/SIGINT
 * stop accepting connections, let the deliveries in flight finish (the whole stop takes at most
 * `SHUTDOWN_TIMEOUT_MS`, default 25 s; what is left runs again after a restart), then exit.
 */
const logger = createLogger();
const configPath =
    process.env.RELAY_CONFIG ?? new URL('../config.example.yaml', import.meta.url).pathname;
const readConfig = (): LoadedConfig => loadConfigFile(configPath, process.env);

let loaded: LoadedConfig;
let port: number;
let host: string | undefined;
let shutdownTimeoutMs: number;
try {
    loaded = readConfig();
    port = readInteger('PORT', 8080, 0, 65_535);
    host = process.env.HOST || undefined;
    shutdownTimeoutMs = readInteger('SHUTDOWN_TIMEOUT_MS', 25_000, 1, 3_600_000);
} catch (error) {
    if (error instanceof ConfigError) {
        console.error(error.message);
        process.exit(78); // EX_CONFIG
    }
    throw error;
}

const { config } = loaded;
const relay = await createRelay({
    config,
    configHash: loaded.hash,
    loadConfig: readConfig,
    logger,
});
const server = createServer(relay.app);
const onListenError = async (error: NodeJS.ErrnoException): Promise<void> => {
    // A busy port or an address this machine does not have: say which, without a stack trace.
    const code = error.code;
    logger.fatal(
        { port, host, code },
        code === 'EADDRINUSE'
            ? `Port ${port} is in use: stop what listens on it, or set PORT to another port`
            : `Cannot listen on ${host ?? 'every interface'}, port ${port}: ${error.message}`
    );
    await relay.stop({ timeoutMs: shutdownTimeoutMs });
    process.exit(1);
};
server.once('error', onListenError);
server.listen({ port, host }, () => {
    server.off('error', onListenError);
    logger.info(
        {
            port,
            host,
            // The process to send SIGHUP (a reload) or SIGTERM to.
            pid: process.pid,
            node: process.version,
            tenants: [...relay.tenants.keys()],
            mountPath: config.server.mountPath,
            store: describeDeliveryStoreLocation(config.delivery.store),
            configVersion: loaded.hash,
        },
        'Relay listening'
    );
});

let stopping = false;

// The reload logs its outcome (and every problem, when it is refused).
process.on('SIGHUP', () => {
    if (!stopping) void relay.configuration.reload('SIGHUP');
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, async () => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'Stopping: no new requests; finishing deliveries in flight');
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Within the budget: requests waiting for their delivery are answered 202 when the worker stops.
        await relay.stop({ timeoutMs: shutdownTimeoutMs });
        server.closeAllConnections();
        await closed;
        logger.info('Stopped');
        process.exit(0);
    });
}

/** An integer environment variable within bounds, or its default; a ConfigError names it otherwise. */
function readInteger(name: string, fallback: number, min: number, max: number): number {
    const text = process.env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new ConfigError(
            `${name} must be a whole number from ${min} to ${max}, got "${text}".`
        );
    }
    return value;
}
