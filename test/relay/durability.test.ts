import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/src/start-sandbox.ts';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversation, RELAY_API_KEY, startRelay } from './support/start-relay.ts';

/** Issue "durable delivery": journal first, retries, exactly-once effect, rate limit, operability. */

const ADMIN_KEY = 'admin-test-key-0123456789';
const USERLIKE_TOKEN = 'userlike-token-secret-42';

// A stand-in for Userlike's JSON API v3, recording the notes posted to it.
const userlikeNotes: { authorization: string | undefined; body: unknown }[] = [];
const userlike = express().post('/api/um/v3/notes/', express.json(), (request, response) => {
    userlikeNotes.push({ authorization: request.get('authorization'), body: request.body });
    response.status(201).json({ id: userlikeNotes.length });
});
let userlikeServer: ReturnType<typeof userlike.listen>;
let userlikeUrl: string;

beforeAll(async () => {
    userlikeServer = userlike.listen(0, '127.0.0.1');
    await new Promise((resolve) => userlikeServer.once('listening', resolve));
    userlikeUrl = `http://127.0.0.1:${(userlikeServer.address() as AddressInfo).port}/api/um/v3/`;
});
afterAll(async () => {
    userlikeServer?.close();
});
const { sandbox, relay } = useRelaySuite({
    relay: {
        env: { ADMIN_API_KEY: ADMIN_KEY, USERLIKE_API_TOKEN: USERLIKE_TOKEN },
        editConfig: (raw) => {
            raw.delivery.inlineDeadlineMs = 1_000;
            raw.delivery.retry = { baseMs: 50, maxMs: 300, maxAttempts: 6 };
            raw.admin = { apiKey: '${ADMIN_API_KEY}' };
            raw.tenants.default.userlike = {
                apiToken: '${USERLIKE_API_TOKEN}',
                apiBaseUrl: userlikeUrl,
            };
        },
    },
});

const byConversation = (id: number) =>
    sandbox.objects('ulconversation').filter((r) => r.conversationid === id);
const notesOfConversation = (id: number) => {
    const record = byConversation(id)[0];
    return sandbox.objects('history').filter((h) => record && h.ulconversation === record._id);
};
const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${relay.url}${path}`, {
        ...init,
        headers: { 'x-admin-key': ADMIN_KEY, 'content-type': 'application/json', ...init.headers },
    });

describe('journal first', () => {
    it('stores nothing for refused input (401, 415, 400, 413)', async () => {
        const before = (await relay.relay.store.list({})).length;
        await relay.post(conversation(7001), { key: 'wrong' });
        await relay.post(undefined, { contentType: 'text/plain', raw: 'x' });
        await relay.post(undefined, { raw: '{' });
        await relay.post({ id: 'nope', contact: {} });
        const huge = conversation(7002);
        huge.padding = 'x'.repeat(11 * 1024 * 1024);
        expect((await relay.post(huge)).status).toBe(413);
        expect(await relay.relay.store.list({})).toHaveLength(before);
    });

    it('has stored an accepted delivery before answering', async () => {
        const answer = await relay.post(conversation(7003, { topic: 'Support' }));
        expect(answer.status).toBe(200);
        const [latest] = await relay.relay.store.list({});
        expect(latest).toMatchObject({
            conversationId: '7003',
            status: 'done',
            result: { url: answer.body.url },
        });
    });
});

describe('exactly-once effect', () => {
    it('creates no duplicate object when Lime wrote it and then dropped the connection', async () => {
        sandbox.faults.set({
            writeThenDrop: 1,
            match: { method: 'POST', pathIncludes: '/limeobject/helpdesk/' },
        });
        const answer = await relay.post(conversation(7010, { topic: 'Support' }));
        const id = answer.status === 202 ? (answer.body.id as string) : undefined;
        if (id) expect((await relay.relay.worker.waitFor(id, 10_000))?.status).toBe('done');
        expect(
            sandbox.objects('helpdesk').filter((h) => h.title === 'Userlike chat 7010')
        ).toHaveLength(1);
        expect(byConversation(7010)).toHaveLength(1);
        expect(notesOfConversation(7010)).toHaveLength(1);
    });

    it('writes no second note when Lime wrote the note and then dropped the connection', async () => {
        sandbox.faults.set({
            writeThenDrop: 1,
            match: { method: 'POST', pathIncludes: '/limeobject/history/' },
        });
        const answer = await relay.post(conversation(7011, { topic: 'Support' }));
        if (answer.status === 202)
            await relay.relay.worker.waitFor(answer.body.id as string, 10_000);
        expect(notesOfConversation(7011)).toHaveLength(1);
        expect(
            sandbox.requests().filter((r) => r.method === 'POST' && r.path.includes('/history/'))
        ).toHaveLength(1);
    });

    it('processes concurrent deliveries of one conversation one at a time, in arrival order', async () => {
        const versions = [1, 2, 3, 4].map((n) => {
            const payload = conversation(7012, { topic: 'Support' });
            payload.transcript = payload.transcript.slice(0, 2);
            for (let i = 0; i < n; i++) {
                payload.transcript.push({
                    ...payload.transcript[1],
                    id: `v${i}`,
                    sent_at: `2024-02-22T16:0${i}:00.000Z`,
                    body: `version line ${i}`,
                    body_plain: `version line ${i}`,
                });
            }
            return payload;
        });
        // Each version twice, all at once: duplicates of the same version may land next to each other.
        const answers = await Promise.all(
            [...versions, ...versions].map((payload) => relay.post(payload))
        );
        expect(answers.every((a) => a.status === 200)).toBe(true);
        expect(new Set(answers.map((a) => a.body.url)).size).toBe(1);

        expect(
            sandbox.objects('helpdesk').filter((h) => h.title === 'Userlike chat 7012')
        ).toHaveLength(1);
        const deliveries = (await relay.relay.store.list({ limit: 1000 }))
            .filter((d) => d.conversationId === '7012')
            .reverse();
        // The notes were written in the order the deliveries were journaled, skipping repeats of the last one.
        const expected: string[] = [];
        for (const delivery of deliveries) {
            const payload = JSON.parse(delivery.payload!);
            const last = payload.transcript.at(-1).body as string;
            if (expected.at(-1) !== last) expected.push(last);
        }
        const written = notesOfConversation(7012).map((n) =>
            (n.note as string).split('\n').at(-1)!.replace(/^.*: /, '')
        );
        expect(written).toEqual(expected);
    });
});

describe('retries', () => {
    it('honours Retry-After on 429, answers 202 in the meantime, and posts the link into Userlike when done', async () => {
        userlikeNotes.length = 0;
        sandbox.faults.set({ failNext: { count: 1, status: 429, retryAfterSeconds: 2 } });
        const answer = await relay.post(conversation(7020, { topic: 'Support' }));
        expect(answer).toEqual({ status: 202, body: { status: 'queued', id: expect.any(String) } });

        const queued = await relay.relay.store.get(answer.body.id as string);
        expect(queued).toMatchObject({
            status: 'queued',
            lastError: expect.objectContaining({
                status: 503,
                code: 'lime_rate_limited',
                retryable: true,
                lime: { status: 429, message: 'injected fault: status 429' },
            }),
        });
        // Retry-After counts from Lime's answer; the sandbox stamps the request when it arrives, just before.
        // (updatedAt is not the reference: the store stamps it after the worker computed runAt.)
        const limited = sandbox.requests().find((r) => r.status === 429)!;
        expect(queued!.runAt.getTime() - Date.parse(limited.at)).toBeGreaterThanOrEqual(2_000);

        const done = await relay.relay.worker.waitFor(answer.body.id as string, 15_000);
        expect(done?.status).toBe('done');
        const url = (done!.result as { url: string }).url;
        await expect.poll(() => userlikeNotes.length).toBe(1);
        expect(userlikeNotes[0]).toEqual({
            authorization: USERLIKE_TOKEN,
            body: { conversation_id: 7020, body: `Sent to Lime CRM: ${url}` },
        });
    });

    it('gives up after the attempt cap and dead-letters with the last error', async () => {
        sandbox.faults.set({ failNext: { count: 100, status: 503 } });
        const answer = await relay.post(conversation(7021, { topic: 'Support' }));
        expect(answer.status).toBe(202);
        const dead = await relay.relay.worker.waitFor(answer.body.id as string, 15_000);
        expect(dead).toMatchObject({
            status: 'dead',
            attempts: 6,
            lastError: expect.objectContaining({
                gaveUp: expect.stringMatching(/^gave up after 6 attempts/),
                status: 503,
                code: 'lime_unavailable',
            }),
        });
    });
});

describe('rate limit toward Lime', () => {
    it('slows down instead of collecting 429s', async () => {
        const limitedSandbox = await startSandbox({ rateLimit: { limit: 12, windowMs: 1_500 } });
        const limited = await startRelay(limitedSandbox, {
            editConfig: (raw) => {
                // Below Lime's own limit: a slot is taken just before the request leaves, and requests reach
                // Lime a little later, so a window's edge can hold a few more than the relay counted.
                raw.tenants.default.lime.rateLimit = { limit: 8, windowMs: 1_500 };
                raw.delivery.inlineDeadlineMs = 20_000;
            },
        });
        try {
            const answers = await Promise.all(
                [1, 2, 3, 4, 5, 6].map((n) =>
                    limited.post(conversation(7030 + n, { topic: 'Support' }))
                )
            );
            expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
            expect(limitedSandbox.requests().length).toBeGreaterThan(12);
            expect(limitedSandbox.requests().filter((r) => r.status === 429)).toEqual([]);
        } finally {
            await limited.close();
            await limitedSandbox.close();
        }
    });
});

describe('operability', () => {
    it('answers health, readiness and metrics', async () => {
        expect(await (await fetch(`${relay.url}/healthz`)).json()).toEqual({ status: 'ok' });
        expect(await (await fetch(`${relay.url}/readyz`)).json()).toMatchObject({
            status: 'ready',
        });
        await relay.post(conversation(7040, { topic: 'Support' }));
        const metrics = await (await fetch(`${relay.url}/metrics`)).text();
        expect(metrics).toMatch(/relay_queue_depth\{status="done"\} \d+/);
        expect(metrics).toMatch(/relay_answers_total\{tenant="default",status="200"\} \d+/);
        expect(metrics).toMatch(
            /relay_lime_request_duration_seconds_count\{tenant="default",method="POST",status="201"\} \d+/
        );
        expect(metrics).toMatch(/relay_delivery_attempts_total\{outcome="written"\} \d+/);
    });

    it('answers readiness with 503 once the relay is stopping, so a load balancer moves on', async () => {
        const stopping = await startRelay(sandbox);
        try {
            expect((await fetch(`${stopping.url}/readyz`)).status).toBe(200);
            await stopping.relay.stop({ timeoutMs: 1_000 });
            const answer = await fetch(`${stopping.url}/readyz`);
            expect(answer.status).toBe(503);
            expect(await answer.json()).toMatchObject({ status: 'stopping' });
        } finally {
            await stopping.close();
        }
    });

    it('lets an administrator list dead deliveries with their error, retry them, and purge', async () => {
        expect((await fetch(`${relay.url}/admin/deliveries`)).status).toBe(401);
        expect((await admin('/admin/deliveries?limit=0')).status).toBe(400);

        sandbox.faults.set({ failNext: { count: 1, status: 400 }, match: { method: 'POST' } });
        const failed = await relay.post(conversation(7050, { topic: 'Support' }));
        expect(failed.status).toBe(502);
        const listing = (await (await admin('/admin/deliveries?status=dead')).json()) as {
            deliveries: Record<string, any>[];
        };
        const entry = listing.deliveries.find((d) => d.conversationId === '7050')!;
        expect(entry).toMatchObject({
            status: 'dead',
            lastError: expect.objectContaining({ status: 502, code: 'lime_rejected' }),
        });
        expect(entry.payload).toBeUndefined();

        const retried = await admin(`/admin/deliveries/${entry.id}/retry`, { method: 'POST' });
        expect(await retried.json()).toEqual({ redriven: 1 });
        expect((await relay.relay.worker.waitFor(entry.id, 10_000))?.status).toBe('done');
        expect(byConversation(7050)).toHaveLength(1);

        expect((await admin('/admin/deliveries/retry-dead', { method: 'POST' })).status).toBe(200);
        const purged = (await (
            await admin('/admin/purge', {
                method: 'POST',
                body: JSON.stringify({ olderThanDays: 0 }),
            })
        ).json()) as { purged: number };
        expect(purged.purged).toBeGreaterThan(0);
        expect(await relay.relay.store.get(entry.id)).toBeNull();
    });

    it('writes nothing for a redriven delivery that a later one of its conversation superseded', async () => {
        // The first version is refused (dead), the second is written, then the first is redriven. Earlier
        // tests' redriven deliveries must not take the injected refusal.
        await expect
            .poll(async () => await relay.relay.store.counts(), { timeout: 10_000 })
            .toMatchObject({ queued: 0, running: 0 });
        sandbox.faults.set({
            failNext: { count: 1, status: 400 },
            match: { method: 'POST', pathIncludes: '/limeobject/history/' },
        });
        const first = conversation(7055, { topic: 'Support' });
        expect((await relay.post(first)).status).toBe(502);
        const second = structuredClone(first);
        second.transcript.push({ ...second.transcript[1], id: '7055.1.2', msgid: '7055.1.2' });
        expect((await relay.post(second)).status).toBe(200);
        expect(notesOfConversation(7055)).toHaveLength(1);

        const dead = (await relay.relay.store.list({ status: 'dead', limit: 1000 })).find(
            (d) => d.conversationId === '7055'
        )!;
        await admin(`/admin/deliveries/${dead.id}/retry`, { method: 'POST' });
        expect(await relay.relay.worker.waitFor(dead.id, 10_000)).toMatchObject({
            status: 'done',
            result: expect.objectContaining({ superseded: true }),
        });
        expect(notesOfConversation(7055)).toHaveLength(1);
        // The conversation still knows the second version: sending it again writes nothing.
        expect((await relay.post(second)).status).toBe(200);
        expect(notesOfConversation(7055)).toHaveLength(1);
    });

    it('never writes secrets, message bodies or contact details into the logs', async () => {
        await relay.post(
            conversation(7060, {
                topic: 'Support',
                email: 'private.person@example.com',
                name: 'Private Person',
            })
        );
        await relay.post(conversation(7061, { topic: 'Support' }), { key: 'a-wrong-key-attempt' });
        const logs = relay.logText();
        expect(logs.length).toBeGreaterThan(1000);
        expect(
            relay.logs.every(
                (line) => !('deliveryId' in line) || typeof line.deliveryId === 'string'
            )
        ).toBe(true);
        // Every Lime request of a delivery is logged with its id; only the shared cache loads and the
        // configuration's fit check are not.
        const limeRequests = relay.logs.filter(
            (line) => 'lime' in line && !('cache' in line) && !('check' in line)
        );
        expect(limeRequests.length).toBeGreaterThan(0);
        expect(limeRequests.filter((line) => typeof line.deliveryId !== 'string')).toEqual([]);
        for (const secret of [
            RELAY_API_KEY,
            sandbox.apiKey,
            ADMIN_KEY,
            USERLIKE_TOKEN,
            'a-wrong-key-attempt',
            'private.person@example.com',
            'Private Person',
            'Hello, I have a question',
            'how can I help you',
        ]) {
            expect(logs, secret).not.toContain(secret);
        }
    });
});
