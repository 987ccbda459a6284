import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryStore } from '../delivery/delivery-store.ts';
import { createTenantRuntimes } from '../tenant-runtime.ts';
import { parseConfig } from '../config/load-config.ts';
import { createLimeClient } from './client.ts';
import { LimeError } from '../errors.ts';

/** A stand-in Lime that answers every request, or never answers `/hang/` requests. */
const received: string[] = [];
const lime: Server = createServer((request, response) => {
    received.push(`${request.method} ${request.url}`);
    if (request.url?.includes('/hang/')) return; // never answers
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ _embedded: { limeobjects: [] } }));
});
let baseUrl = '';

beforeAll(async () => {
    lime.listen(0, '127.0.0.1');
    await new Promise((resolve) => lime.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(lime.address() as AddressInfo).port}/lime`;
});
afterAll(() => {
    lime.closeAllConnections();
    lime.close();
});
beforeEach(() => {
    received.length = 0;
});

/** A pino logger whose lines are collected. */
function collectingLogger() {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
        { level: 'debug' },
        new Writable({
            write(chunk: Buffer, _encoding, done) {
                lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
                done();
            },
        })
    );
    return { logger, lines };
}

class Stopped extends Error {}

describe('createLimeClient withScope', () => {
    it("logs a scope's requests through the scope's logger", async () => {
        const tenant = collectingLogger();
        const client = createLimeClient({
            baseUrl,
            apiKey: 'key',
            timeoutMs: 2_000,
            logger: tenant.logger,
        });
        await client
            .withScope({ logger: tenant.logger.child({ deliveryId: 'd-1' }) })
            .findObjects('person', { email: 'x' }, 1);
        const requestLines = tenant.lines.filter((line) => 'lime' in line);
        expect(requestLines).toHaveLength(1);
        expect(requestLines[0]).toMatchObject({ deliveryId: 'd-1' });
    });

    it('rejects with the reason, and sends nothing, when the scope is aborted while it waits for its turn', async () => {
        const { logger } = collectingLogger();
        const controller = new AbortController();
        const client = createLimeClient({
            baseUrl,
            apiKey: 'key',
            timeoutMs: 2_000,
            logger,
            beforeRequest: (signal) =>
                new Promise((_resolve, reject) =>
                    signal?.addEventListener('abort', () => reject(signal.reason as Error))
                ),
        });
        const pending = client
            .withScope({ logger, signal: controller.signal })
            .createObject('person', { firstname: 'A' });
        controller.abort(new Stopped('lease lost'));
        await expect(pending).rejects.toBeInstanceOf(Stopped);
        expect(received).toEqual([]);
    });

    it('rejects with the reason, not as a Lime failure, when aborted while Lime has not answered', async () => {
        const { logger } = collectingLogger();
        const controller = new AbortController();
        const client = createLimeClient({ baseUrl, apiKey: 'key', timeoutMs: 10_000, logger });
        const pending = client
            .withScope({ logger, signal: controller.signal })
            .findObjects('hang', {}, 1);
        await expect.poll(() => received.length).toBe(1);
        controller.abort(new Stopped('worker stopping'));
        const error = await pending.catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(Stopped);
        expect(error).not.toBeInstanceOf(LimeError);
    });
});

describe('the rate-limit wait of a tenant runtime', () => {
    it('ends when the scope is aborted, instead of waiting out the window', async () => {
        const { logger } = collectingLogger();
        const config = parseConfig(
            {
                tenants: {
                    default: {
                        relayApiKey: '${RELAY_API_KEY}',
                        lime: { baseUrl, apiKey: '${LIME_API_KEY}' },
                        instances: [{ topic: 'Support', limetype: 'helpdesk' }],
                    },
                },
            },
            { RELAY_API_KEY: 'relay-key-0123456789', LIME_API_KEY: 'lime-key' }
        );
        // Every slot is taken for the next five minutes.
        const store = { takeRateSlot: async () => 300_000 } as unknown as DeliveryStore;
        const runtime = createTenantRuntimes(config, logger, { store }).get('default')!;
        const controller = new AbortController();
        const started = performance.now();
        const pending = runtime.lime
            .withScope({ logger, signal: controller.signal })
            .findObjects('person', {}, 1);
        setTimeout(() => controller.abort(new Stopped('lease lost')), 50);
        await expect(pending).rejects.toBeInstanceOf(Stopped);
        expect(performance.now() - started).toBeLessThan(60_000);
        expect(received).toEqual([]);
    });

    it('shares one budget, the strictest, between tenants on one Lime host', async () => {
        const { logger } = collectingLogger();
        const tenant = (application: string, limit: number) => ({
            relayApiKey: '${RELAY_API_KEY}',
            lime: {
                baseUrl: baseUrl.replace('/lime', `/${application}`),
                apiKey: '${LIME_API_KEY}',
                rateLimit: { limit, windowMs: 1_000 },
            },
            instances: [{ topic: 'Support', limetype: 'helpdesk' }],
        });
        const config = parseConfig(
            { tenants: { default: tenant('lime', 100), other: tenant('other', 10) } },
            { RELAY_API_KEY: 'relay-key-0123456789', LIME_API_KEY: 'lime-key' }
        );
        const slots: unknown[] = [];
        const store = {
            takeRateSlot: async (key: string, limit: unknown) => {
                slots.push([key, limit]);
                return 0;
            },
        } as unknown as DeliveryStore;
        const runtimes = createTenantRuntimes(config, logger, { store });
        await runtimes.get('default')!.lime.findObjects('person', {}, 1);
        await runtimes.get('other')!.lime.findObjects('person', {}, 1);
        const key = `lime:${new URL(baseUrl).origin}`;
        const strictest = { limit: 10, windowMs: 1_000 };
        expect(slots).toEqual([
            [key, strictest],
            [key, strictest],
        ]);
    });
});
