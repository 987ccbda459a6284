/**
 * A configuration that does not fit Lime: the start-up fit check makes /readyz answer 503 naming what does
 * not fit, and a delivery whose writes need something Lime lacks writes nothing at all (500
 * configuration_mismatch, naming it) and can be retried once Lime or the configuration is fixed.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startFitMonitor } from '../../relay/src/check/fit-monitor.ts';
import { createOpenApiValidator } from '../support/openapi-validator.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/src/start-sandbox.ts';
import { conversation, startRelay, type RunningRelay } from './support/start-relay.ts';

const contract = createOpenApiValidator(new URL('../../openapi/relay.yaml', import.meta.url));
const ADMIN_KEY = 'admin-fit-key-0123456789';
const MISSING = 'relation ulconversation.deal is missing';

let sandbox: RunningSandbox | undefined;
let relay: RunningRelay | undefined;
afterEach(async () => {
    await relay?.close();
    await sandbox?.close();
    relay = undefined;
    sandbox = undefined;
});

async function start(editConfig: (raw: Record<string, any>) => void = () => {}, env = {}) {
    relay = await startRelay(sandbox!, {
        env: { ADMIN_API_KEY: ADMIN_KEY, ...env },
        editConfig: (raw) => {
            raw.admin = { apiKey: '${ADMIN_API_KEY}' };
            editConfig(raw);
        },
    });
    return relay;
}

async function readiness(running: RunningRelay) {
    const response = await fetch(`${running.url}/readyz`);
    const body = (await response.json()) as Record<string, any>;
    contract.validateResponse({ method: 'GET', path: '/readyz', status: response.status, body });
    return { status: response.status, body };
}

const writes = (running: RunningSandbox) =>
    running.requests().filter((request) => request.method !== 'GET');

describe('a configuration that does not fit Lime', () => {
    it('makes /readyz answer 503 naming what does not fit', async () => {
        sandbox = await startSandbox();
        sandbox.removeProperty('ulconversation', 'deal');
        const running = await start();
        expect(await readiness(running)).toEqual({
            status: 503,
            body: {
                status: 'not ready',
                store: 'ok',
                config: 'loaded',
                tenants: {
                    default: {
                        fit: 'does not fit',
                        problems: [MISSING],
                        checkedAt: expect.any(String),
                    },
                },
            },
        });
        expect(
            running.logs.find((line) => line.level === 50 && line.tenant === 'default')
        ).toMatchObject({ problems: [MISSING] });
    });

    it('writes nothing for a send that needs what is missing, on every send, and writes it once fixed and retried', async () => {
        sandbox = await startSandbox();
        const restore = sandbox.removeProperty('ulconversation', 'deal');
        const running = await start();
        const deals = sandbox.objects('deal').length;
        sandbox.clearRequests();

        const answers = [
            await running.post(conversation(9501, { topic: 'Sales' })),
            await running.post(conversation(9502, { topic: 'Sales' })),
        ];
        for (const answer of answers) {
            expect(answer.status).toBe(500);
            expect(answer.body.error).toEqual({
                code: 'configuration_mismatch',
                message: `The relay's configuration does not fit Lime, so nothing was written: ${MISSING}. Fix the configuration or Lime (npm run check-config lists every problem), then retry the delivery.`,
                deliveryId: expect.any(String),
            });
        }
        expect(writes(sandbox)).toEqual([]);
        expect(sandbox.objects('deal')).toHaveLength(deals);
        // Conversations of an instance that fits are still written.
        expect((await running.post(conversation(9503, { topic: 'Support' }))).status).toBe(200);

        restore();
        const deliveryId = (answers[0]!.body.error as { deliveryId: string }).deliveryId;
        const retried = await fetch(`${running.url}/admin/deliveries/${deliveryId}/retry`, {
            method: 'POST',
            headers: { 'x-admin-key': ADMIN_KEY },
        });
        expect(retried.status).toBe(200);
        expect((await running.relay.worker.waitFor(deliveryId, 10_000))?.status).toBe('done');
        expect(sandbox.objects('deal')).toHaveLength(deals + 1);
        const [record] = sandbox.objects('ulconversation').filter((r) => r.conversationid === 9501);
        expect(record?.deal).toBe(sandbox.objects('deal').at(-1)!._id);

        await running.relay.fit.check('default');
        expect((await readiness(running)).status).toBe(200);
    });

    it('creates no person, object or record before a note it cannot write', async () => {
        sandbox = await startSandbox();
        sandbox.removeProperty('history', 'date');
        const running = await start((raw) => {
            raw.tenants.default.person.createPerson = { enabled: true };
        });
        const before = ['person', 'helpdesk', 'ulconversation'].map(
            (limetype) => sandbox!.objects(limetype).length
        );
        sandbox.clearRequests();
        const answer = await running.post(
            conversation(9504, { topic: 'Support', email: 'new.contact@example.com' })
        );
        expect(answer.status).toBe(500);
        expect((answer.body.error as { message: string }).message).toContain(
            'property history.date is missing'
        );
        expect(writes(sandbox)).toEqual([]);
        expect(
            ['person', 'helpdesk', 'ulconversation'].map(
                (limetype) => sandbox!.objects(limetype).length
            )
        ).toEqual(before);
    });

    it('names an option key Lime does not have, with the keys it has', async () => {
        sandbox = await startSandbox();
        const running = await start((raw) => {
            raw.tenants.default.instances[0].historyType = 'chat';
        });
        expect((await readiness(running)).status).toBe(503);
        sandbox.clearRequests();
        const answer = await running.post(conversation(9505, { topic: 'Support' }));
        expect(answer.status).toBe(500);
        expect((answer.body.error as { message: string }).message).toContain(
            'instance "Support": history type "chat" is not an option key of history.type (known: comment, '
        );
        expect(writes(sandbox)).toEqual([]);
    });
});

describe('readiness and Lime', () => {
    it('stays ready when Lime cannot be asked: deliveries are journaled and written later', async () => {
        sandbox = await startSandbox();
        const running = await start(() => {}, { LIME_BASE_URL: 'http://127.0.0.1:9/lime' });
        const { status, body } = await readiness(running);
        expect(status).toBe(200);
        expect(body.tenants.default).toMatchObject({
            fit: 'unknown',
            problems: [expect.stringContaining('Lime did not answer GET /api/v1/ (ECONNREFUSED)')],
        });
    });

    it('checks a tenant that does not fit again, and reports it fits once Lime is fixed', async () => {
        sandbox = await startSandbox();
        const checked = await start();
        const restore = sandbox.removeProperty('history', 'note');
        const monitor = startFitMonitor({
            tenants: checked.tenants,
            logger: pino({ level: 'silent' }),
            recheckMs: { fits: 60_000, otherwise: 50 },
        });
        try {
            await monitor.firstCheck;
            expect(monitor.state().default).toMatchObject({
                status: 'does not fit',
                problems: ['property history.note is missing'],
            });
            expect(monitor.fits()).toBe(false);
            restore();
            await expect.poll(() => monitor.state().default?.status).toBe('fits');
            expect(monitor.fits()).toBe(true);
        } finally {
            monitor.stop();
        }
    });
});
