/**
 * Changing the configuration without a restart (POST /admin/config/reload; SIGHUP is in
 * config-reload-signal.test.ts): a reload is validated as at start-up and checked against Lime before it
 * replaces the configuration in use, deliveries in flight keep theirs, and a removed tenant's deliveries wait
 * in the journal. Every admin answer is checked against openapi/relay.yaml.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { createOpenApiValidator } from '../support/openapi-validator.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/src/start-sandbox.ts';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversation } from './support/start-relay.ts';

const contract = createOpenApiValidator(new URL('../../openapi/relay.yaml', import.meta.url));
const ADMIN_KEY = 'admin-reload-key-0123456789';
const NEXT_ADMIN_KEY = 'admin-reload-key-next-0123456789';
const ACME_KEY = 'acme-relay-key-0123456789';

/** The Lime of tenant `acme`. */
let acmeLime: RunningSandbox;
let configPath: string;
/** The configuration file as the relay started with it. */
let original: string;

beforeAll(async () => {
    acmeLime = await startSandbox();
});
afterAll(async () => {
    await acmeLime?.close();
});
const { sandbox, relay } = useRelaySuite({
    relay: () => ({
        configFile: true,
        env: {
            ADMIN_API_KEY: ADMIN_KEY,
            NEXT_ADMIN_API_KEY: NEXT_ADMIN_KEY,
            ACME_RELAY_KEY: ACME_KEY,
            ACME_BASE_URL: acmeLime.baseUrl,
        },
        editConfig: (raw) => {
            raw.admin = { apiKey: '${ADMIN_API_KEY}' };
            raw.delivery.inlineDeadlineMs = 2_000;
            raw.delivery.retry = { baseMs: 20, maxMs: 100, maxAttempts: 1_000 };
            raw.tenants.acme = {
                ...structuredClone(raw.tenants.default),
                relayApiKey: '${ACME_RELAY_KEY}',
                lime: { baseUrl: '${ACME_BASE_URL}', apiKey: '${LIME_API_KEY}' },
            };
        },
    }),
});
beforeAll(() => {
    configPath = relay.configPath as string;
    original = readFileSync(configPath, 'utf8');
});

/** Changes the configuration file (starting from the one the relay started with). */
function editFile(edit: (raw: Record<string, any>) => void): void {
    const raw = parseYaml(original) as Record<string, any>;
    edit(raw);
    writeFileSync(configPath, stringifyYaml(raw));
}

async function admin(
    method: string,
    path: string,
    key = ADMIN_KEY
): Promise<{ status: number; body: any }> {
    const response = await fetch(`${relay.url}${path}`, {
        method,
        headers: { 'x-admin-key': key },
    });
    const body = await response.json();
    contract.validateResponse({ method, path, status: response.status, body });
    return { status: response.status, body };
}

const reload = () => admin('POST', '/admin/config/reload');

async function metrics(): Promise<string> {
    return (await fetch(`${relay.url}/metrics`)).text();
}

async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

describe('configuration reload', () => {
    it('adds a topic for the next send, and shows the new version in the admin API and /metrics', async () => {
        const before = await admin('GET', '/admin/config');
        expect(before.body).toMatchObject({
            version: { hash: sha256(original) },
            tenants: ['default', 'acme'],
            reloadable: true,
            lastReload: null,
            parked: {},
        });
        expect((await relay.post(conversation(9701, { topic: 'Billing' }))).status).toBe(422);

        editFile((raw) =>
            raw.tenants.default.instances.push({
                topic: 'Billing',
                limetype: 'helpdesk',
                values: { title: { template: 'Billing chat {id}' } },
            })
        );
        const answer = await reload();
        expect(answer).toMatchObject({
            status: 200,
            body: {
                outcome: 'applied',
                trigger: 'admin',
                problems: [],
                changes: {
                    tenantsAdded: [],
                    tenantsRemoved: [],
                    tenantsChanged: ['default'],
                    adminKey: false,
                },
                version: { hash: sha256(readFileSync(configPath, 'utf8')) },
            },
        });
        expect(Date.parse(answer.body.version.loadedAt)).toBeGreaterThan(
            Date.parse(before.body.version.loadedAt)
        );

        const sent = await relay.post(conversation(9702, { topic: 'Billing' }));
        expect(sent.status).toBe(200);
        expect(sandbox.objects('helpdesk').at(-1)).toMatchObject({ title: 'Billing chat 9702' });

        const after = await admin('GET', '/admin/config');
        expect(after.body.version).toEqual(answer.body.version);
        expect(after.body.lastReload).toMatchObject({ outcome: 'applied', trigger: 'admin' });
        const text = await metrics();
        expect(text).toContain(`relay_config_info{hash="${answer.body.version.hash}"} 1`);
        expect(text).toContain('relay_config_reloads_total{outcome="applied"} 1');
        expect(text).toContain('relay_config_last_reload_successful 1');
        expect(text).toMatch(/^relay_config_loaded_timestamp_seconds \d/m);

        writeFileSync(configPath, original);
        expect((await reload()).body).toMatchObject({ outcome: 'applied' });
    });

    it('runs reloads one after the other', async () => {
        editFile((raw) => (raw.tenants.default.transcript.timeZone = 'Europe/Berlin'));
        const [first, second] = await Promise.all([reload(), reload()]);
        expect(first.body).toMatchObject({
            outcome: 'applied',
            changes: { tenantsChanged: ['default'] },
        });
        // The second read the same file after the first had put it in use.
        expect(second.body).toMatchObject({
            outcome: 'unchanged',
            changes: { tenantsChanged: [] },
        });
        writeFileSync(configPath, original);
        expect((await reload()).body).toMatchObject({ outcome: 'applied' });
    });

    it('changes the admin key from the next request on', async () => {
        editFile((raw) => (raw.admin.apiKey = '${NEXT_ADMIN_API_KEY}'));
        expect((await reload()).body).toMatchObject({
            outcome: 'applied',
            changes: { adminKey: true, tenantsChanged: [] },
        });
        expect((await admin('GET', '/admin/config')).status).toBe(401);
        expect((await admin('GET', '/admin/config', NEXT_ADMIN_KEY)).status).toBe(200);

        writeFileSync(configPath, original);
        expect((await admin('POST', '/admin/config/reload', NEXT_ADMIN_KEY)).body).toMatchObject({
            outcome: 'applied',
            changes: { adminKey: true },
        });
        expect((await admin('GET', '/admin/config')).status).toBe(200);
    });

    it('refuses a broken file, naming every problem with its key, and goes on with the one in use', async () => {
        const inUse = (await admin('GET', '/admin/config')).body.version;
        const refusedWith = async (): Promise<string[]> => {
            const answer = await reload();
            expect(answer.status).toBe(422);
            expect(answer.body.error).toMatchObject({ code: 'configuration_refused' });
            expect(answer.body.error.message).toContain(inUse.hash.slice(0, 12));
            return answer.body.error.problems;
        };

        writeFileSync(configPath, 'tenants:\n  default: { relayApiKey: [\n');
        expect(await refusedWith()).toEqual([
            expect.stringMatching(/^The configuration file .* is not valid YAML: .*line 3/),
        ]);

        editFile((raw) => {
            raw.tenants.default.instances[0].limetype = 'not a limetype';
            raw.tenants.default.instnces = [];
            raw.tenants.acme.lime.apiKey = '${UNSET_LIME_KEY}';
        });
        expect(await refusedWith()).toEqual([
            'tenants.acme.lime.apiKey: the environment variable UNSET_LIME_KEY is not set',
        ]);
        editFile((raw) => {
            raw.tenants.default.instances[0].limetype = 'not a limetype';
            raw.tenants.default.instnces = [];
        });
        expect(await refusedWith()).toEqual(
            expect.arrayContaining([
                'tenants.default.instances.0.limetype: must be a Lime limetype name',
                expect.stringMatching(
                    /^tenants\.default: unknown key\(s\) "instnces"; the keys here are relayApiKey, /
                ),
            ])
        );

        // Valid, but it does not fit Lime, and it changes what only a restart can change.
        editFile((raw) => {
            raw.tenants.default.instances.push({ topic: 'Invoices', limetype: 'invoice' });
            raw.delivery.store = '/elsewhere/relay.sqlite';
            raw.server.mountPath = '/chat/';
        });
        const problems = await refusedWith();
        expect(problems).toEqual([
            expect.stringMatching(/^server\.mountPath: changed, but it takes effect only when/),
            expect.stringMatching(/^delivery\.store: changed, but it takes effect only when/),
            'tenants.default: limetype invoice is missing in Lime',
            // The conversation record and the note relate to the object; media import is on, so the
            // document relates to it too.
            'tenants.default: relation ulconversation.invoice is missing',
            'tenants.default: relation history.invoice is missing',
            'tenants.default: relation document.invoice is missing',
        ]);
        // The value is not repeated: a store URL may hold a password.
        expect(problems.join('\n')).not.toContain('/elsewhere/');

        const refusedLine = relay.logs.findLast(
            (line) =>
                line.msg ===
                'Configuration reload refused (6 problem(s)); the configuration in use stays'
        );
        expect(refusedLine).toMatchObject({ level: 50, trigger: 'admin', problems });

        // Still the configuration in use: its topics, its version, and it serves.
        expect((await relay.post(conversation(9703, { topic: 'Support' }))).status).toBe(200);
        expect((await relay.post(conversation(9704, { topic: 'Invoices' }))).status).toBe(422);
        const state = (await admin('GET', '/admin/config')).body;
        expect(state.version).toEqual(inUse);
        expect(state.lastReload).toMatchObject({ outcome: 'refused', problems });
        const text = await metrics();
        expect(text).toContain('relay_config_last_reload_successful 0');
        expect(text).toContain('relay_config_reloads_total{outcome="refused"} 4');
        expect(text).toContain(`relay_config_info{hash="${inUse.hash}"} 1`);

        // Put back, the file is the one in use again.
        writeFileSync(configPath, original);
        expect((await reload()).body).toMatchObject({
            outcome: 'unchanged',
            version: { hash: inUse.hash },
        });
    });

    it('lets a delivery in flight finish with the configuration it started with; the next uses the new one', async () => {
        writeFileSync(configPath, original);
        await reload();
        sandbox.faults.set({
            hang: true,
            match: { method: 'POST', pathIncludes: 'limeobject/helpdesk' },
        });
        const payload = conversation(9710, { topic: 'Support' });
        const first = relay.post(payload);
        const running = async () =>
            (await relay.relay.store.list({ status: 'running' })).some(
                (delivery) => delivery.conversationId === '9710'
            );
        await waitUntil(running, 'the delivery runs');

        editFile((raw) => (raw.tenants.default.transcript.timeZone = 'Europe/Stockholm'));
        expect((await reload()).body).toMatchObject({ outcome: 'applied' });
        sandbox.faults.clear();
        expect([200, 202]).toContain((await first).status);
        const [delivery] = await relay.relay.store.list({ tenant: 'default', limit: 1 });
        const done = await relay.relay.worker.waitFor(delivery!.id, 10_000);
        const objectId = (done?.result as { objectId: number }).objectId;

        // Sent again after the reload: written with the new time zone.
        expect((await relay.post(payload)).status).toBe(200);
        const notes = sandbox
            .objects('history')
            .filter((note) => note.helpdesk === objectId)
            .map((note) => String(note.note));
        expect(notes).toHaveLength(2);
        expect(notes[0]).toContain('2024-02-22 15:49  ');
        expect(notes[1]).toContain('2024-02-22 16:49  ');
    });

    it('stops accepting a removed tenant and keeps its waiting delivery in the journal until it is back', async () => {
        writeFileSync(configPath, original);
        await reload();
        acmeLime.faults.set({ errorRate: 1, errorStatus: 503 });
        const queued = await relay.post(conversation(9720, { topic: 'Support' }), {
            path: '/t/acme/userlike/',
            key: ACME_KEY,
        });
        expect(queued.body).toMatchObject({ status: 'queued' });
        const id = queued.body.id as string;

        editFile((raw) => delete raw.tenants.acme);
        expect((await reload()).body).toMatchObject({
            outcome: 'applied',
            changes: { tenantsRemoved: ['acme'] },
        });
        const refused = await relay.post(conversation(9721, { topic: 'Support' }), {
            path: '/t/acme/userlike/',
            key: ACME_KEY,
        });
        expect(refused.status).toBe(401);

        // The attempt that was running finishes (and fails against the down Lime); then nothing claims it.
        await waitUntil(
            async () => (await relay.relay.store.get(id))?.status === 'queued',
            'the running attempt ends'
        );
        const waiting = await relay.relay.store.get(id);
        expect([
            [502, 'lime_error'],
            [503, 'lime_unavailable'],
        ]).toContainEqual([waiting?.lastError?.status, waiting?.lastError?.code]);
        // Retries are due every 100 ms at most: left untouched for longer than a second, it is not claimed.
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        expect(await relay.relay.store.get(id)).toEqual(waiting);
        const listing = await admin('GET', '/admin/deliveries?tenant=acme');
        expect(listing.body.deliveries).toEqual([
            expect.objectContaining({ id, status: 'queued', parked: true }),
        ]);
        expect((await admin('GET', '/admin/config')).body.parked).toEqual({ acme: 1 });
        expect(await metrics()).toContain('relay_parked_deliveries{tenant="acme"} 1');

        acmeLime.faults.clear();
        writeFileSync(configPath, original);
        expect((await reload()).body).toMatchObject({
            outcome: 'applied',
            changes: { tenantsAdded: ['acme'] },
        });
        expect(await relay.relay.worker.waitFor(id, 10_000)).toMatchObject({ status: 'done' });
        expect(acmeLime.objects('helpdesk').at(-1)).toMatchObject({ title: 'Userlike chat 9720' });
        expect((await admin('GET', '/admin/config')).body.parked).toEqual({});
        expect(await metrics()).not.toContain('relay_parked_deliveries{');
    });
});

function sha256(text: string): string {
    return createHash('sha256').update(text).digest('hex');
}
