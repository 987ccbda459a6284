import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversation, RELAY_API_KEY, samplePayload, startRelay } from './support/start-relay.ts';
import { sendRaw } from './support/raw-http.ts';

const { sandbox, relay } = useRelaySuite({
    relay: {
        editConfig: (raw) => {
            raw.server.bodyLimitBytes = 64 * 1024;
            raw.delivery.inlineDeadlineMs = 700;
            raw.delivery.retry = { baseMs: 50, maxMs: 200 };
            raw.tenants.acme = structuredClone(raw.tenants.default);
            raw.tenants.acme.relayApiKey = '${RELAY_API_KEY}';
        },
    },
});

const noLimeCalls = () => expect(sandbox.requests()).toEqual([]);

describe('authentication', () => {
    it.each([
        ['a wrong key', { key: 'wrong-key' }],
        ['no key', { key: '' }],
        ['an unknown tenant', { path: '/t/nobody/userlike/' }],
    ])(
        'answers 401 for %s, saying nothing about which, and calls nothing',
        async (_case, options) => {
            const answer = await relay.post(samplePayload(), options);
            expect(answer).toEqual({
                status: 401,
                body: {
                    error: {
                        code: 'unauthorized',
                        message:
                            'Missing or wrong API key: send the relay key in the x-api-key header.',
                    },
                },
            });
            noLimeCalls();
        }
    );

    it('serves other tenants under /t/{tenant}/userlike/', async () => {
        const answer = await relay.post(samplePayload(), {
            path: '/t/acme/userlike/',
            key: RELAY_API_KEY,
        });
        expect(answer.status).toBe(200);
        expect(answer.body.url).toMatch(/\/client\/object\/helpdesk\/\d+$/);
    });
});

describe('bad input is refused before anything is sent to Lime', () => {
    it('answers 415 for a body that is not JSON', async () => {
        const answer = await relay.post(undefined, { contentType: 'text/plain', raw: 'hello' });
        expect(answer.status).toBe(415);
        expect(answer.body.error).toMatchObject({ code: 'unsupported_media_type' });
        noLimeCalls();
    });

    it("accepts Userlike's upper-case application/JSON content type", async () => {
        const answer = await relay.post(samplePayload(), { contentType: 'application/JSON' });
        expect(answer.status).toBe(200);
    });

    it('answers 400 for malformed JSON', async () => {
        const answer = await relay.post(undefined, { raw: '{"id": 1,' });
        expect(answer).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
        noLimeCalls();
    });

    it('answers 415 for a charset other than UTF, and 400 for an empty body', async () => {
        const latin1 = await relay.post(undefined, {
            contentType: 'application/json; charset=latin1',
            raw: JSON.stringify(samplePayload()),
        });
        expect(latin1).toMatchObject({
            status: 415,
            body: { error: { code: 'unsupported_charset' } },
        });
        const empty = await relay.post(undefined, { raw: '' });
        expect(empty).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });
        noLimeCalls();
    });

    it('answers 400 naming the field path when the payload is not a conversation', async () => {
        const payload = samplePayload();
        payload.id = 'abc';
        payload.transcript[2].sent_at = 5;
        const answer = await relay.post(payload);
        expect(answer.status).toBe(400);
        expect(answer.body.error).toMatchObject({ code: 'invalid_payload' });
        const message = (answer.body.error as { message: string }).message;
        expect(message).toContain('id:');
        expect(message).toContain('transcript[2].sent_at:');
        noLimeCalls();
    });

    it('answers 413 over the body limit, naming the limit', async () => {
        const payload = conversation(1);
        payload.padding = 'x'.repeat(70 * 1024);
        const answer = await relay.post(payload);
        expect(answer.status).toBe(413);
        expect((answer.body.error as { message: string }).message).toContain('65536 bytes');
        noLimeCalls();
    });
});

describe('what is journaled', () => {
    const postBytes = (body: Buffer, contentType: string) =>
        fetch(`${relay.url}/userlike/`, {
            method: 'POST',
            headers: { 'content-type': contentType, 'x-api-key': RELAY_API_KEY },
            body,
        });
    const journaled = async (conversationId: string) =>
        (await relay.relay.store.list({ limit: 1000 })).find(
            (delivery) => delivery.conversationId === conversationId
        );

    it('stores a UTF-8 body as received, without its byte order mark, and writes its text to Lime', async () => {
        const payload = conversation(31, { topic: 'Support' });
        payload.transcript[3].body = payload.transcript[3].body_plain = 'Grüße, 你好 🙂';
        const text = `{ "id": 31,\n  ${JSON.stringify(payload).slice(1).replace('"id":31,', '')}`;
        const answer = await postBytes(
            Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
            'application/json; charset=utf-8'
        );
        expect(answer.status).toBe(200);
        expect((await journaled('31'))?.payload).toBe(text);
        const note = sandbox.objects('history').at(-1)?.note as string;
        expect(note).toContain('Grüße, 你好 🙂');
    });

    it('stores a body in another UTF encoding as its text', async () => {
        const payload = conversation(32, { topic: 'Support' });
        const text = JSON.stringify(payload, null, 2);
        const answer = await postBytes(
            Buffer.from(text, 'utf16le'),
            'application/json; charset=utf-16le'
        );
        expect(answer.status).toBe(200);
        expect((await journaled('32'))?.payload).toBe(text);
    });
});

describe('when Lime fails', () => {
    it('answers 202 queued when Lime is unavailable, and writes the conversation once Lime is back', async () => {
        sandbox.faults.set({ failNext: { count: 1000, status: 503 } });
        const answer = await relay.post(conversation(8001, { topic: 'Support' }));
        expect(answer.status).toBe(202);
        expect(answer.body).toEqual({ status: 'queued', id: expect.any(String) });

        sandbox.faults.clear();
        const done = await relay.relay.worker.waitFor(answer.body.id as string, 10_000);
        expect(done?.status).toBe('done');
        expect(
            sandbox.objects('ulconversation').filter((r) => r.conversationid === 8001)
        ).toHaveLength(1);
        const url = (done!.result as { url: string }).url;
        expect(await relay.post(conversation(8001, { topic: 'Support' }))).toEqual({
            status: 200,
            body: { url },
        });
    });

    it("dead-letters at once and answers 502 with Lime's message when Lime rejects a write", async () => {
        sandbox.faults.set({ failNext: { count: 1, status: 400 }, match: { method: 'POST' } });
        const answer = await relay.post(conversation(8002, { topic: 'Support' }));
        expect(answer.status).toBe(502);
        expect(answer.body.error).toMatchObject({
            code: 'lime_rejected',
            deliveryId: expect.any(String),
        });
        const stored = await relay.relay.store.get(
            (answer.body.error as { deliveryId: string }).deliveryId
        );
        expect(stored).toMatchObject({ status: 'dead', attempts: 1 });
        expect(stored!.lastError).toEqual({
            status: 502,
            code: 'lime_rejected',
            message: expect.stringMatching(/^Lime rejected the request \(400 on POST/),
            retryable: false,
            // What Lime said stays beside the relay's answer.
            lime: { status: 400, message: expect.any(String) },
        });
    });

    it("answers 502 naming the key when Lime rejects the relay's API key, without revealing it", async () => {
        const wrongKey = await startRelay(sandbox, { limeApiKey: 'not-the-right-lime-key' });
        try {
            const answer = await wrongKey.post(conversation(8003, { topic: 'Support' }));
            expect(answer.status).toBe(502);
            expect(answer.body.error).toMatchObject({ code: 'lime_unauthorized' });
            expect(JSON.stringify(answer.body)).not.toContain('not-the-right-lime-key');
            expect(wrongKey.logText()).not.toContain('not-the-right-lime-key');
        } finally {
            await wrongKey.close();
        }
    });
});

describe('bad transport input gets a 4xx and changes nothing', () => {
    const sample = () => Buffer.from(JSON.stringify(conversation(8101, { topic: 'Support' })));
    const post = (headers: Record<string, string>, body: Buffer, giveUp = false) =>
        sendRaw(relay.url, {
            giveUp,
            method: 'POST',
            path: '/userlike/',
            headers: {
                'content-type': 'application/json',
                'x-api-key': RELAY_API_KEY,
                'content-length': String(body.length),
                ...headers,
            },
            body,
        });
    const journaled = async () => Object.values(await relay.relay.store.counts());
    const errorOf = (answer: { body: string }) =>
        (JSON.parse(answer.body) as { error: { code: string; message: string } }).error;

    it.each([
        ['gzip', (body: Buffer) => body],
        ['deflate', (body: Buffer) => body],
        ['br', (body: Buffer) => body],
        ['gzip', (body: Buffer) => gzipSync(body).subarray(0, 40)],
    ])(
        'answers 400 invalid_encoding for a body that does not decode as %s',
        async (encoding, encode) => {
            const before = await journaled();
            const answer = await post({ 'content-encoding': encoding }, encode(sample()));
            expect(answer.status).toBe(400);
            expect(errorOf(answer)).toEqual({
                code: 'invalid_encoding',
                message: expect.stringMatching(
                    new RegExp(
                        `^The body cannot be decoded as its Content-Encoding "${encoding}" says`
                    )
                ),
            });
            expect(await journaled()).toEqual(before);
            noLimeCalls();
        }
    );

    it('answers 415 naming an unsupported Content-Encoding and the supported ones', async () => {
        const answer = await post({ 'content-encoding': 'compress' }, sample());
        expect(answer.status).toBe(415);
        expect(errorOf(answer)).toEqual({
            code: 'unsupported_encoding',
            message:
                'The body\'s Content-Encoding "compress" is not supported: send the body uncompressed, or compressed with one of gzip, deflate, br.',
        });
        noLimeCalls();
    });

    it.each([
        ['gzip', gzipSync],
        ['deflate', deflateSync],
        ['br', brotliCompressSync],
    ])('accepts a body compressed with %s', async (encoding, compress) => {
        const answer = await post({ 'content-encoding': encoding }, compress(sample()));
        expect(answer.status).toBe(200);
    });

    it('answers 400 invalid_payload, not invalid_encoding, for a compressed body that is no conversation', async () => {
        const answer = await post(
            { 'content-encoding': 'gzip' },
            gzipSync(Buffer.from(JSON.stringify({ id: 'not a number', contact: {} })))
        );
        expect(answer.status).toBe(400);
        expect(errorOf(answer)).toEqual({
            code: 'invalid_payload',
            message: expect.stringContaining('id:'),
        });
        noLimeCalls();
    });

    it('answers 400 when the body stops before its Content-Length, and journals nothing', async () => {
        const before = await journaled();
        const body = sample();
        const answer = await post({ 'content-length': String(body.length + 100) }, body, true);
        expect(answer.status).toBe(400);
        expect(await journaled()).toEqual(before);
        noLimeCalls();
    });

    it('answers 400 when the body is longer than its Content-Length', async () => {
        const before = await journaled();
        const body = sample();
        const answer = await post({ 'content-length': String(body.length - 10) }, body);
        // The rest of the body is read as a next request, which is not HTTP: Node's parser answers 400.
        expect(answer.status).toBe(400);
        expect(await journaled()).toEqual(before);
        noLimeCalls();
    });

    it('answers 400 for a chunked body that is cut off', async () => {
        const body = sample();
        const answer = await sendRaw(relay.url, {
            method: 'POST',
            path: '/userlike/',
            headers: {
                'content-type': 'application/json',
                'x-api-key': RELAY_API_KEY,
                'transfer-encoding': 'chunked',
            },
            giveUp: true,
            body: Buffer.concat([
                Buffer.from(`${body.length.toString(16)}\r\n`),
                body.subarray(0, 50),
            ]),
        });
        expect(answer.status).toBe(400);
        noLimeCalls();
    });

    it.each([
        ['GET', '/userlike/', 'conversations'],
        ['PUT', '/userlike/', 'conversations'],
        ['DELETE', '/userlike/', 'conversations'],
        ['GET', '/t/acme/userlike/', 'conversations'],
        ['GET', '/t/nobody/userlike/', 'conversations'],
        ['GET', '/userlike/events/', 'events'],
    ])(
        'answers %s %s with 405, Allow: POST and a line saying what the path is for',
        async (method, path, what) => {
            const answer = await fetch(`${relay.url}${path}`, { method });
            expect(answer.status).toBe(405);
            expect(answer.headers.get('allow')).toBe('POST');
            expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
            const text = await answer.text();
            expect(text.trim().split('\n')).toHaveLength(1);
            expect(text).toMatch(new RegExp(`posts (its )?${what} here by POST`));
            noLimeCalls();
        }
    );
});
