import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxClient, readBody, readMessage } from './support/sandbox-test-client.ts';
import type { SandboxClient } from './support/sandbox-test-client.ts';
import { startSandbox } from '../src/start-sandbox.ts';
import type { RunningSandbox } from '../src/start-sandbox.ts';

describe('x-api-key', () => {
    let sandbox: RunningSandbox;
    let client: SandboxClient;
    beforeEach(async () => {
        sandbox = await startSandbox();
        client = createSandboxClient(sandbox);
    });
    afterEach(() => sandbox.close());

    it('answers the key check with 200 for a valid key', async () => {
        const response = await client.get('/api/v1/');
        expect(response.status).toBe(200);
        expect(readBody(response)._links).toBeDefined();
    });

    it('answers the key check with a documented 400 for an unknown _ parameter', async () => {
        const response = await client.get('/api/v1/', {
            query: { _format: 'hal' },
            violatesContract: true,
        });
        expect(response.status).toBe(400);
        expect(readMessage(response)).toContain('_format');
    });

    it('rejects a request without the header with 401', async () => {
        const response = await client.get('/api/v1/limeobject/person/', { key: 'none' });
        expect(response.status).toBe(401);
        expect(readMessage(response)).toContain('missing x-api-key');
    });

    it('rejects an unknown key with 401 without echoing it', async () => {
        const response = await client.get('/api/v1/', { key: { literal: 'not-a-key-123' } });
        expect(response.status).toBe(401);
        expect(readMessage(response)).not.toContain('not-a-key-123');
    });

    it('accepts the header name in any case', async () => {
        const response = await client.get('/api/v1/', {
            key: 'none',
            headers: { 'X-API-KEY': sandbox.apiKey },
        });
        expect(response.status).toBe(200);
    });

    it('uses the configured keys', async () => {
        await sandbox.close();
        sandbox = await startSandbox({ apiKey: 'k1', restrictedApiKey: 'k2' });
        client = createSandboxClient(sandbox);
        expect((await client.get('/api/v1/', { key: { literal: 'k1' } })).status).toBe(200);
        expect((await client.get('/api/v1/', { key: { literal: 'k2' } })).status).toBe(200);
        expect(
            (await client.get('/api/v1/', { key: { literal: 'sandbox-full-key' } })).status
        ).toBe(401);
    });

    it('answers 404 with a message for an unknown endpoint', async () => {
        const response = await fetch(`${sandbox.baseUrl}/api/v1/nothing/`, {
            headers: { 'x-api-key': sandbox.apiKey },
        });
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual({
            message: expect.stringContaining('no such endpoint'),
        });
    });
});

describe('rate limit', () => {
    let sandbox: RunningSandbox;
    afterEach(() => sandbox.close());

    it('answers 429 with Retry-After in seconds once a key used up its window', async () => {
        sandbox = await startSandbox({ rateLimit: { limit: 3, windowMs: 60_000 } });
        const client = createSandboxClient(sandbox);
        for (let index = 0; index < 3; index += 1) {
            expect((await client.get('/api/v1/')).status).toBe(200);
        }
        const limited = await client.get('/api/v1/');
        expect(limited.status).toBe(429);
        const retryAfter = Number(limited.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(59);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect(readMessage(limited)).toContain('rate limit');
    });

    it('counts per key', async () => {
        sandbox = await startSandbox({ rateLimit: { limit: 1, windowMs: 60_000 } });
        const client = createSandboxClient(sandbox);
        expect((await client.get('/api/v1/')).status).toBe(200);
        expect((await client.get('/api/v1/')).status).toBe(429);
        expect((await client.get('/api/v1/', { key: 'restricted' })).status).toBe(200);
    });

    it('slides: requests are allowed again once old ones leave the window', async () => {
        sandbox = await startSandbox({ rateLimit: { limit: 2, windowMs: 300 } });
        const client = createSandboxClient(sandbox);
        expect((await client.get('/api/v1/')).status).toBe(200);
        expect((await client.get('/api/v1/')).status).toBe(200);
        expect((await client.get('/api/v1/')).status).toBe(429);
        await new Promise((resolve) => setTimeout(resolve, 350));
        expect((await client.get('/api/v1/')).status).toBe(200);
    });

    it('is cleared by reset()', async () => {
        sandbox = await startSandbox({ rateLimit: { limit: 1, windowMs: 60_000 } });
        const client = createSandboxClient(sandbox);
        await client.get('/api/v1/');
        expect((await client.get('/api/v1/')).status).toBe(429);
        sandbox.reset();
        expect((await client.get('/api/v1/')).status).toBe(200);
    });
});
