import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeIdentifier } from 'pg';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryStore } from '../../relay/src/delivery/delivery-store.ts';
import { createPostgresDeliveryStore } from '../../relay/src/delivery/postgres-delivery-store.ts';
import {
    createTestSchemaName,
    dropTestSchema,
    TEST_DATABASE_URL,
    withTestClient,
} from '../../relay/test-support/postgres-test-database.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/src/start-sandbox.ts';
import { startRelayProcess, type RelayProcess } from './support/relay-process.ts';
import { conversation, RELAY_API_KEY } from './support/start-relay.ts';

/**
 * Several relay processes (`node relay/src/main.ts`) on one PostgreSQL schema and one Lime sandbox: the
 * guarantees of a single instance (every conversation written once, strict per-conversation order, nothing
 * stuck, Lime's rate limit respected) hold across instances, also when one of them is SIGKILLed.
 */

const EXAMPLE_CONFIG = new URL('../../relay/config.example.yaml', import.meta.url);

/** One test environment: a schema, a config file and its relay processes, torn down whatever happens. */
interface Cluster {
    schema: string;
    relays: RelayProcess[];
    store: DeliveryStore;
    dir: string;
}

async function startCluster(
    sandbox: RunningSandbox,
    instances: number,
    editConfig: (raw: Record<string, any>) => void
): Promise<Cluster> {
    const schema = createTestSchemaName('relay_test_multi');
    const dir = mkdtempSync(join(tmpdir(), 'relay-multi-'));
    const cluster: Cluster = {
        schema,
        relays: [],
        dir,
        store: createPostgresDeliveryStore({ connectionString: TEST_DATABASE_URL, schema }),
    };
    try {
        const raw = parseYaml(readFileSync(EXAMPLE_CONFIG, 'utf8')) as Record<string, any>;
        raw.delivery = {
            store: `${TEST_DATABASE_URL}?schema=${schema}`,
            // Short, so the jobs of a killed instance are taken over within the test.
            leaseMs: 2_000,
            retry: { baseMs: 100, maxMs: 1_000 },
        };
        editConfig(raw);
        const configPath = join(dir, 'relay.yaml');
        writeFileSync(configPath, stringifyYaml(raw));
        const env = {
            LIME_BASE_URL: sandbox.baseUrl,
            LIME_API_KEY: sandbox.apiKey,
            RELAY_API_KEY,
            LOG_LEVEL: 'warn',
        };
        // All at once: their migrations race on the same schema.
        const started = await Promise.allSettled(
            Array.from({ length: instances }, () => startRelayProcess({ configPath, env }))
        );
        for (const result of started) {
            if (result.status === 'fulfilled') cluster.relays.push(result.value);
        }
        const failed = started.find((result) => result.status === 'rejected');
        if (failed) throw failed.reason;
        await assertRelaysUsePostgres(schema);
        return cluster;
    } catch (error) {
        await stopCluster(cluster);
        throw error;
    }
}

/** Fails clearly when the relays are not on the PostgreSQL store (e.g. create-relay.ts ignores the URL). */
async function assertRelaysUsePostgres(schema: string): Promise<void> {
    const tables = await withTestClient(
        async (client) =>
            (
                await client.query(
                    `SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'deliveries'`,
                    [schema]
                )
            ).rowCount
    );
    if (tables !== 1) {
        throw new Error(
            `The relays started but did not create their tables in PostgreSQL schema ${schema}: is delivery.store read by createDeliveryStore?`
        );
    }
}

async function stopCluster(cluster: Cluster): Promise<void> {
    await Promise.all(
        cluster.relays.map(async (relay) => {
            const timer = setTimeout(() => void relay.kill('SIGKILL'), 5_000);
            await relay.kill('SIGTERM');
            clearTimeout(timer);
        })
    );
    await cluster.store.close();
    await dropTestSchema(cluster.schema);
    rmSync(cluster.dir, { recursive: true, force: true });
}

async function post(
    relay: RelayProcess,
    body: unknown
): Promise<{ status: number; body: Record<string, any> }> {
    const response = await fetch(`${relay.url}/userlike/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': RELAY_API_KEY },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Polls the store until no delivery is queued or running; resolves with the final counts. */
async function waitUntilSettled(store: DeliveryStore, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const counts = await store.counts();
        if (counts.queued === 0 && counts.running === 0) return counts;
        if (Date.now() > deadline) {
            throw new Error(
                `Deliveries still unfinished after ${timeoutMs} ms: ${JSON.stringify(counts)}`
            );
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
}

/** A conversation's second transcript version: one more contact message. */
function secondVersion(id: number): Record<string, any> {
    const payload = conversation(id, { topic: 'Support' });
    const message = structuredClone(payload.transcript[1]);
    message.id = message.msgid = `${id}.2`;
    message.uuid = null;
    message.sent_at = '2024-02-22T15:55:00.000Z';
    message.body = message.body_plain = `A follow-up to ${id}.`;
    payload.transcript.push(message);
    return payload;
}

describe('several relay instances on one PostgreSQL', () => {
    const CONVERSATIONS = Array.from({ length: 30 }, (_, index) => 71_001 + index);
    /** Every third conversation is also sent in a second, longer version. */
    const hasSecondVersion = (id: number) => CONVERSATIONS.includes(id) && id % 3 === 0;
    let sandbox: RunningSandbox;
    let cluster: Cluster | undefined;

    beforeAll(async () => {
        sandbox = await startSandbox();
        // Lime answers after 30 ms: a conversation takes a few hundred ms, so the victim is killed mid-write.
        sandbox.faults.set({ latencyMs: 30 });
        cluster = await startCluster(sandbox, 3, () => {});
    }, 60_000);

    afterAll(async () => {
        if (cluster) await stopCluster(cluster);
        await sandbox?.close();
    }, 30_000);

    it('writes every conversation exactly once and leaves nothing stuck when an instance is SIGKILLed', async () => {
        const { relays, store } = cluster as Cluster;
        const alive = new Set(relays);
        const victim = relays[1] as RelayProcess;

        // The requests, in waves that each finish before the next starts (so the order of versions is
        // known): each conversation twice at once (to different instances); then the second version of
        // every third conversation twice at once; then every conversation's latest version once more.
        type Send = { id: number; body: Record<string, any> };
        const latest = (id: number) =>
            hasSecondVersion(id) ? secondVersion(id) : conversation(id, { topic: 'Support' });
        const waves: Send[][] = [];
        for (let start = 0; start < CONVERSATIONS.length; start += 6) {
            waves.push(
                CONVERSATIONS.slice(start, start + 6).flatMap((id) =>
                    [0, 1].map(() => ({ id, body: conversation(id, { topic: 'Support' }) }))
                )
            );
        }
        waves.push(
            CONVERSATIONS.filter(hasSecondVersion).flatMap((id) =>
                [0, 1].map(() => ({ id, body: secondVersion(id) }))
            )
        );
        waves.push(CONVERSATIONS.map((id) => ({ id, body: latest(id) })));

        let next = 0;
        /** Round-robin over the live instances. */
        const pickRelay = (): RelayProcess => {
            const live = relays.filter((relay) => alive.has(relay));
            return live[next++ % live.length] as RelayProcess;
        };
        const answers = new Map<number, { status: number; body: Record<string, any> }[]>();
        let resent = 0;
        /** Sends until a live instance answers: a request cut off by the kill is sent again, as Userlike would. */
        async function send({ id, body }: Send): Promise<void> {
            for (let attempt = 1; ; attempt++) {
                const relay = pickRelay();
                try {
                    const answer = await post(relay, body);
                    answers.set(id, [...(answers.get(id) ?? []), answer]);
                    return;
                } catch (error) {
                    if (alive.has(relay) || attempt >= 5) throw error;
                    resent++;
                }
            }
        }

        /** Deliveries leased to the victim's worker (its worker id is host:pid:suffix). */
        const leasedToVictim = async (): Promise<string[]> =>
            withTestClient(async (client) =>
                (
                    await client.query<{ id: string }>(
                        `SELECT id FROM ${escapeIdentifier(cluster!.schema)}.deliveries
                             WHERE status = 'running' AND lease_owner LIKE $1`,
                        [`%:${victim.pid}:%`]
                    )
                ).rows.map((row) => row.id)
            );
        /**
         * SIGKILLs the victim as soon as it holds a lease; resolves with the leases it died holding. Any
         * instance's worker may claim any delivery, so on a busy machine the victim can go a while without
         * one: the waves go on meanwhile, and `feedVictim` below sends it work of its own until it holds one.
         */
        let killed = false;
        async function killWhileLeased(): Promise<string[]> {
            const deadline = Date.now() + 90_000;
            while ((await leasedToVictim()).length === 0) {
                if (Date.now() > deadline) throw new Error('The victim never held a lease');
                await new Promise((resolve) => setTimeout(resolve, 10));
            }
            alive.delete(victim);
            expect(await victim.kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
            killed = true;
            return leasedToVictim();
        }
        /** Conversations sent to the victim itself after the waves, only while it has not been killed. */
        const EXTRA_FIRST_ID = 72_001;
        const extras: number[] = [];
        async function feedVictim(): Promise<void> {
            for (let id = EXTRA_FIRST_ID; !killed && id < EXTRA_FIRST_ID + 40; id++) {
                extras.push(id);
                const body = conversation(id, { topic: 'Support' });
                try {
                    const answer = await post(victim, body);
                    answers.set(id, [answer]);
                } catch {
                    // Cut off by the kill: sent again to a live instance, as Userlike would.
                    resent++;
                    await send({ id, body });
                }
            }
        }

        let sent = 0;
        let orphaned: Promise<string[]> | undefined;
        for (const [index, wave] of waves.entries()) {
            // Mid-run: from the third wave on, while the victim is writing a conversation.
            if (index === 2) orphaned = killWhileLeased();
            await Promise.all(
                wave.map(async (request) => {
                    sent++;
                    await send(request);
                })
            );
        }
        await feedVictim();
        sent += extras.length;
        const abandoned = (await orphaned) ?? [];
        expect(abandoned.length, 'deliveries the victim died holding').toBeGreaterThan(0);

        // Every answer is a success: the link, or "queued" when the delivery waited for a dead lease.
        for (const [id, list] of answers) {
            for (const answer of list) {
                expect([200, 202], `conversation ${id}: ${JSON.stringify(answer)}`).toContain(
                    answer.status
                );
            }
        }

        // No stuck jobs: every journaled delivery ends done (none queued, running or dead).
        const counts = await waitUntilSettled(store, 30_000);
        expect(counts).toMatchObject({ queued: 0, running: 0, dead: 0 });
        // A copy sent while the first is unfinished joins it, so the journal has at least one delivery per
        // conversation version sent, and at most one per request.
        const versions = CONVERSATIONS.length + CONVERSATIONS.filter(hasSecondVersion).length;
        expect(counts.done).toBeGreaterThanOrEqual(versions + extras.length);
        expect(counts.done).toBeLessThanOrEqual(sent + resent);
        const retried = (await store.list({ limit: 1_000 })).filter((d) => d.attempts > 1).length;
        // Not asserted (timing decides what the victim held), but shows the run did what it should.
        console.warn(
            `multi-instance: ${sent} requests, ${resent} sent again after the kill, ${retried} deliveries taken over or retried`
        );

        // The victim's leases expired and another instance finished its deliveries.
        for (const id of abandoned) {
            const delivery = await store.get(id);
            expect(delivery?.status).toBe('done');
            expect(delivery?.attempts).toBeGreaterThanOrEqual(2);
        }

        // Lime: per conversation one object, one conversation record, one note per transcript version.
        for (const id of [...CONVERSATIONS, ...extras]) {
            const helpdesks = sandbox
                .objects('helpdesk')
                .filter((h) => h.title === `Userlike chat ${id}`);
            expect(helpdesks, `helpdesks of conversation ${id}`).toHaveLength(1);
            const helpdesk = helpdesks[0] as Record<string, unknown>;
            const records = sandbox
                .objects('ulconversation')
                .filter((r) => r.conversationid === id);
            expect(records, `conversation records of ${id}`).toHaveLength(1);
            expect(records[0]?.helpdesk).toBe(helpdesk._id);

            const notes = sandbox
                .objects('history')
                .filter((note) => note.helpdesk === helpdesk._id)
                .map((note) => String(note.note));
            const followUps = notes.filter((note) => note.includes(`A follow-up to ${id}.`));
            expect(notes, `notes of conversation ${id}`).toHaveLength(hasSecondVersion(id) ? 2 : 1);
            expect(followUps, `second-version notes of ${id}`).toHaveLength(
                hasSecondVersion(id) ? 1 : 0
            );

            // Every link answered for the conversation is the one object's.
            const url = `${sandbox.baseUrl}/client/object/helpdesk/${helpdesk._id}`;
            for (const answer of answers.get(id) ?? []) {
                if (answer.status === 200) expect(answer.body).toEqual({ url });
            }
            // And the journal agrees: the conversation's last written result is that object.
            expect((await store.getConversation('default', String(id)))?.result).toMatchObject({
                url,
            });
        }
    }, 120_000);
});

describe("Lime's rate limit, shared by several instances", () => {
    let sandbox: RunningSandbox;
    let cluster: Cluster | undefined;

    beforeAll(async () => {
        // The sandbox allows slightly more than the relays' shared budget (6 per 2 s): 7 per 1.8 s. Two
        // instances that did not share it could send 12 per 2 s. The sandbox's shorter window absorbs the
        // varying time between a slot being granted and its request arriving (up to 200 ms): the relay
        // counts grants, Lime counts arrivals.
        sandbox = await startSandbox({ rateLimit: { limit: 7, windowMs: 1_800 } });
        cluster = await startCluster(sandbox, 2, (raw) => {
            raw.tenants.default.lime.rateLimit = { limit: 6, windowMs: 2_000 };
            raw.delivery.inlineDeadlineMs = 1_000;
        });
    }, 60_000);

    afterAll(async () => {
        if (cluster) await stopCluster(cluster);
        await sandbox?.close();
    }, 30_000);

    it('holds across instances: Lime never answers 429', async () => {
        const { relays, store } = cluster as Cluster;
        sandbox.clearRequests();
        const ids = [72_001, 72_002, 72_003, 72_004, 72_005, 72_006];
        const answers = await Promise.all(
            ids.map((id, index) =>
                post(
                    relays[index % relays.length] as RelayProcess,
                    conversation(id, { topic: 'Support' })
                )
            )
        );
        for (const answer of answers) expect([200, 202]).toContain(answer.status);
        await waitUntilSettled(store, 60_000);
        expect(await store.counts()).toMatchObject({ queued: 0, running: 0, dead: 0 });

        const requests = sandbox.requests();
        expect(requests.filter((request) => request.status === 429)).toEqual([]);
        for (const id of ids) {
            expect(
                sandbox.objects('ulconversation').filter((r) => r.conversationid === id)
            ).toHaveLength(1);
        }
        // The limit was binding (there was more work than budget), so both instances had to wait for it.
        expect(requests.length).toBeGreaterThan(2 * 6);
        for (const relay of relays) {
            const metrics = await (await fetch(`${relay.url}/metrics`)).text();
            const waited = /^relay_lime_rate_limited_total\{tenant="default"\} (\d+)/m.exec(
                metrics
            );
            expect(Number(waited?.[1] ?? 0), `rate-limit waits of ${relay.url}`).toBeGreaterThan(0);
        }
    }, 90_000);
});
