import { createServer, type Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMediaDownload, type MediaPolicy } from './download-media.ts';
import { MediaDownloadError } from './media-errors.ts';

/**
 * A local media server stands in for Userlike's media host. Host names are mapped to loopback addresses by
 * an injected DNS lookup; only the test override lets the relay talk http to 127.0.0.1 at all.
 */
const hits: string[] = [];
let port = 0;
const server: Server = createServer((request, response) => {
    hits.push(request.url ?? '');
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
    } else if (request.url === '/redirect-ok') {
        response.writeHead(302, { location: `http://cdn.userlike.test:${port}/file.pdf` });
        response.end();
    } else if (request.url === '/hang') {
        response.writeHead(200, { 'content-type': 'application/pdf' });
        response.write('partial');
    } else if (request.url === '/gone') {
        response.writeHead(404);
        response.end();
    } else {
        response.writeHead(200);
        response.end('internal secret');
    }
});

/** media/cdn → 127.0.0.1 (allowed by the override); internal → 127.0.0.2 (not allowed). */
const lookup = ((
    hostname: string,
    options: { all?: boolean },
    callback: (...args: unknown[]) => void
) => {
    const address = hostname === 'internal.userlike.test' ? '127.0.0.2' : '127.0.0.1';
    if (options?.all) callback(null, [{ address, family: 4 }]);
    else callback(null, address, 4);
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
            'the media redirect to host localhost is not an allowed media host'
        );
        expect(hits).toEqual(['/redirect-loopback']);
    });

    it('refuses an allowed name that resolves to an internal address, at connect time', async () => {
        hits.length = 0;
        const error = await failure(openMediaDownload(url('/redirect-internal'), policy()));
        expect(error.message).toBe('the media host resolves to a private or internal address');
        expect(error.retryable).toBe(false);
        expect(hits).toEqual(['/redirect-internal']);
        // Without the test override even the media server itself is an internal address.
        const direct = await failure(
            openMediaDownload(
                url('/file.pdf'),
                policy({ testOverride: { allowHttp: true, allowAddresses: [] } })
            )
        );
        expect(direct.message).toBe('the media host resolves to a private or internal address');
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

    it('reports a missing file as final', async () => {
        const error = await failure(openMediaDownload(url('/gone'), policy()));
        expect(error).toMatchObject({ message: 'the media host answered 404', retryable: false });
    });
});
