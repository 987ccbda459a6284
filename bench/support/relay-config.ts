import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../../relay/src/config/load-config.ts';
import type { RelayConfig } from '../../relay/src/config/schema.ts';

/** The key the benchmark's requests send as `x-api-key` (not a secret: loopback only). */
export const BENCH_RELAY_API_KEY = 'bench-relay-key-0123456789';

const EXAMPLE_CONFIG = new URL('../../relay/config.example.yaml', import.meta.url);

/**
 * The shipped example configuration (relay/config.example.yaml) pointed at a sandbox, with the journal
 * at `store` and Lime "instant": the relay's own Lime rate limit is raised so it never waits. The window
 * is kept short (1 s) so the rate-slot table holds about as many rows as under the production limit
 * (3,000 per 5 min) and the per-request rate-slot SQL costs what it costs in production.
 */
export function buildBenchRelayConfig(options: {
    limeBaseUrl: string;
    limeApiKey: string;
    store: string;
    /** Media import from this host (the benchmark's media server), files up to `maxBytes`. */
    media?: { host: string; maxBytes: number };
}): RelayConfig {
    const raw = parseYaml(readFileSync(EXAMPLE_CONFIG, 'utf8')) as {
        delivery?: unknown;
        tenants: { default: { lime: Record<string, unknown>; media?: Record<string, unknown> } };
    };
    raw.delivery = { store: options.store };
    raw.tenants.default.lime.rateLimit = { limit: 1_000_000, windowMs: 1_000 };
    if (options.media) {
        raw.tenants.default.media = {
            ...raw.tenants.default.media,
            enabled: true,
            allowedHosts: [options.media.host],
            maxBytes: options.media.maxBytes,
        };
    }
    return parseConfig(raw, {
        RELAY_API_KEY: BENCH_RELAY_API_KEY,
        LIME_BASE_URL: options.limeBaseUrl,
        LIME_API_KEY: options.limeApiKey,
    });
}
