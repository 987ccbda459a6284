import { createServer, type Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { inspect } from 'node:util';
import { buffer } from 'node:stream/consumers';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMediaDownload, type MediaPolicy } from './download-media.ts';
import { MediaDownloadError } from '../errors.ts';

/**
 * A local media server stands in for Userlike's media host. Host names are mapped to loopback addresses by
 * an injected DNS lookup; only the test override lets the relay talk http to 127.0.0.1 at all.
 */
const hits: string[] = [];
const acceptEncodings: (string | undefined)[] = [];
let port = 0;
const TEXT = Buffer.from('a text file that a CDN would compress\n'.repeat(20));
/** When the media server saw the connection of `/endless` closed. */
let endlessClosed: Promise<number> = Promise.resolve(0);
const server: Server = createServer((request, response) => {
    hits.push(request.url ?? '');
    acceptEncodings.push(request.headers['accept-encoding']);
    if (request.url === '/file.pdf') {
        response.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '11' });
        response.end('hello media');
    } else if (request.url === '/big-declared') {
        response.writeHead(200, { 'content-length': String(5_000) });
        response.end('x'.repeat(5_000));
    } else if (request.url === '/big-chunked') {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        for (let i = 0; i < 10; i++) response.write('y'.repeat(1_000));
        response.end();
    } else if (request.url === '/redirect-loopback') {
        response.writeHead(302, { location: `http://localhost:${port}/secret` });
        response.end();
    } else if (request.url === '/redirect-internal') {
        response.writeHead(302, { location: `http://internal.userlike.test:${port}/secret` });
        response.end();
    } else if (request.url === '/redirect-credentials') {
        response.writeHead(302, {
            location: `http://user:secret@cdn.userlike.test:${port}/file.pdf`,
        });
        response.end();
    } else if (request.url === '/redirect-v6-loopback') {
        response.writeHead(302, { location: `https://[::1]:${port}/secret` });
        response.end();
    } else if (request.url === '/redirect-garbage') {
        response.writeHead(302, { location: 'https://exa mple.com:99999/' });
        response.end();
    } else if (request.url === '/redirect-relative') {
        response.writeHead(302, { location: '/file.pdf' });
        response.end();
    } else if (request.url === '/redirect-ok') {
        response.writeHead(302, { location: `http://cdn.userlike.test:${port}/file.pdf` });
        response.end();
    } else if (request.url === '/hang') {
        response.writeHead(200, { 'content-type': 'application/pdf' });
        response.write('partial');
    } else if (request.url === '/bad-gzip') {
        response.writeHead(200, { 'content-encoding': 'gzip' });
        response.end('not gzip at all');
    } else if (request.url === '/gzip' || request.url === '/br' || request.url === '/zz') {
        // A host that compresses whatever the client asked for; Content-Length is the compressed size.
        const [encoding, body] =
            request.url === '/gzip'
                ? ['gzip', gzipSync(TEXT)]
                : request.url === '/br'
                  ? ['br', brotliCompressSync(TEXT)]
                  : ['x-unknown', TEXT];
        response.writeHead(200, {
            'content-type': 'text/plain',
            'content-encoding': encoding,
            'content-length': String(body.length),
        });
        response.end(body);
    } else if (request.url === '/no-content') {
        response.writeHead(204);
        response.end();
    } else if (request.url === '/choices') {
        response.writeHead(300, { 'content-type': 'text/html' });
        response.end('<a href="/file.pdf">file.pdf</a>');
    } else if (request.url === '/endless') {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        const started = Date.now();
        const timer = setInterval(() => response.write(Buffer.alloc(4_096, 1)), 5);
        endlessClosed = new Promise((resolve) =>
            response.once('close', () => {
                clearInterval(timer);
                resolve(Date.now() - started);
            })
        );
    } else if (request.url === '/gone') {
        response.writeHead(404);
        response.end();
    } else {
        response.writeHead(200);
        response.end('internal secret');
    }
});

/** media/cdn → 127.0.0.1 (allowed by the override); internal → 127.0.0.2 (not allowed); the rest as named. */
const ADDRESSES: Record<string, string> = {
    'internal.userlike.test': '127.0.0.2',
    'v6-loopback.userlike.test': '::1',
    'v4-mapped.userlike.test': '::ffff:127.0.0.1',
    'v4-mapped-hex.userlike.test': '::ffff:7f00:1',
    'nat64.userlike.test': '64:ff9b::7f00:1',
    'metadata.userlike.test': '169.254.169.254',
    'v6-link-local.userlike.test': 'fe80::1',
    'v6-unique-local.userlike.test': 'fd00:ec2::254',
    'private.userlike.test': '10.1.2.3',
    'cgnat.userlike.test': '100.64.0.1',
    'unspecified.userlike.test': '0.0.0.0',
};
const lookup = ((
    hostname: string,
    options: { all?: boolean },
    callback: (...args: unknown[]) => void
) => {
    const address = ADDRESSES[hostname] ?? '127.0.0.1';
    const family = address.includes(':') ? 6 : 4;
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
}) as unknown as LookupFunction;

const policy = (extra: Partial<MediaPolicy> = {}): MediaPolicy => ({
    allowedHosts: ['media.userlike.test', '*.userlike.test'],
    maxBytes: 1_000,
    timeoutMs: 1_000,
    maxRedirects: 3,
    testOverride: { allowHttp: true, allowAddresses: ['127.0.0.1'] },
    lookup,
    ...extra,
});
const url = (path: string, host = 'media.userlike.test') => `http://${host}:${port}${path}`;

async function failure(promise: Promise<unknown>): Promise<MediaDownloadError> {
    const error = await promise.then(
        () => undefined,
        (e: unknown) => e
    );
    expect(error).toBeInstanceOf(MediaDownloadError);
    return error as MediaDownloadError;
}

beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
});
afterAll(() => {
    server.closeAllConnections();
    server.close();
});

describe('openMediaDownload', () => {
    it('streams a file from an allowed host', async () => {
        const download = await openMediaDownload(url('/file.pdf'), policy());
        expect(download.contentType).toBe('application/pdf');
        expect(download.contentLength).toBe(11);
        expect((await buffer(download.stream)).toString()).toBe('hello media');
    });

    it('follows a redirect within the allowlist', async () => {
        const download = await openMediaDownload(url('/redirect-ok'), policy());
        expect((await buffer(download.stream)).toString()).toBe('hello media');
    });

    it('refuses a host outside the allowlist without connecting', async () => {
        hits.length = 0;
        const error = await failure(
            openMediaDownload(url('/file.pdf', 'evil.example.com'), policy())
        );
        expect(error.message).toBe('the media host evil.example.com is not an allowed media host');
        expect(error.retryable).toBe(false);
        expect(hits).toEqual([]);
    });

    it('refuses plain http unless the test override allows it', async () => {
        const error = await failure(
            openMediaDownload(url('/file.pdf'), policy({ testOverride: undefined }))
        );
        expect(error.message).toBe('the media URL uses http; only https is allowed');
    });

    it('refuses a redirect to loopback', async () => {
        hits.length = 0;
        const error = await failure(openMediaDownload(url('/redirect-loopback'), policy()));
        expect(error.message).toBe(
            'the media redirect host localhost is not an allowed media host'
        );
        expect(hits).toEqual(['/redirect-loopback']);
    });

    it('follows a relative redirect on the same host', async () => {
        const download = await openMediaDownload(url('/redirect-relative'), policy());
        expect((await buffer(download.stream)).toString()).toBe('hello media');
    });

    it('holds every redirect to the rules of the first URL, naming the true reason', async () => {
        const cases: [string, string, Partial<MediaPolicy>?][] = [
            // Refused when it comes first, so refused when a redirect points to it.
            ['/redirect-credentials', 'the media redirect URL carries credentials'],
            ['/redirect-v6-loopback', 'the media redirect host [::1] is not an allowed media host'],
            ['/redirect-garbage', 'the media redirect URL is not a valid URL'],
        ];
        for (const [path, message, extra] of cases) {
            hits.length = 0;
            const error = await failure(openMediaDownload(url(path), policy(extra)));
            expect(error).toMatchObject({ message, retryable: false });
            expect(hits).toEqual([path]);
        }
        // The same URLs refused as the first hop, for the same reasons.
        expect(
            (
                await failure(
                    openMediaDownload(`http://user:secret@cdn.userlike.test:${port}/`, policy())
                )
            ).message
        ).toBe('the media URL carries credentials');
        expect((await failure(openMediaDownload(`https://[::1]:${port}/`, policy()))).message).toBe(
            'the media host [::1] is not an allowed media host'
        );
    });

    it('refuses an allowed name that resolves to an internal address, at connect time', async () => {
        hits.length = 0;
        const error = await failure(openMediaDownload(url('/redirect-internal'), policy()));
        expect(error.message).toBe(
            'the media host internal.userlike.test resolves to a private or internal address (127.0.0.2)'
        );
        expect(error.retryable).toBe(false);
        expect(hits).toEqual(['/redirect-internal']);
        // Without the test override even the media server itself is an internal address.
        const direct = await failure(
            openMediaDownload(
                url('/file.pdf'),
                policy({ testOverride: { allowHttp: true, allowAddresses: [] } })
            )
        );
        expect(direct.message).toBe(
            'the media host media.userlike.test resolves to a private or internal address (127.0.0.1)'
        );
    });

    it.each(Object.keys(ADDRESSES))(
        'refuses %s (an internal IPv4 or IPv6 address, IPv4-mapped included) without connecting',
        async (host) => {
            hits.length = 0;
            const error = await failure(openMediaDownload(url('/file.pdf', host), policy()));
            expect(error).toMatchObject({
                message: `the media host ${host} resolves to a private or internal address (${ADDRESSES[host]})`,
                retryable: false,
            });
            expect(hits).toEqual([]);
        }
    );

    describe('resolve (media.resolve, the smoke-test setting)', () => {
        // Internal addresses are all refused here: only `resolve` may reach the media server.
        const pinned = (resolve: Record<string, string>) =>
            policy({ testOverride: { allowHttp: true, allowAddresses: [] }, resolve });

        it('connects a named host to its named address, not to what DNS says', async () => {
            // DNS (the injected lookup) says 127.0.0.2, where nothing listens.
            const download = await openMediaDownload(
                url('/file.pdf', 'internal.userlike.test'),
                pinned({ 'internal.userlike.test': '127.0.0.1' })
            );
            expect((await buffer(download.stream)).toString()).toBe('hello media');
        });

        it('leaves every other host to the connect-time check, redirects included', async () => {
            const resolve = { 'internal.userlike.test': '127.0.0.1' };
            expect(
                (await failure(openMediaDownload(url('/file.pdf'), pinned(resolve)))).message
            ).toBe(
                'the media host media.userlike.test resolves to a private or internal address (127.0.0.1)'
            );
            hits.length = 0;
            const redirected = await failure(
                openMediaDownload(url('/redirect-ok', 'internal.userlike.test'), pinned(resolve))
            );
            expect(redirected.message).toBe(
                'the media host cdn.userlike.test resolves to a private or internal address (127.0.0.1)'
            );
            expect(hits).toEqual(['/redirect-ok']);
        });

        it('keeps the allowlist, the scheme and the credentials rules for a named host', async () => {
            const resolve = { 'evil.example.com': '127.0.0.1' };
            expect(
                (
                    await failure(
                        openMediaDownload(url('/file.pdf', 'evil.example.com'), pinned(resolve))
                    )
                ).message
            ).toBe('the media host evil.example.com is not an allowed media host');
            expect(
                (
                    await failure(
                        openMediaDownload(
                            url('/file.pdf', 'internal.userlike.test'),
                            policy({
                                testOverride: undefined,
                                resolve: { 'internal.userlike.test': '127.0.0.1' },
                            })
                        )
                    )
                ).message
            ).toBe('the media URL uses http; only https is allowed');
        });
    });

    it('keeps the media credentials out of the error it reports', async () => {
        const error = await failure(
            openMediaDownload(
                url('/file.pdf', 'internal.userlike.test'),
                policy({ headers: { authorization: 'userlike-token-0123456789' } })
            )
        );
        expect(error.message).toBe(
            'the media host internal.userlike.test resolves to a private or internal address (127.0.0.2)'
        );
        expect(inspect(error, { depth: Infinity })).not.toContain('userlike-token-0123456789');
    });

    it('refuses a file over the size cap, declared or not', async () => {
        const declared = await failure(openMediaDownload(url('/big-declared'), policy()));
        expect(declared.message).toBe(
            'the file is larger (5000 bytes) than the relay imports (1000 bytes)'
        );
        const chunked = await openMediaDownload(url('/big-chunked'), policy());
        const error = await failure(buffer(chunked.stream));
        expect(error.message).toBe('the file is larger than the relay imports (1000 bytes)');
    });

    it('gives up on a download that takes too long, as retryable', async () => {
        const download = await openMediaDownload(url('/hang'), policy({ timeoutMs: 300 }));
        const error = await failure(buffer(download.stream));
        expect(error.message).toBe('the download took longer than 300 ms');
        expect(error.retryable).toBe(true);
    });

    it('treats any answer but 200 as a failure, not as the file', async () => {
        // A redirect that is not followed (maxRedirects 0), a 3xx without Location, an empty answer.
        const notFollowed = await failure(
            openMediaDownload(url('/redirect-ok'), policy({ maxRedirects: 0 }))
        );
        expect(notFollowed).toMatchObject({
            message: 'the media host answered 302 instead of the file',
            retryable: false,
        });
        const choices = await failure(openMediaDownload(url('/choices'), policy()));
        expect(choices.message).toBe('the media host answered 300 instead of the file');
        const empty = await failure(openMediaDownload(url('/no-content'), policy()));
        expect(empty.message).toBe('the media host answered 204 instead of the file');
    });

    it('asks for the file unencoded, decodes it when compressed anyway, and then claims no length', async () => {
        acceptEncodings.length = 0;
        for (const path of ['/gzip', '/br']) {
            const download = await openMediaDownload(url(path), policy());
            expect(download.contentLength).toBeUndefined();
            expect(await buffer(download.stream)).toEqual(TEXT);
        }
        expect(acceptEncodings).toEqual(['identity', 'identity']);
        const broken = await openMediaDownload(url('/bad-gzip'), policy());
        expect(await failure(buffer(broken.stream))).toMatchObject({
            message: 'the media host sent a file that could not be decoded',
            retryable: false,
        });
        const unknown = await failure(openMediaDownload(url('/zz'), policy()));
        expect(unknown).toMatchObject({
            message:
                'the media host sent the file in an encoding the relay cannot read (x-unknown)',
            retryable: false,
        });
    });

    it('caps the decoded size of a compressed file', async () => {
        const download = await openMediaDownload(url('/gzip'), policy({ maxBytes: 100 }));
        const error = await failure(buffer(download.stream));
        expect(error.message).toBe('the file is larger than the relay imports (100 bytes)');
    });

    it('closes the connection to the media host as soon as the size cap is hit', async () => {
        const download = await openMediaDownload(
            url('/endless'),
            policy({ maxBytes: 20_000, timeoutMs: 10_000 })
        );
        await failure(buffer(download.stream));
        // Not only when the time limit ends the request: the host must stop sending at once.
        expect(await endlessClosed).toBeLessThan(2_000);
    });

    it('closes the connection when the consumer gives up on the stream', async () => {
        const download = await openMediaDownload(
            url('/endless'),
            policy({ maxBytes: 10_000_000, timeoutMs: 10_000 })
        );
        download.stream.once('error', () => {});
        download.stream.destroy();
        expect(await endlessClosed).toBeLessThan(2_000);
    });

    it('says a download stopped by the caller was cancelled, not slow', async () => {
        const stop = new AbortController();
        const download = await openMediaDownload(
            url('/hang'),
            policy({ timeoutMs: 10_000 }),
            stop.signal
        );
        setTimeout(() => stop.abort(), 50);
        const error = await failure(buffer(download.stream));
        expect(error).toMatchObject({ message: 'the download was cancelled', retryable: true });
    });

    it('reports a missing file as final', async () => {
        const error = await failure(openMediaDownload(url('/gone'), policy()));
        expect(error).toMatchObject({ message: 'the media host answered 404', retryable: false });
    });
});
