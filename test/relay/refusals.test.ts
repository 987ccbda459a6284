/**
 * Refusals are not failures: a conversation answered 422 (no matching topic, or an instance's send filter
 * excludes it) is journaled as `refused`, logged at info level, kept out of the dead letters and out of
 * "retry dead", counted apart in /metrics, and listed on its own in the admin listing.
 */
import { describe, expect, it } from 'vitest';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversation } from './support/start-relay.ts';

const ADMIN_KEY = 'admin-refusals-key-0123456789';

const { relay } = useRelaySuite({
    relay: {
        env: { ADMIN_API_KEY: ADMIN_KEY },
        editConfig: (raw) => {
            raw.admin = { apiKey: '${ADMIN_API_KEY}' };
            raw.tenants.default.instances[0].filter = { mode: 'reject', tags: ['spam'] };
        },
    },
});

const admin = async (method: string, path: string) => {
    const response = await fetch(`${relay.url}/admin${path}`, {
        method,
        headers: { 'x-admin-key': ADMIN_KEY },
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
};
const spam = (id: number) => {
    const payload = conversation(id, { topic: 'Support' });
    payload.tags = [{ name: 'Spam' }];
    return payload;
};
const withoutTopic = (id: number) => {
    const payload = conversation(id);
    payload.um_widget.id = 1;
    payload.um_widget.name = 'Another widget';
    return payload;
};
const deliveryIdOf = (answer: { body: Record<string, unknown> }) =>
    (answer.body.error as { deliveryId: string }).deliveryId;

describe('a refused conversation', () => {
    it('is journaled as refused with its reason, and logged at info level only', async () => {
        for (const [payload, code] of [
            [spam(9601), 'filtered'],
            [withoutTopic(9602), 'no_matching_instance'],
        ] as const) {
            const answer = await relay.post(payload);
            expect(answer.status).toBe(422);
            expect(answer.body.error).toMatchObject({ code });
            const stored = await relay.relay.store.get(deliveryIdOf(answer));
            expect(stored).toMatchObject({ status: 'refused', attempts: 1 });
            expect(stored!.lastError).toMatchObject({ status: 422, code });
        }
        expect(relay.logs.filter((line) => (line.level as number) >= 40)).toEqual([]);
        expect(
            relay.logs.filter((line) => line.msg === 'delivery refused: not one to send')
        ).toHaveLength(2);
    });

    it('stays out of the dead letters and of "retry dead", and is listed on its own', async () => {
        const answer = await relay.post(spam(9603));
        const id = deliveryIdOf(answer);
        const dead = await admin('GET', '/deliveries?status=dead');
        expect(dead.body.deliveries.map((d: { id: string }) => d.id)).not.toContain(id);
        const refused = await admin('GET', '/deliveries?status=refused');
        expect(refused.status).toBe(200);
        expect(refused.body.deliveries.map((d: { id: string }) => d.id)).toContain(id);
        expect(refused.body.counts.refused).toBeGreaterThanOrEqual(1);
        expect(await admin('POST', '/deliveries/retry-dead')).toEqual({
            status: 200,
            body: { redriven: 0 },
        });
        const retry = await admin('POST', `/deliveries/${id}/retry`);
        expect(retry.status).toBe(409);
        expect(retry.body.error.message).toContain('was refused');
        expect((await relay.relay.store.get(id))?.status).toBe('refused');
    });

    it('is counted apart in /metrics', async () => {
        const metrics = async () => await (await fetch(`${relay.url}/metrics`)).text();
        /** The value of one series in the Prometheus text, 0 when absent. */
        const count = (text: string, series: string) => {
            const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
            return Number(line?.split(' ')[1] ?? 0);
        };
        const before = await metrics();
        await relay.post(spam(9604));
        const after = await metrics();
        const refusedAttempts = 'relay_delivery_attempts_total{outcome="refused"}';
        expect(count(after, refusedAttempts)).toBe(count(before, refusedAttempts) + 1);
        const deadAttempts = 'relay_delivery_attempts_total{outcome="dead"}';
        expect(count(after, deadAttempts)).toBe(count(before, deadAttempts));
        expect(count(after, 'relay_queue_depth{status="refused"}')).toBeGreaterThanOrEqual(1);
    });
});
