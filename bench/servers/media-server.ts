/**
 * Benchmark child: a stand-in for Userlike's media host on an ephemeral loopback port. `GET
 * /files/{index}-{bytes}.bin` streams generated file `index` of `bytes` bytes (bench/support/media-files.ts)
 * with its Content-Length; nothing is held in memory beyond one block per response. Operations:
 * `countRequests` (files served, for checking that every file was fetched exactly once).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { serveBenchChild } from '../support/bench-child.ts';
import { createMediaFileStream, parseMediaPath } from '../support/media-files.ts';

/** What the parent gets when the media server listens. */
export interface MediaServerInfo {
    /** `http://127.0.0.1:PORT` */
    url: string;
}

let served = 0;
const server = createServer((request, response) => {
    const file = request.method === 'GET' ? parseMediaPath(request.url ?? '') : undefined;
    if (!file) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('no such file');
        return;
    }
    served++;
    response.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(file.bytes),
    });
    // A client that goes away mid-file ends the pipeline with an error; nothing to report.
    pipeline(createMediaFileStream(file.index, file.bytes), response).catch(() => {});
});
server.listen(0, '127.0.0.1');
await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
});

serveBenchChild(
    { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } satisfies MediaServerInfo,
    { countRequests: () => served },
    async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
    }
);
