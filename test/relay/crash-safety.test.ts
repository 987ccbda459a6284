/**
 * Crash safety of the embedded (SQLite) relay, as a real process: SIGKILL at random moments loses nothing
 * accepted and duplicates nothing in Lime, also under load, when deliveries share group commits; SIGTERM
 * drains the deliveries in flight and exits cleanly. (A SIGKILL leaves what the relay wrote in the
 * operating system's cache: these tests cannot show that a commit reached the disk before its answer.)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { loadConfig } from '../../relay/src/config/load-config.ts';
import type { Delivery, DeliveryStore } from '../../relay/src/delivery/delivery-store.ts';
import { createSqliteDeliveryStore } from '../../relay/src/delivery/sqlite-delivery-store.ts';
import { contentHash } from '../../relay/src/sync/content-hash.ts';
import { parseConversation } from '../../relay/src/conversation/parse-conversation.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/src/start-sandbox.ts';
import { startRelayProcess, type RelayProcess } from './support/relay-process.ts';
import { conversation, RELAY_API_KEY } from './support/start-relay.ts';

let sandbox: RunningSandbox;
let relay: RelayProcess | undefined;

beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: { limit: 100_000, windowMs: 60_000 } });
});
afterEach(async () => {
    await relay?.kill('SIGKILL');
    relay = undefined;
});
afterAll(async () => {
    await sandbox?.close();
});

/** A configuration file for a relay process with its own journal; returns its path and the journal's. */
function writeConfig(edit: (raw: Record<string, any>) => void = () => {}): {
    configPath: string;
    storePath: string;
} {
    const dir = mkdtempSync(join(tmpdir(), 'relay-crash-'));
    const raw = parseYaml(
        readFileSync(new URL('../../relay/config.example.yaml', import.meta.url), 'utf8')
    );
    const storePath = join(dir, 'relay.sqlite');
    raw.delivery = {
        store: storePath,
        leaseMs: 1_500,
        inlineDeadlineMs: 3_000,
        retry: { baseMs: 100, maxMs: 500 },
    };
    edit(raw);
    const configPath = join(dir, 'relay.yaml');
    writeFileSync(configPath, stringify(raw));
    return { configPath, storePath };
}

const env = () => ({
    LIME_BASE_URL: sandbox.baseUrl,
    LIME_API_KEY: sandbox.apiKey,
    RELAY_API_KEY,
    LOG_LEVEL: 'warn',
});

/** Posts until the relay answers (it may be down for a moment): what a retrying sender would do. */
async function postUntilAnswered(
    current: () => RelayProcess | undefined,
    payload: unknown
): Promise<number> {
    for (let attempt = 0; attempt < 200; attempt++) {
        const target = current();
        if (target) {
            try {
                const response = await fetch(`${target.url}/userlike/`, {
                    method: 'POST',
                    headers: { 'content-type': 'application/json', 'x-api-key': RELAY_API_KEY },
                    body: JSON.stringify(payload),
                    signal: AbortSignal.timeout(10_000),
                });
                if (response.status === 200 || response.status === 202) return response.status;
                throw new Error(`unexpected answer ${response.status}: ${await response.text()}`);
            } catch (error) {
                if ((error as Error).message.startsWith('unexpected answer')) throw error;
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the relay never answered');
}

function version(id: number, n: number): Record<string, any> {
    const payload = conversation(id, { topic: 'Support' });
    payload.transcript.push({
        ...payload.transcript[3],
        id: `v${n}`,
        sent_at: `2024-02-22T16:0${n}:00.000Z`,
        body: `Version ${n}`,
        body_plain: `Version ${n}`,
    });
    return payload;
}

/** Waits until the journal has nothing queued or running (within 30 s), and checks nothing is dead. */
async function expectAllFinished(journal: DeliveryStore): Promise<void> {
    await expect
        .poll(
            async () => {
                const counts = await journal.counts();
                return counts.queued + counts.running;
            },
            { timeout: 30_000, interval: 250 }
        )
        .toBe(0);
    expect((await journal.counts()).dead).toBe(0);
}

/**
 * The last line of each note of a conversation (in the order written), after checking that Lime holds one
 * object and one conversation record for it.
 */
function lastLinesOfNotes(id: number): string[] {
    const helpdesks = sandbox.objects('helpdesk').filter((h) => h.title === `Userlike chat ${id}`);
    expect(helpdesks, `conversation ${id}`).toHaveLength(1);
    const records = sandbox.objects('ulconversation').filter((r) => r.conversationid === id);
    expect(records, `conversation ${id}`).toHaveLength(1);
    return sandbox
        .objects('history')
        .filter((h) => h.helpdesk === helpdesks[0]!._id)
        .map((note) => (note.note as string).split('\n').at(-1) as string);
}

it('keeps every accepted delivery and writes each conversation exactly once through SIGKILLs at random moments', async () => {
    sandbox.reset();
    // Some Lime latency, so that the sends take a few seconds and the kills land in the middle of them.
    sandbox.faults.set({ latencyMs: 60 });
    const { configPath, storePath } = writeConfig();
    relay = await startRelayProcess({ configPath, env: env() });

    // The killer: three SIGKILLs at random moments, each while the relay holds a delivery (so that it dies
    // mid-write, not between sends) and followed by a restart on the same journal.
    const journal = createSqliteDeliveryStore({ path: storePath });
    let kills = 0;
    let sending = true;
    const killer = (async () => {
        while (sending && kills < 3) {
            await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 700));
            while (sending && (await journal.counts()).running === 0) {
                await new Promise((resolve) => setTimeout(resolve, 5));
            }
            if (!sending) break;
            const victim = relay;
            relay = undefined;
            await victim?.kill('SIGKILL');
            kills++;
            relay = await startRelayProcess({ configPath, env: env() });
        }
    })();

    // 20 conversations, two versions each; every version sent twice at once (concurrent copies), and the
    // second version only once the first has been answered, so each conversation should end with 2 notes.
    const ids = Array.from({ length: 20 }, (_, i) => 4_000_001 + i);
    const statuses: number[] = [];
    const sendConversation = async (id: number): Promise<void> => {
        for (const n of [1, 2]) {
            const answers = await Promise.all(
                [1, 2].map(() => postUntilAnswered(() => relay, version(id, n)))
            );
            statuses.push(...answers);
        }
    };
    for (let i = 0; i < ids.length; i += 5)
        await Promise.all(ids.slice(i, i + 5).map(sendConversation));
    sending = false;
    await killer;
    sandbox.faults.clear();
    expect(kills).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200 || status === 202)).toBe(true);

    // No job stays stuck: the last relay finishes everything (leases of killed workers expire and are taken over).
    try {
        await expectAllFinished(journal);
        // The kills landed mid-write: deliveries of a killed relay were taken over by its successor.
        const deliveries = await journal.list({ limit: 1_000 });
        expect(deliveries.some((delivery) => delivery.attempts > 1)).toBe(true);
    } finally {
        await journal.close();
    }

    for (const id of ids) {
        expect(lastLinesOfNotes(id), `conversation ${id}`).toEqual([
            '2024-02-22 16:01  Peter Testman (operator): Version 1',
            '2024-02-22 16:02  Peter Testman (operator): Version 2',
        ]);
    }
}, 180_000);

it('keeps every delivery answered 2xx, and writes each once, through SIGKILLs during group commits under load', async () => {
    sandbox.reset();
    // Some Lime latency and a short inline deadline: answers are a mix of 200 (written) and 202 (queued),
    // and the journal keeps taking new deliveries while the worker writes earlier ones.
    sandbox.faults.set({ latencyMs: 15 });
    const { configPath, storePath } = writeConfig((raw) => {
        raw.delivery.inlineDeadlineMs = 150;
    });
    const tenant = loadConfig(configPath, env()).tenants.default!;
    const hashOf = (id: number, n: number) =>
        contentHash(parseConversation(version(id, n)), tenant);

    // 40 senders at once, each with two conversations of its own that it sends again and again: every
    // version twice at once (a double click), then either the next version or the same again (a repeat,
    // absorbed or journaled as done). Many requests arrive together: one group commit for them.
    const ids = Array.from({ length: 80 }, (_, i) => 4_200_001 + i);
    const nextVersion = new Map(ids.map((id) => [id, 1]));
    const answered: {
        id: number;
        n: number;
        status: number;
        requestId: string;
        deliveryId?: string;
    }[] = [];
    let unanswered = 0;
    const post = async (target: RelayProcess, id: number, n: number): Promise<void> => {
        const response = await fetch(`${target.url}/userlike/`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': RELAY_API_KEY },
            body: JSON.stringify(version(id, n)),
            signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json()) as { id?: string };
        answered.push({
            id,
            n,
            status: response.status,
            requestId: response.headers.get('x-request-id') as string,
            // A 202 names its delivery.
            deliveryId: body.id,
        });
    };
    const load = async (target: RelayProcess, until: () => boolean): Promise<void> => {
        await Promise.all(
            Array.from({ length: 40 }, async (_, sender) => {
                for (let turn = 0; !until(); turn++) {
                    const id = ids[sender + 40 * (turn % 2)] as number;
                    const n = nextVersion.get(id) as number;
                    const sent = await Promise.allSettled([
                        post(target, id, n),
                        post(target, id, n),
                    ]);
                    // The relay was killed with a request in flight: no answer, so no promise was made;
                    // the sender sends that version again to the next relay.
                    if (sent.some((result) => result.status === 'rejected')) {
                        unanswered++;
                        return;
                    }
                    if (n < 9 && Math.random() < 0.7) nextVersion.set(id, n + 1);
                }
            })
        );
    };

    // The relay logs each answer with the request and delivery id before sending it: read from its output
    // which delivery an answered request is. The log is written asynchronously, so the last lines before a
    // kill may be lost although their answers went out; those answers are checked by their content.
    const outputs: (() => string)[] = [];
    for (let round = 0; round < 3; round++) {
        relay = await startRelayProcess({ configPath, env: { ...env(), LOG_LEVEL: 'info' } });
        const target = relay;
        outputs.push(target.stdout);
        let killed = false;
        const loading = load(target, () => killed);
        await new Promise((resolve) => setTimeout(resolve, 400 + Math.random() * 600));
        killed = true;
        await target.kill('SIGKILL');
        relay = undefined;
        await loading;
    }
    sandbox.faults.clear();
    expect(answered.length).toBeGreaterThan(100);
    expect(unanswered).toBeGreaterThan(0);
    expect(answered.filter((a) => a.status !== 200 && a.status !== 202)).toEqual([]);

    // Every answered request's delivery is in the journal with its content, before anything runs again.
    const deliveryOf = new Map<string, string>();
    for (const output of outputs) {
        for (const line of output().split('\n')) {
            if (!line.startsWith('{')) continue;
            const entry = JSON.parse(line) as {
                msg?: string;
                requestId?: string;
                deliveryId?: string;
            };
            if (entry.msg === 'Answered') deliveryOf.set(entry.requestId!, entry.deliveryId!);
        }
    }
    const journal = createSqliteDeliveryStore({ path: storePath });
    let deliveries: Delivery[];
    let exact = 0;
    try {
        deliveries = await journal.list({ limit: 1_000 });
        for (const answer of answered) {
            const label = `conversation ${answer.id} version ${answer.n} (${answer.status})`;
            const hash = hashOf(answer.id, answer.n);
            const deliveryId = answer.deliveryId ?? deliveryOf.get(answer.requestId);
            if (deliveryId) {
                exact++;
                expect((await journal.get(deliveryId))?.contentHash, label).toBe(hash);
            } else {
                expect(
                    deliveries.some(
                        (d) => d.conversationId === String(answer.id) && d.contentHash === hash
                    ),
                    label
                ).toBe(true);
            }
        }
    } finally {
        await journal.close();
    }
    expect(exact).toBeGreaterThan(answered.length * 0.9);

    // A last relay finishes what is left (killed leases expire and are taken over).
    relay = await startRelayProcess({ configPath, env: env() });
    const final = createSqliteDeliveryStore({ path: storePath });
    try {
        await expectAllFinished(final);
        deliveries = (await final.list({ limit: 1_000 })).reverse();
    } finally {
        await final.close();
    }

    // Nothing written twice, nothing journaled left out: per conversation one object and one record, and
    // one note for each change of content in journal order (a repeat of the last written writes none).
    for (const id of ids) {
        const hashes = deliveries
            .filter((d) => d.conversationId === String(id))
            .map((d) => d.contentHash);
        if (hashes.length === 0) continue;
        const changes = hashes.filter((hash, index) => index === 0 || hash !== hashes[index - 1]);
        const versionOf = (hash: string) =>
            [1, 2, 3, 4, 5, 6, 7, 8, 9].find((n) => hashOf(id, n) === hash);
        expect(lastLinesOfNotes(id), `conversation ${id}`).toEqual(
            changes.map(
                (hash) =>
                    `2024-02-22 16:0${versionOf(hash)}  Peter Testman (operator): Version ${versionOf(hash)}`
            )
        );
    }
}, 180_000);

it('drains the deliveries in flight on SIGTERM and exits cleanly', async () => {
    sandbox.reset();
    const { configPath, storePath } = writeConfig(
        (raw) => (raw.delivery.inlineDeadlineMs = 20_000)
    );
    relay = await startRelayProcess({ configPath, env: env() });
    sandbox.clearRequests(); // those of the start-up fit check
    sandbox.faults.set({ latencyMs: 300 }); // a few seconds for a first send
    try {
        const answer = fetch(`${relay.url}/userlike/`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': RELAY_API_KEY },
            body: JSON.stringify(conversation(4_100_001, { topic: 'Support' })),
        });
        await expect.poll(() => sandbox.requests().length, { timeout: 5_000 }).toBeGreaterThan(0);
        const exited = relay.kill('SIGTERM');
        const response = await answer;
        expect(response.status).toBe(200);
        expect(await exited).toEqual({ code: 0, signal: null });
        relay = undefined;
    } finally {
        sandbox.faults.clear();
    }
    const store = createSqliteDeliveryStore({ path: storePath });
    try {
        expect(await store.counts()).toMatchObject({ queued: 0, running: 0, done: 1, dead: 0 });
    } finally {
        await store.close();
    }
    expect(
        sandbox.objects('helpdesk').filter((h) => h.title === 'Userlike chat 4100001')
    ).toHaveLength(1);
}, 60_000);

it('refuses to start with a shutdown budget that is not a number, naming the variable', async () => {
    const { configPath } = writeConfig();
    const start = startRelayProcess({
        configPath,
        env: { ...env(), SHUTDOWN_TIMEOUT_MS: '25s' },
    });
    await expect(start).rejects.toThrow(
        /code 78[\s\S]*SHUTDOWN_TIMEOUT_MS must be a whole number from 1 to 3600000, got "25s"/
    );
});
