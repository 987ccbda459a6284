/**
 * Erasing a person's data on request (`POST /admin/erase`), through the relay's HTTP API, on both journal
 * stores: a written conversation, its media job caught mid-download, and a second conversation still
 * queued (Lime asked for a minute's pause). Afterwards nothing of the person is left in the journal,
 * nothing more reaches Lime, and the relay goes on as before.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeIdentifier } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    createTestSchemaName,
    dropTestSchema,
    TEST_DATABASE_URL,
    withTestClient,
} from '../../relay/test-support/postgres-test-database.ts';
import type { Delivery } from '../../relay/src/delivery/delivery-store.ts';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversation, conversationWithMedia, type RunningRelay } from './support/start-relay.ts';

const ADMIN_KEY = 'admin-erase-key-0123456789';
const EMAIL = 'erase.me.8017@example.com';
const OTHER_EMAIL = 'keep.me.8017@example.com';

/** A media host whose file never finishes downloading: its job is running when the erase comes. */
let mediaPort = 0;
const media: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/pdf' });
    response.write('partial');
});

beforeAll(async () => {
    media.listen(0, '127.0.0.1');
    await new Promise((resolve) => media.once('listening', resolve));
    mediaPort = (media.address() as AddressInfo).port;
});
afterAll(async () => {
    media.closeAllConnections();
    media.close();
});

const STORES: [string, () => { store?: string; cleanup(): Promise<void> }][] = [
    ['SQLite', () => ({ cleanup: async () => {} })],
    [
        'PostgreSQL',
        () => {
            const schema = createTestSchemaName('relay_test_erase');
            return {
                store: `${TEST_DATABASE_URL}?schema=${schema}`,
                cleanup: () => dropTestSchema(schema),
            };
        },
    ],
];

describe.each(STORES)('POST /admin/erase on %s', (storeName, createStore) => {
    let cleanup: (() => Promise<void>) | undefined;
    const base = storeName === 'SQLite' ? 8_100 : 8_200;
    const [written, queued, other] = [base + 1, base + 2, base + 3];

    // Registered before the suite's, so the store is dropped after the relay has stopped.
    afterAll(async () => {
        await cleanup?.();
    });
    // The tests build on each other: one conversation written, then erased, then the relay goes on.
    const { sandbox, relay } = useRelaySuite({
        resetEach: false,
        relay: () => {
            const store = createStore();
            cleanup = store.cleanup;
            return {
                mediaFromLoopback: true,
                env: { ADMIN_API_KEY: ADMIN_KEY },
                editConfig: (raw) => {
                    if (store.store) raw.delivery.store = store.store;
                    raw.delivery.inlineDeadlineMs = 3_000;
                    // Short leases: a worker learns within half a second that its lease was revoked.
                    raw.delivery.leaseMs = 1_500;
                    raw.admin = { apiKey: '${ADMIN_API_KEY}' };
                    raw.tenants.default.media = {
                        enabled: true,
                        allowedHosts: ['127.0.0.1'],
                        timeoutMs: 30_000,
                    };
                    raw.tenants.acme = structuredClone(raw.tenants.default);
                },
            };
        },
    });

    const erase = async (body: unknown) => {
        const response = await fetch(`${relay.url}/admin/erase`, {
            method: 'POST',
            headers: { 'x-admin-key': ADMIN_KEY, 'content-type': 'application/json' },
            body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    const deliveriesOf = async (conversationId: number): Promise<Delivery[]> =>
        (await relay.relay.store.list({ limit: 1000 })).filter(
            (d) => d.conversationId.split('/')[0] === String(conversationId)
        );
    const recordsOf = (conversationId: number) =>
        sandbox.objects('ulconversation').filter((r) => r.conversationid === conversationId);
    async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
        const deadline = Date.now() + 10_000;
        for (;;) {
            const value = await read();
            if (done(value) || Date.now() > deadline) return value;
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    }

    it('refuses a request that does not say exactly whose data, without repeating its values', async () => {
        const cases: [unknown, RegExp][] = [
            [{ tenant: 'default' }, /Say whose data to erase/],
            [
                { tenant: 'default', contactEmail: EMAIL, contactId: 7 },
                /Give exactly one of conversationId, contactId, contactEmail \(got contactId, contactEmail\)/,
            ],
            [{ tenant: 'default', contactEmail: 'not an email' }, /contactEmail is not valid/],
            [{ tenant: 'default', conversationId: -3 }, /conversationId is not valid/],
            [{ tenant: 'default', email: EMAIL }, /only the fields tenant, conversationId/],
            [
                { contactEmail: EMAIL },
                /Name the tenant: this relay serves several \(default, acme\)/,
            ],
            [{ tenant: 'nobody', contactEmail: EMAIL }, /No tenant "nobody"/],
        ];
        for (const [body, message] of cases) {
            const answer = await erase(body);
            expect(answer.status).toBe(400);
            expect(answer.body.error.code).toBe('invalid_body');
            expect(answer.body.error.message).toMatch(message);
            expect(JSON.stringify(answer.body)).not.toContain(EMAIL);
            expect(JSON.stringify(answer.body)).not.toContain('not an email');
        }
        const unauthorised = await fetch(`${relay.url}/admin/erase`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ tenant: 'default', contactEmail: EMAIL }),
        });
        expect(unauthorised.status).toBe(401);
    });

    it("erases every conversation of the contact, stops what is pending, and keeps the relay's memory", async () => {
        // Written, with a media file whose download hangs: its job is running.
        const first = conversationWithMedia(
            written,
            `http://127.0.0.1:${mediaPort}/cv.pdf`,
            'cv.pdf',
            { email: EMAIL }
        );
        const answer = await relay.post(first);
        expect(answer.status).toBe(200);
        const [job] = await until(
            async () => (await deliveriesOf(written)).filter((d) => d.kind === 'media'),
            (jobs) => jobs[0]?.status === 'running'
        );
        expect(job?.status).toBe('running');
        // Still queued: Lime asks for a pause of a minute on its first request.
        sandbox.faults.set({
            failNext: { count: 1, status: 429, retryAfterSeconds: 60 },
            match: { pathIncludes: 'ulconversation' },
        });
        expect(
            (await relay.post(conversation(queued, { email: EMAIL.toUpperCase() }))).status
        ).toBe(202);
        const keep = await relay.post(conversation(other, { email: OTHER_EMAIL }));
        expect(keep.status).toBe(200);
        const notesBefore = sandbox.objects('history').length;

        const erased = await erase({ tenant: 'default', contactEmail: ` ${EMAIL.toUpperCase()}` });
        expect(erased).toEqual({
            status: 200,
            body: {
                tenant: 'default',
                erased: {
                    conversations: 2,
                    deliveries: 2,
                    mediaJobs: 1,
                    cancelled: 1,
                    interrupted: 1,
                },
            },
        });

        // Nothing of the person is left in the journal; the other contact's data is.
        for (const delivery of [...(await deliveriesOf(written)), ...(await deliveriesOf(queued))])
            expect(delivery).toMatchObject({ payload: null, checkpoint: null });
        expect((await deliveriesOf(other))[0]?.payload).toContain(OTHER_EMAIL);
        await expectJournalWithout(storeName, relay, EMAIL);

        // The queued delivery is dead and never written; the running job stops and notes nothing.
        const [stopped] = await deliveriesOf(queued);
        expect(stopped).toMatchObject({ status: 'dead', erasedAt: expect.any(Date) });
        expect(stopped?.lastError).toMatchObject({ status: 410, code: 'erased' });
        const interrupted = await until(
            () => relay.relay.store.get(job!.id),
            () =>
                relay.logs.some((l) => l.deliveryId === job!.id && /lease lost/.test(String(l.msg)))
        );
        expect(interrupted).toMatchObject({ status: 'dead', payload: null });
        expect(
            relay.logs.some((l) => l.deliveryId === job!.id && /lease lost/.test(String(l.msg)))
        ).toBe(true);
        sandbox.faults.clear();
        relay.relay.worker.wake();
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(recordsOf(queued)).toEqual([]);
        expect(sandbox.objects('document')).toEqual([]);
        expect(sandbox.objects('history')).toHaveLength(notesBefore);

        // The admin listing shows what happened; an erased delivery cannot be retried.
        const admin = { 'x-admin-key': ADMIN_KEY };
        const listed = await (
            await fetch(`${relay.url}/admin/deliveries/${stopped!.id}`, { headers: admin })
        ).json();
        expect(listed).toMatchObject({ status: 'dead', erasedAt: expect.any(String) });
        const retry = await fetch(`${relay.url}/admin/deliveries/${stopped!.id}/retry`, {
            method: 'POST',
            headers: admin,
        });
        expect(retry.status).toBe(409);
        expect(((await retry.json()) as any).error.code).toBe('erased');

        // The audit line says what was done, not to whom; no log line names the person.
        expect(relay.logs).toContainEqual(
            expect.objectContaining({
                audit: 'erase',
                tenant: 'default',
                by: 'contactEmail',
                conversations: 2,
                cancelled: 1,
            })
        );
        expect(relay.logText().toLowerCase()).not.toContain(EMAIL);

        // Nothing is left to erase; a repeat of the written conversation is still recognised.
        expect((await erase({ tenant: 'default', contactEmail: EMAIL })).body.erased).toEqual({
            conversations: 0,
            deliveries: 0,
            mediaJobs: 0,
            cancelled: 0,
            interrupted: 0,
        });
        const again = await relay.post(first);
        expect(again).toEqual(answer);
        expect(sandbox.objects('history')).toHaveLength(notesBefore);
        // And the relay writes the next conversation as usual.
        expect((await relay.post(conversation(base + 4))).status).toBe(200);
    });

    it('answers a send that waits for its delivery 410 when the delivery is erased meanwhile', async () => {
        const id = base + 8;
        // Lime does not answer: the delivery is being written (running) when the erase comes.
        sandbox.faults.set({ hang: true, match: { pathIncludes: 'ulconversation' } });
        const sending = relay.post(conversation(id, { email: EMAIL }));
        const [running] = await until(
            () => deliveriesOf(id),
            (deliveries) => deliveries[0]?.status === 'running'
        );
        expect(running?.status).toBe('running');
        expect((await erase({ tenant: 'default', conversationId: id })).body.erased).toMatchObject({
            deliveries: 1,
            interrupted: 1,
        });
        const answer = await sending;
        sandbox.faults.clear();
        expect(answer.status).toBe(410);
        expect(answer.body.error).toMatchObject({ code: 'erased', deliveryId: running!.id });
        expect(recordsOf(id)).toEqual([]);
    });

    it('erases one conversation by its id, or a contact by its Userlike id', async () => {
        const [byConversation, byContact, sameContact] = [base + 5, base + 6, base + 7];
        const withContactId = (id: number) => {
            const payload = conversation(id);
            payload.contact.id = 70_000 + base;
            return payload;
        };
        for (const id of [byConversation, byContact, sameContact])
            expect(
                (await relay.post(id === byConversation ? conversation(id) : withContactId(id)))
                    .status
            ).toBe(200);

        expect(
            (await erase({ tenant: 'default', conversationId: byConversation })).body.erased
        ).toEqual({
            conversations: 1,
            deliveries: 1,
            mediaJobs: 0,
            cancelled: 0,
            interrupted: 0,
        });
        expect((await deliveriesOf(byConversation))[0]?.payload).toBeNull();
        expect((await deliveriesOf(byContact))[0]?.payload).not.toBeNull();

        // A Userlike contact id is a number in the payload; the request may give it as a text.
        expect(
            (await erase({ tenant: 'default', contactId: String(70_000 + base) })).body.erased
        ).toMatchObject({ conversations: 2, deliveries: 2 });
        for (const id of [byContact, sameContact])
            expect((await deliveriesOf(id))[0]?.payload).toBeNull();
    });
});

/** No trace of `text` in the journal: on SQLite in its files' bytes, on PostgreSQL in any column. */
async function expectJournalWithout(storeName: string, relay: RunningRelay, text: string) {
    if (storeName === 'SQLite') {
        const path = relay.config.delivery.store;
        for (const file of [path, `${path}-wal`]) {
            let bytes: Buffer;
            try {
                bytes = readFileSync(file);
            } catch {
                continue; // No write-ahead log left.
            }
            expect(bytes.includes(text), `${file} still holds the erased text`).toBe(false);
            expect(bytes.includes(text.toUpperCase())).toBe(false);
        }
        return;
    }
    const schema = new URL(relay.config.delivery.store).searchParams.get('schema') as string;
    const found = await withTestClient((client) =>
        client.query(
            `SELECT id FROM ${escapeIdentifier(schema)}.deliveries d
             WHERE lower(concat(d.payload, d.checkpoint, d.last_error, d.result)) LIKE $1`,
            [`%${text}%`]
        )
    );
    expect(found.rows).toEqual([]);
}
