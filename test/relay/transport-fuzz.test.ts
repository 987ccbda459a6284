/**
 * Fuzzes the relay's transport layer with fast-check: any method, path, key, content type, content
 * encoding (honest, lying or cut short), Content-Length (exact, too long, too short, chunked, cut off) and
 * body. Whatever arrives, the relay answers with a 2xx or a 4xx, never a 5xx or nothing, logs no
 * unexpected error, and journals only what it accepted.
 */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { sendRaw, type RawAnswer } from './support/raw-http.ts';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversation, RELAY_API_KEY } from './support/start-relay.ts';

const { relay } = useRelaySuite({
    sandbox: { rateLimit: { limit: 100_000, windowMs: 60_000 } },
    relay: {
        editConfig: (raw) => {
            raw.server.bodyLimitBytes = 16 * 1024;
            raw.tenants.acme = structuredClone(raw.tenants.default);
        },
    },
});

const COMPRESS: Record<string, (body: Buffer) => Buffer> = {
    gzip: gzipSync,
    deflate: deflateSync,
    br: brotliCompressSync,
};

interface FuzzRequest {
    method: string;
    path: string;
    key: string | undefined;
    contentType: string | undefined;
    body: string;
    encoding: string | undefined;
    /** `liar`: the header names an encoding the body does not have; `cut`: half of the encoded body. */
    encoded: 'honest' | 'liar' | 'cut';
    length: 'exact' | 'too long' | 'too short' | 'chunked' | 'chunked cut';
}

const requestArbitrary: fc.Arbitrary<FuzzRequest> = fc.record({
    method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
    path: fc.constantFrom(
        '/userlike/',
        '/userlike/events/',
        '/t/acme/userlike/',
        '/t/nobody/userlike/'
    ),
    key: fc.constantFrom(RELAY_API_KEY, RELAY_API_KEY, RELAY_API_KEY, 'wrong-key', undefined),
    contentType: fc.constantFrom(
        'application/json',
        'application/JSON',
        'application/json; charset=utf-8',
        'application/json; charset=latin-7',
        'text/plain',
        undefined
    ),
    body: fc.oneof(
        fc.integer({ min: 9000, max: 9005 }).map((id) => JSON.stringify(conversation(id))),
        fc.json(),
        fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
        fc.constant('x'.repeat(20 * 1024))
    ),
    encoding: fc.constantFrom(
        undefined,
        'identity',
        'gzip',
        'deflate',
        'br',
        'GZIP',
        'compress',
        'gzip, gzip',
        'x-garbage\u00e9'
    ),
    encoded: fc.constantFrom<FuzzRequest['encoded'][]>('honest', 'liar', 'cut'),
    length: fc.constantFrom<FuzzRequest['length'][]>(
        'exact',
        'exact',
        'too long',
        'too short',
        'chunked',
        'chunked cut'
    ),
});

/** One request of each kind, run first every time, so that each answer below is reached. */
const valid: FuzzRequest = {
    method: 'POST',
    path: '/userlike/',
    key: RELAY_API_KEY,
    contentType: 'application/json',
    body: JSON.stringify(conversation(9000)),
    encoding: undefined,
    encoded: 'honest',
    length: 'exact',
};
const EXAMPLES = (
    [
        valid, // 200
        { ...valid, key: 'wrong-key' }, // 401
        { ...valid, method: 'GET' }, // 405
        { ...valid, body: JSON.stringify({ padding: 'x'.repeat(20 * 1024) }) }, // 413
        { ...valid, contentType: 'text/plain' }, // 415
        { ...valid, encoding: 'compress' }, // 415
        { ...valid, encoding: 'gzip', encoded: 'liar' }, // 400
        { ...valid, length: 'too long' }, // 400
    ] satisfies FuzzRequest[]
).map((example): [FuzzRequest] => [example]);

function toRawRequest(input: FuzzRequest) {
    let body: Buffer = Buffer.from(input.body, 'latin1');
    const compress = COMPRESS[input.encoding?.toLowerCase() ?? ''];
    if (compress && input.encoded !== 'liar') body = compress(body);
    if (input.encoded === 'cut') body = body.subarray(0, Math.floor(body.length / 2));
    const headers: Record<string, string> = {};
    if (input.key !== undefined) headers['x-api-key'] = input.key;
    if (input.contentType !== undefined) headers['content-type'] = input.contentType;
    if (input.encoding !== undefined) headers['content-encoding'] = input.encoding;
    let giveUp = false;
    switch (input.length) {
        case 'exact':
            headers['content-length'] = String(body.length);
            break;
        case 'too long': // the uploader stops before the length it announced
            headers['content-length'] = String(body.length + 17);
            giveUp = true;
            break;
        case 'too short':
            headers['content-length'] = String(Math.floor(body.length / 2));
            break;
        case 'chunked':
        case 'chunked cut':
            headers['transfer-encoding'] = 'chunked';
            body = Buffer.concat([
                Buffer.from(`${body.length.toString(16)}\r\n`),
                input.length === 'chunked' ? body : body.subarray(0, body.length >> 1),
                Buffer.from(input.length === 'chunked' ? '\r\n0\r\n\r\n' : ''),
            ]);
            giveUp = input.length === 'chunked cut';
            break;
    }
    return { method: input.method, path: input.path, headers, body, giveUp };
}

it('answers every request with a 2xx or 4xx, logs no unexpected error, and journals only what it accepted', async () => {
    const journaled = async () => (await relay.relay.store.list({ limit: 1000 })).length;
    const before = await journaled();
    const statuses = new Map<number | undefined, number>();
    let accepted = 0;

    await fc.assert(
        fc.asyncProperty(requestArbitrary, async (input) => {
            const answer: RawAnswer = await sendRaw(relay.url, toRawRequest(input));
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            expect(answer.status, JSON.stringify(answer)).toBeDefined();
            expect(answer.status).toBeGreaterThanOrEqual(200);
            expect(answer.status).toBeLessThan(500);
            if (answer.status === 200 || answer.status === 202) accepted++;
            if (answer.status === 405) expect(answer.headers.allow).toBe('POST');
        }),
        { numRuns: 300, examples: EXAMPLES }
    );

    const unexpected = relay.logs.filter((line) => (line.level as number) >= 50);
    expect(unexpected).toEqual([]);
    expect(await journaled()).toBeLessThanOrEqual(before + accepted);
    // The examples reached both sides: accepted requests and each kind of refusal.
    expect(accepted).toBeGreaterThan(0);
    for (const status of [400, 401, 405, 413, 415]) expect(statuses.get(status)).toBeGreaterThan(0);
}, 120_000);
