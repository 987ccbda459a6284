import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
    loadConfigFile,
    parseConfig,
    type LoadedConfig,
} from '../../../relay/src/config/load-config.ts';
import type { RelayConfig } from '../../../relay/src/config/schema.ts';
import { createLogger } from '../../../relay/src/logger.ts';
import { createRelay, type Relay } from '../../../relay/src/create-relay.ts';
import type { TenantRuntime } from '../../../relay/src/tenant-runtime.ts';
import type { RunningSandbox } from '../../../sandbox/src/start-sandbox.ts';

export const RELAY_API_KEY = 'relay-test-key-0123456789';
const EXAMPLE_CONFIG = new URL('../../../relay/config.example.yaml', import.meta.url);

export interface RunningRelay {
    url: string;
    relay: Relay;
    config: RelayConfig;
    tenants: Map<string, TenantRuntime>;
    /** With `configFile`: the configuration file the relay reloads from (YAML). */
    configPath?: string;
    /** Every log line the relay wrote, parsed. */
    logs: Record<string, unknown>[];
    /** The raw log text, for grepping secrets. */
    logText(): string;
    post(
        body: unknown,
        options?: { key?: string; path?: string; contentType?: string; raw?: string }
    ): Promise<{ status: number; body: Record<string, unknown> }>;
    close(): Promise<void>;
}

/** Options of {@link startRelay}. */
export interface StartRelayOptions {
    editConfig?: (raw: Record<string, any>) => void;
    limeApiKey?: string;
    env?: Record<string, string>;
    /** Lets media come from a local http server (the relay's test-only media override). */
    mediaFromLoopback?: boolean;
    /** Read the configuration from a YAML file (`configPath`), as main.ts does, so it can be reloaded. */
    configFile?: boolean;
}

/**
 * Starts the relay on an ephemeral port against a sandbox, with the shipped example configuration unless
 * `editConfig` changes it (it receives the raw configuration object, before validation).
 */
export async function startRelay(
    sandbox: RunningSandbox,
    options: StartRelayOptions = {}
): Promise<RunningRelay> {
    const dir = mkdtempSync(join(tmpdir(), 'relay-test-'));
    const raw = parseYaml(readFileSync(EXAMPLE_CONFIG, 'utf8')) as Record<string, any>;
    raw.delivery = { store: join(dir, 'relay.sqlite') };
    options.editConfig?.(raw);
    const env = {
        RELAY_API_KEY,
        LIME_BASE_URL: sandbox.baseUrl,
        LIME_API_KEY: options.limeApiKey ?? sandbox.apiKey,
        ...options.env,
    };
    let configPath: string | undefined;
    let loadConfig: (() => LoadedConfig) | undefined;
    if (options.configFile) {
        const path = join(dir, 'relay.yaml');
        writeFileSync(path, stringifyYaml(raw));
        configPath = path;
        loadConfig = () => loadConfigFile(path, env);
    }
    const loaded = loadConfig?.();
    const config = loaded?.config ?? parseConfig(raw, env);
    let text = '';
    const logs: Record<string, unknown>[] = [];
    const destination = new Writable({
        write(chunk, _encoding, callback) {
            text += chunk.toString();
            for (const line of chunk.toString().split('\n'))
                if (line.trim()) logs.push(JSON.parse(line));
            callback();
        },
    });
    const logger = createLogger({ level: 'debug', destination });
    const relay = await createRelay({
        config,
        configHash: loaded?.hash,
        loadConfig,
        logger,
        mediaTestOverride: options.mediaFromLoopback
            ? { allowHttp: true, allowAddresses: ['127.0.0.1'] }
            : undefined,
    });
    // The start-up fit check reads from Lime: let it finish, so that its requests do not mix with a test's.
    await relay.fit.firstCheck;
    const server = relay.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        url,
        relay,
        config,
        tenants: relay.tenants,
        configPath,
        logs,
        logText: () => text,
        async post(body, postOptions = {}) {
            const response = await fetch(`${url}${postOptions.path ?? '/userlike/'}`, {
                method: 'POST',
                headers: {
                    'content-type': postOptions.contentType ?? 'application/json',
                    ...(postOptions.key === ''
                        ? {}
                        : { 'x-api-key': postOptions.key ?? RELAY_API_KEY }),
                },
                body: postOptions.raw ?? JSON.stringify(body),
            });
            const text = await response.text();
            return { status: response.status, body: text ? JSON.parse(text) : {} };
        },
        async close() {
            await relay.stop({ timeoutMs: 1_000 });
            await new Promise<void>((resolve, reject) => {
                server.closeAllConnections();
                server.close((error) => (error ? reject(error) : resolve()));
            });
        },
    };
}

/** The real Userlike sample payload (topic-less; its widget's default topic is Support). */
export function samplePayload(): Record<string, any> {
    return JSON.parse(
        readFileSync(
            new URL('../../fixtures/userlike/conversation-sample.json', import.meta.url),
            'utf8'
        )
    );
}

/** The sample as a new conversation: another id, optionally with a contact email and a topic. */
export function conversation(
    id: number,
    extra: { email?: string; name?: string; topic?: string } = {}
): Record<string, any> {
    const payload = samplePayload();
    payload.id = id;
    if (extra.email !== undefined) payload.contact.email = extra.email;
    if (extra.name !== undefined) payload.contact.name = extra.name;
    if (extra.topic !== undefined) payload.topics = [{ text: extra.topic }];
    return payload;
}

/** A new conversation (topic Support) with one media message of this URL (the assumed media item shape). */
export function conversationWithMedia(
    id: number,
    url: string,
    fileName = 'invoice.pdf',
    extra: { email?: string } = {}
): Record<string, any> {
    const payload = conversation(id, { topic: 'Support', ...extra });
    payload.transcript.push({
        ...payload.transcript[1],
        id: `${id}.1.900`,
        msgid: `${id}.1.900`,
        type: 'media',
        sent_at: '2024-02-22T15:50:00.000Z',
        body: fileName,
        body_plain: fileName,
        url,
        file: { url, file_name: fileName, content_type: 'application/pdf', size: 1000 },
    });
    return payload;
}
