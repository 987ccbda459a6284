import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversation } from './support/start-relay.ts';

/**
 * A key rotation as README "Rotating keys" describes it, through the relay's HTTP API and without a
 * restart: each step edits the configuration file and reloads it (POST /admin/config/reload), as an
 * operator would. Sends go on throughout.
 */

const KEYS = {
    RELAY_API_KEY: 'relay-key-old-0123456789',
    RELAY_API_KEY_NEXT: 'relay-key-new-0123456789',
    ACME_RELAY_API_KEY: 'relay-key-acme-0123456789',
    ADMIN_API_KEY: 'admin-key-old-0123456789',
    ADMIN_API_KEY_NEXT: 'admin-key-new-0123456789',
};

let nextId = 9_100;

const { relay } = useRelaySuite({
    relay: {
        env: KEYS,
        configFile: true,
        editConfig: (raw) => {
            raw.admin = { apiKey: '${ADMIN_API_KEY}' };
            raw.tenants.acme = structuredClone(raw.tenants.default);
            raw.tenants.acme.relayApiKey = '${ACME_RELAY_API_KEY}';
        },
    },
});

/** Rewrites the default tenant's and the admin keys in the configuration file and reloads it. */
async function rotateTo(
    tenantKeys: Record<string, unknown>,
    admin: Record<string, unknown>,
    adminKey: string
) {
    const path = relay.configPath as string;
    const raw = parseYaml(readFileSync(path, 'utf8')) as Record<string, any>;
    delete raw.tenants.default.relayApiKey;
    delete raw.tenants.default.relayApiKeys;
    Object.assign(raw.tenants.default, tenantKeys);
    raw.admin = admin;
    writeFileSync(path, stringifyYaml(raw));
    const answer = await fetch(`${relay.url}/admin/config/reload`, {
        method: 'POST',
        headers: { 'x-admin-key': adminKey },
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ outcome: 'applied' });
}

const send = async (key: string, path?: string) =>
    (await relay.post(conversation(nextId++), { key, path })).status;
const adminStatus = async (key: string) =>
    (await fetch(`${relay.url}/admin/deliveries`, { headers: { 'x-admin-key': key } })).status;

describe('key rotation without downtime', () => {
    it('accepts the single-key form as before', async () => {
        expect(await send(KEYS.RELAY_API_KEY)).toBe(200);
        expect(await send(KEYS.RELAY_API_KEY_NEXT)).toBe(401);
        expect(await adminStatus(KEYS.ADMIN_API_KEY)).toBe(200);
        expect(await adminStatus(KEYS.ADMIN_API_KEY_NEXT)).toBe(401);
    });

    it('accepts the old and the new key during the overlap', async () => {
        await rotateTo(
            { relayApiKeys: ['${RELAY_API_KEY}', '${RELAY_API_KEY_NEXT}'] },
            { apiKeys: ['${ADMIN_API_KEY}', '${ADMIN_API_KEY_NEXT}'] },
            KEYS.ADMIN_API_KEY
        );
        expect(await send(KEYS.RELAY_API_KEY)).toBe(200);
        expect(await send(KEYS.RELAY_API_KEY_NEXT)).toBe(200);
        expect(await adminStatus(KEYS.ADMIN_API_KEY)).toBe(200);
        expect(await adminStatus(KEYS.ADMIN_API_KEY_NEXT)).toBe(200);
        // A tenant's keys open that tenant only.
        expect(await send(KEYS.RELAY_API_KEY_NEXT, '/t/acme/userlike/')).toBe(401);
        expect(await send(KEYS.ACME_RELAY_API_KEY, '/t/acme/userlike/')).toBe(200);
        expect(await send(KEYS.ACME_RELAY_API_KEY)).toBe(401);
    });

    it('refuses a removed key once the rotation is done, and logs no key', async () => {
        await rotateTo(
            { relayApiKeys: ['${RELAY_API_KEY_NEXT}'] },
            { apiKeys: ['${ADMIN_API_KEY_NEXT}'] },
            KEYS.ADMIN_API_KEY_NEXT
        );
        expect(await send(KEYS.RELAY_API_KEY)).toBe(401);
        expect(await send(KEYS.RELAY_API_KEY_NEXT)).toBe(200);
        expect(await adminStatus(KEYS.ADMIN_API_KEY)).toBe(401);
        expect(await adminStatus(KEYS.ADMIN_API_KEY_NEXT)).toBe(200);
        for (const key of Object.values(KEYS)) expect(relay.logText()).not.toContain(key);
    });
});
