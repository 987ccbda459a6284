/**
 * SIGHUP on a real relay process (`node relay/src/main.ts`, as in production): an edited configuration file
 * and a rotated secret in RELAY_ENV_FILE are put in use without a restart; a broken file is refused and the
 * process goes on serving with the configuration it had.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { startSandbox, type RunningSandbox } from '../../sandbox/src/start-sandbox.ts';
import { startRelayProcess, type RelayProcess } from './support/relay-process.ts';
import { conversation } from './support/start-relay.ts';

const ADMIN_KEY = 'admin-signal-key-0123456789';
const OLD_RELAY_KEY = 'relay-signal-key-old-0123456789';
const NEW_RELAY_KEY = 'relay-signal-key-new-0123456789';

let sandbox: RunningSandbox;
let relay: RelayProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), 'relay-sighup-'));
const configPath = join(dir, 'relay.yaml');
const envPath = join(dir, 'relay.env');

function writeConfig(edit: (raw: Record<string, any>) => void = () => {}): void {
    const raw = parseYaml(
        readFileSync(new URL('../../relay/config.example.yaml', import.meta.url), 'utf8')
    ) as Record<string, any>;
    raw.delivery = { store: join(dir, 'relay.sqlite') };
    raw.admin = { apiKey: '${ADMIN_API_KEY}' };
    edit(raw);
    writeFileSync(configPath, stringifyYaml(raw));
}

beforeAll(async () => {
    sandbox = await startSandbox();
    writeConfig();
    writeFileSync(envPath, `RELAY_API_KEY=${OLD_RELAY_KEY}\nADMIN_API_KEY=${ADMIN_KEY}\n`);
    relay = await startRelayProcess({
        configPath,
        env: {
            LIME_BASE_URL: sandbox.baseUrl,
            LIME_API_KEY: sandbox.apiKey,
            RELAY_ENV_FILE: envPath,
            LOG_LEVEL: 'info',
        },
    });
});
afterAll(async () => {
    await relay?.kill('SIGKILL');
    await sandbox?.close();
});

async function send(id: number, topic: string, key: string): Promise<number> {
    const response = await fetch(`${relay!.url}/userlike/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify(conversation(id, { topic })),
    });
    await response.arrayBuffer();
    return response.status;
}

/** Signals the process and resolves with the reload it logged (read back from the admin API). */
async function hangUp(): Promise<Record<string, any>> {
    const state = async () =>
        (await (
            await fetch(`${relay!.url}/admin/config`, { headers: { 'x-admin-key': ADMIN_KEY } })
        ).json()) as Record<string, any>;
    const before = (await state()).lastReload?.at;
    process.kill(relay!.pid, 'SIGHUP');
    const deadline = Date.now() + 15_000;
    for (;;) {
        const { lastReload } = await state();
        if (lastReload && lastReload.at !== before) return lastReload;
        if (Date.now() > deadline) throw new Error('The relay did not reload after SIGHUP');
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

describe('SIGHUP', () => {
    it('puts an edited file and a rotated secret in use, without a restart', async () => {
        expect(await send(9801, 'Billing', OLD_RELAY_KEY)).toBe(422);

        writeConfig((raw) =>
            raw.tenants.default.instances.push({
                topic: 'Billing',
                limetype: 'helpdesk',
                values: { title: { template: 'Billing chat {id}' } },
            })
        );
        writeFileSync(envPath, `RELAY_API_KEY=${NEW_RELAY_KEY}\nADMIN_API_KEY=${ADMIN_KEY}\n`);
        const pid = relay!.pid;
        expect(await hangUp()).toMatchObject({
            outcome: 'applied',
            trigger: 'SIGHUP',
            changes: { tenantsChanged: ['default'] },
        });

        expect(await send(9802, 'Billing', NEW_RELAY_KEY)).toBe(200);
        expect(sandbox.objects('helpdesk').at(-1)).toMatchObject({ title: 'Billing chat 9802' });
        expect(await send(9803, 'Billing', OLD_RELAY_KEY)).toBe(401);
        expect(relay!.pid).toBe(pid);
    });

    it('refuses a broken file, logs every problem, and goes on serving', async () => {
        writeFileSync(configPath, 'tenants:\n  default:\n    relayApiKey: ${RELAY_API_KEY}\n');
        const refused = await hangUp();
        expect(refused).toMatchObject({ outcome: 'refused', trigger: 'SIGHUP' });
        expect(refused.problems).toEqual([
            'tenants.default.lime: Invalid input: expected object, received undefined',
            'tenants.default.instances: Invalid input: expected array, received undefined',
        ]);
        const logged = relay!
            .stdout()
            .split('\n')
            .filter((line) => line.includes('Configuration reload refused'))
            .map((line) => JSON.parse(line));
        expect(logged).toEqual([
            expect.objectContaining({ level: 50, trigger: 'SIGHUP', problems: refused.problems }),
        ]);

        expect((await fetch(`${relay!.url}/readyz`)).status).toBe(200);
        expect(await send(9804, 'Billing', NEW_RELAY_KEY)).toBe(200);
        expect(relay!.stderr()).toBe('');
        expect(await relay!.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    });
});
