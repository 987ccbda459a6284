import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { expect, it } from 'vitest';
import { useRelaySuite } from './support/relay-suite.ts';

/** `media.resolve` is warned about whenever it is in use: at start-up (media-smoke.test.ts) and after a reload. */

const ADMIN_KEY = 'admin-resolve-key-0123456789';

const { relay } = useRelaySuite({
    relay: {
        configFile: true,
        env: { ADMIN_API_KEY: ADMIN_KEY },
        editConfig: (raw) => {
            raw.admin = { apiKey: '${ADMIN_API_KEY}' };
        },
    },
});

const warnings = () =>
    relay.logs.filter((line) => String(line.msg).startsWith('media.resolve is set'));

it('warns after a reload that turns media.resolve on, naming the hosts', async () => {
    expect(warnings()).toEqual([]);
    const path = relay.configPath as string;
    const raw = parseYaml(readFileSync(path, 'utf8')) as Record<string, any>;
    raw.tenants.default.media.allowedHosts.push('media.smoke.test');
    raw.tenants.default.media.resolve = { 'media.smoke.test': '127.0.0.1' };
    writeFileSync(path, stringifyYaml(raw));
    const answer = await fetch(`${relay.url}/admin/config/reload`, {
        method: 'POST',
        headers: { 'x-admin-key': ADMIN_KEY },
    });
    expect(await answer.json()).toMatchObject({ outcome: 'applied' });
    expect(warnings()).toEqual([
        expect.objectContaining({
            level: 40,
            tenant: 'default',
            resolve: { 'media.smoke.test': '127.0.0.1' },
        }),
    ]);
});
