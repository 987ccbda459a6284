import { describe, expect, it } from 'vitest';
import { readBody, readMessage, useSandbox } from './support/sandbox-test-client.ts';

const { sandbox, client } = await useSandbox();

const origin = `http://127.0.0.1:${sandbox.port}`;

describe('fault injection', () => {
    it('fails the next N requests with the given status and Retry-After', async () => {
        sandbox.faults.set({ failNext: { count: 2, status: 429, retryAfterSeconds: 7 } });
        for (let index = 0; index < 2; index += 1) {
            const response = await client.get('/api/v1/');
            expect(response.status).toBe(429);
            expect(response.headers.get('retry-after')).toBe('7');
            expect(readMessage(response)).toContain('injected');
        }
        expect((await client.get('/api/v1/')).status).toBe(200);
        expect(sandbox.faults.current().failNext?.count).toBe(0);
    });

    it('defaults to 503 and applies only to matching requests', async () => {
        sandbox.faults.set({
            failNext: { count: 1 },
            match: { method: 'post', pathIncludes: '/limeobject/history/' },
        });
        expect((await client.get('/api/v1/limeobject/history/')).status).toBe(200);
        expect((await client.post('/api/v1/limeobject/person/', { firstname: 'A' })).status).toBe(
            201
        );
        const failed = await client.post('/api/v1/limeobject/history/', {
            date: '2026-01-01',
            type: 'comment',
            note: 'x',
        });
        expect(failed.status).toBe(503);
        expect(sandbox.objects('history')).toHaveLength(2);
    });

    it('fails at errorRate with errorStatus', async () => {
        sandbox.faults.set({ errorRate: 1, errorStatus: 502 });
        // 502 is not part of the Lime contract: check it without the validating client.
        const response = await fetch(`${sandbox.baseUrl}/api/v1/`, {
            headers: { 'x-api-key': sandbox.apiKey },
        });
        expect(response.status).toBe(502);
        sandbox.faults.set({ errorRate: 0 });
        expect((await client.get('/api/v1/')).status).toBe(200);
    });

    it('adds latency', async () => {
        sandbox.faults.set({ latencyMs: 120 });
        const started = performance.now();
        expect((await client.get('/api/v1/')).status).toBe(200);
        expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    });

    it('hangs requests until the faults are cleared', async () => {
        sandbox.faults.set({ hang: true });
        let settled = false;
        const pending = client.get('/api/v1/').then((response) => {
            settled = true;
            return response;
        });
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(settled).toBe(false);
        sandbox.faults.clear();
        expect((await pending).status).toBe(200);
    });

    it('applies a write, then drops the connection without an answer', async () => {
        sandbox.faults.set({ writeThenDrop: 1 });
        await expect(
            fetch(`${sandbox.baseUrl}/api/v1/limeobject/person/`, {
                method: 'POST',
                headers: { 'x-api-key': sandbox.apiKey, 'content-type': 'application/json' },
                body: JSON.stringify({ firstname: 'Dropped' }),
            })
        ).rejects.toThrow();
        expect(sandbox.objects('person').map((person) => person.firstname)).toContain('Dropped');
        const recorded = sandbox.requests().at(-1);
        expect(recorded).toMatchObject({ method: 'POST', status: 0 });
        // The counter is used up: the next write is answered normally.
        expect(
            (await client.post('/api/v1/limeobject/person/', { firstname: 'Kept' })).status
        ).toBe(201);
    });

    it('drops only a write that was stored: a refused write is answered and does not count', async () => {
        sandbox.faults.set({ writeThenDrop: 1 });
        const refused = await client.post('/api/v1/limeobject/person/', {
            lastname: 'No firstname',
        });
        expect(refused.status).toBe(400);
        await expect(
            fetch(`${sandbox.baseUrl}/api/v1/limeobject/person/`, {
                method: 'POST',
                headers: { 'x-api-key': sandbox.apiKey, 'content-type': 'application/json' },
                body: JSON.stringify({ firstname: 'Dropped' }),
            })
        ).rejects.toThrow();
        expect(sandbox.objects('person').map((person) => person.firstname)).toContain('Dropped');
    });

    it('is controlled over HTTP too, with validation of the spec', async () => {
        const set = await fetch(`${origin}/_sandbox/faults`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ failNext: { count: 1, status: 500 } }),
        });
        expect(set.status).toBe(200);
        expect(await set.json()).toEqual({ faults: { failNext: { count: 1, status: 500 } } });
        const failed = await fetch(`${sandbox.baseUrl}/api/v1/`, {
            headers: { 'x-api-key': sandbox.apiKey },
        });
        expect(failed.status).toBe(500);
        const invalid = await fetch(`${origin}/_sandbox/faults`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ errorRate: 2 }),
        });
        expect(invalid.status).toBe(400);
        expect(((await invalid.json()) as { message: string }).message).toContain('errorRate');
        sandbox.faults.set({ failNext: { count: 5 } });
        expect((await fetch(`${origin}/_sandbox/faults`, { method: 'DELETE' })).status).toBe(204);
        expect(sandbox.faults.current()).toEqual({});
        expect(readBody(await client.get('/api/v1/'))).toHaveProperty('_links');
    });

    it('rejects unknown fault fields programmatically', () => {
        expect(() => sandbox.faults.set({ failnext: { count: 1 } } as never)).toThrow(/failnext/);
    });
});
