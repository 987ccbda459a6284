import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLimeClient } from '../lime/client.ts';
import type { LimeCatalog } from '../lime/lime-catalog.ts';
import type { SyncContext } from '../sync/sync-context.ts';
import type { MediaPolicy } from './download-media.ts';
import { importMedia, type DocumentSettings, type MediaJob } from './import-media.ts';

/**
 * importMedia with the real Lime client against a stand-in Lime that records how the upload arrives, and a
 * media server that sends the second half of the file only once Lime has received bytes of the first: a
 * relay that held the whole file before uploading it would never finish.
 */
const CHUNK = Buffer.alloc(256 * 1024, 7);
let uploadStarted: () => void = () => {};
const uploadStartedPromise = new Promise<void>((resolve) => (uploadStarted = resolve));
const mediaHeaders: IncomingHttpHeaders[] = [];
const limeHeaders: IncomingHttpHeaders[] = [];
let uploadedBytes = 0;

const media: Server = createServer((request, response) => {
    mediaHeaders.push(request.headers);
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.write(CHUNK);
    void uploadStartedPromise.then(() => response.end(CHUNK));
});

const lime: Server = createServer((request, response) => {
    limeHeaders.push(request.headers);
    const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
    };
    if (request.method === 'GET') {
        reply(200, { _embedded: { limeobjects: [] } });
    } else if (request.url === '/lime/api/v1/file/') {
        request.on('data', (chunk: Buffer) => {
            uploadedBytes += chunk.length;
            uploadStarted();
        });
        request.on('end', () => reply(201, { id: 77 }));
    } else {
        request.resume();
        request.on('end', () => reply(201, { _id: 99 }));
    }
});

let mediaPort = 0;
let limePort = 0;
beforeAll(async () => {
    for (const server of [media, lime]) {
        server.listen(0, '127.0.0.1');
        await new Promise((resolve) => server.once('listening', resolve));
    }
    mediaPort = (media.address() as AddressInfo).port;
    limePort = (lime.address() as AddressInfo).port;
});
afterAll(() => {
    for (const server of [media, lime]) {
        server.closeAllConnections();
        server.close();
    }
});

const settings: DocumentSettings = {
    limetype: 'document',
    type: 'other',
    fields: {
        file: 'document',
        type: 'type',
        comment: 'comment',
        messageId: 'ul_messageid',
        person: 'person',
    },
};

/** A sync context with the real Lime client; `beforeRequest` stands in for the rate limiter. */
function createContext(beforeRequest?: () => Promise<void>): SyncContext {
    const logger = pino({ level: 'silent' });
    const properties = [
        { name: 'document', type: 'file' },
        { name: 'type', type: 'option', options: [{ key: 'other' }] },
        { name: 'comment', type: 'string' },
        { name: 'ul_messageid', type: 'string' },
        { name: 'helpdesk', type: 'belongsto', _links: { related_type: { name: 'helpdesk' } } },
    ];
    const catalog = {
        limetype: async () => ({
            name: 'document',
            properties: new Map(properties.map((property) => [property.name, property])),
        }),
    } as unknown as LimeCatalog;
    return {
        lime: createLimeClient({
            baseUrl: `http://127.0.0.1:${limePort}/lime`,
            apiKey: 'the-lime-api-key',
            timeoutMs: 5_000,
            logger,
            beforeRequest,
        }),
        catalog,
        logger,
    } as unknown as SyncContext;
}

function createJob(): MediaJob {
    return {
        conversationId: 1,
        messageId: '1.2.3',
        url: `http://media.userlike.test:${mediaPort}/file.bin`,
        fileName: 'file.bin',
        contentType: undefined,
        limetype: 'helpdesk',
        objectId: 5,
        documentRelation: 'helpdesk',
        personId: undefined,
        historyType: 'comment',
        historyRelation: 'helpdesk',
    };
}

function createPolicy(timeoutMs: number): MediaPolicy {
    return {
        allowedHosts: ['media.userlike.test'],
        maxBytes: 10 * CHUNK.length,
        timeoutMs,
        maxRedirects: 0,
        headers: { authorization: 'the-userlike-token' },
        testOverride: { allowHttp: true, allowAddresses: ['127.0.0.1'] },
        lookup: ((
            _host: string,
            options: { all?: boolean },
            callback: (...args: unknown[]) => void
        ) =>
            options?.all
                ? callback(null, [{ address: '127.0.0.1', family: 4 }])
                : callback(null, '127.0.0.1', 4)) as unknown as MediaPolicy['lookup'],
    };
}

describe('importMedia', () => {
    it('streams the download into the upload, each host getting only its own credentials', async () => {
        const result = await importMedia(
            createContext(),
            createJob(),
            settings,
            createPolicy(3_000)
        );

        expect(result).toEqual({ documentId: 99, alreadyImported: false });
        expect(uploadedBytes).toBe(2 * CHUNK.length);
        expect(mediaHeaders).toHaveLength(1);
        expect(mediaHeaders[0]).toMatchObject({ authorization: 'the-userlike-token' });
        expect(mediaHeaders[0]!['x-api-key']).toBeUndefined();
        expect(limeHeaders.length).toBeGreaterThan(0);
        for (const headers of limeHeaders) {
            expect(headers['x-api-key']).toBe('the-lime-api-key');
            expect(headers.authorization).toBeUndefined();
        }
    });

    it('opens the download only once the upload may go, so waiting for a rate slot spends none of its time limit', async () => {
        // Each Lime request waits longer for its rate slot than the download may take in all.
        const waitForSlotMs = 1_000;
        const downloadLimitMs = 800;
        const mediaRequestsBefore = mediaHeaders.length;
        let slotsGranted = 0;
        let slotsGrantedWhenDownloadOpened = -1;
        media.once('request', () => (slotsGrantedWhenDownloadOpened = slotsGranted));
        const context = createContext(async () => {
            await new Promise((resolve) => setTimeout(resolve, waitForSlotMs));
            slotsGranted++;
        });

        const result = await importMedia(
            context,
            createJob(),
            settings,
            createPolicy(downloadLimitMs)
        );

        expect(result.alreadyImported).toBe(false);
        expect(mediaHeaders).toHaveLength(mediaRequestsBefore + 1);
        // The document lookup's slot, then the upload's: only then the download.
        expect(slotsGrantedWhenDownloadOpened).toBe(2);
    });
});
