import { describe, expect, it } from 'vitest';
import { createOpenApiValidator } from '../support/openapi-validator.ts';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversation } from './support/start-relay.ts';

/** Every kind of answer the relay gives must match openapi/relay.yaml, so the contract cannot drift. */
const contract = createOpenApiValidator(new URL('../../openapi/relay.yaml', import.meta.url));
const ADMIN_KEY = 'admin-contract-key-0123456789';

const { sandbox, relay } = useRelaySuite({
    relay: {
        env: { ADMIN_API_KEY: ADMIN_KEY },
        editConfig: (raw) => {
            raw.server.bodyLimitBytes = 32 * 1024;
            raw.delivery.inlineDeadlineMs = 500;
            raw.admin = { apiKey: '${ADMIN_API_KEY}' };
        },
    },
});

async function call(
    method: string,
    path: string,
    init: { body?: unknown; raw?: string; headers?: Record<string, string> } = {}
) {
    const response = await fetch(`${relay.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...init.headers },
        body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    const body = contentType.includes('json') ? JSON.parse(text) : text;
    contract.validateResponse({ method, path, status: response.status, body, contentType });
    return { status: response.status, body };
}

const withKey = { 'x-api-key': 'relay-test-key-0123456789' };

describe('openapi/relay.yaml', () => {
    it('describes the conversation answers: 200, 202, 400, 401, 409, 413, 415, 422, 502', async () => {
        const statuses: number[] = [];
        const post = async (
            body: unknown,
            extra: { raw?: string; headers?: Record<string, string> } = {}
        ) =>
            statuses.push(
                (
                    await call('POST', '/userlike/', {
                        body,
                        ...extra,
                        headers: { ...withKey, ...extra.headers },
                    })
                ).status
            );

        await post(conversation(6001, { topic: 'Support' }));
        sandbox.faults.set({ failNext: { count: 100, status: 503 } });
        const queued = await call('POST', '/userlike/', {
            body: conversation(6002, { topic: 'Support' }),
            headers: withKey,
        });
        statuses.push(queued.status);
        sandbox.faults.clear();
        // The queued delivery goes on in the background; let it finish so that its writes cannot take
        // the one-off fault meant for a later request.
        await relay.relay.worker.waitFor(queued.body.id as string, 20_000);
        await post(undefined, { raw: '{' });
        await post(conversation(6003), { headers: { 'x-api-key': 'wrong' } });
        const deal = sandbox.objects('deal')[0]!;
        sandbox.insert('ulconversation', { conversationid: 6004, deal: deal._id });
        sandbox.insert('ulconversation', { conversationid: 6004, deal: deal._id });
        await post(conversation(6004, { topic: 'Support' }));
        await post({ ...conversation(6005), padding: 'x'.repeat(40_000) });
        await post(undefined, { raw: 'text', headers: { 'content-type': 'text/plain' } });
        await post(conversation(6006, { topic: 'Billing' }));
        sandbox.faults.set({ failNext: { count: 1, status: 400 }, match: { method: 'POST' } });
        await post(conversation(6007, { topic: 'Support' }));
        sandbox.faults.clear();

        expect(statuses).toEqual([200, 202, 400, 401, 409, 413, 415, 422, 502]);
        const tenantAnswer = await call('POST', '/t/default/userlike/', {
            body: conversation(6008, { topic: 'Sales' }),
            headers: withKey,
        });
        expect(tenantAnswer.status).toBe(200);
    });

    it('describes the event route', async () => {
        const ignored = await call('POST', '/userlike/events/', {
            body: { _type: 'operator', _event: 'online' },
            headers: withKey,
        });
        expect(ignored).toMatchObject({ status: 200, body: { status: 'ignored' } });
        expect(
            (
                await call('POST', '/t/default/userlike/events/', {
                    body: {},
                    headers: { 'x-api-key': 'wrong' },
                })
            ).status
        ).toBe(401);
    });

    it('describes the other methods on the webhook paths: 405', async () => {
        for (const path of ['/userlike/', '/t/default/userlike/', '/userlike/events/'])
            for (const method of ['GET', 'PUT', 'DELETE'])
                expect((await call(method, path, { headers: {} })).status).toBe(405);
    });

    it('describes health, readiness, metrics and the admin routes', async () => {
        expect((await call('GET', '/healthz')).status).toBe(200);
        expect((await call('GET', '/readyz')).status).toBe(200);
        expect((await call('GET', '/metrics')).status).toBe(200);
        const admin = { 'x-admin-key': ADMIN_KEY };
        expect((await call('GET', '/admin/deliveries')).status).toBe(401);
        const listing = await call('GET', '/admin/deliveries?limit=5', { headers: admin });
        expect(listing.status).toBe(200);
        const id = listing.body.deliveries[0].id as string;
        expect((await call('GET', `/admin/deliveries/${id}`, { headers: admin })).status).toBe(200);
        expect(
            (await call('POST', `/admin/deliveries/${id}/retry`, { headers: admin })).status
        ).toBe(409);
        expect(
            (await call('POST', '/admin/deliveries/retry-dead', { headers: admin })).status
        ).toBe(200);
        expect(
            (await call('POST', '/admin/purge', { headers: admin, body: { olderThanDays: 30 } }))
                .status
        ).toBe(200);
        expect(
            (await call('GET', '/admin/deliveries?status=nope', { headers: admin })).status
        ).toBe(400);
        expect((await call('GET', '/admin/config', { headers: admin })).status).toBe(200);
        // Given its configuration in code, this relay has no file to reload (config-reload.test.ts has one).
        expect((await call('POST', '/admin/config/reload', { headers: admin })).body).toMatchObject(
            {
                error: { code: 'reload_unavailable' },
            }
        );
        const erased = await call('POST', '/admin/erase', {
            headers: admin,
            body: { tenant: 'default', conversationId: 6001 },
        });
        expect(erased).toMatchObject({ status: 200, body: { erased: { conversations: 1 } } });
        const erasedDelivery = await call('GET', '/admin/deliveries?limit=1000', {
            headers: admin,
        });
        expect(
            erasedDelivery.body.deliveries.filter((d: { erasedAt: unknown }) => d.erasedAt)
        ).toHaveLength(1);
        expect((await call('POST', '/admin/erase', { headers: admin, body: {} })).status).toBe(400);
    });
});
