/**
 * Media files of a conversation become Lime documents, in the background and never twice; failures are
 * visible on the object and in the admin listing. A local server stands in for Userlike's media host; the
 * relay's test-only override lets it fetch from 127.0.0.1 over http (production allows https only).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversationWithMedia } from './support/start-relay.ts';

const FILE = Buffer.from('%PDF-1.4 a small invoice\n'.repeat(40));
const TEXT = Buffer.from('Order 4711: two printers, one toner.\n'.repeat(100));
let mediaPort = 0;
const mediaHits: string[] = [];
const media: Server = createServer((request, response) => {
    mediaHits.push(request.url ?? '');
    if (request.headers['x-api-key']) throw new Error('the Lime API key reached the media host');
    if (request.url === '/files/invoice.pdf') {
        response.writeHead(200, {
            'content-type': 'application/pdf',
            'content-length': String(FILE.length),
        });
        response.end(FILE);
    } else if (request.url === '/files/notes.txt') {
        // Compressed whatever the relay asked for (as some CDNs do); Content-Length is the compressed size.
        const body = gzipSync(TEXT);
        response.writeHead(200, {
            'content-type': 'text/plain',
            'content-encoding': 'gzip',
            'content-length': String(body.length),
        });
        response.end(body);
    } else if (request.url === '/files/big.bin') {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        response.end(Buffer.alloc(50_000, 1));
    } else if (request.url === '/files/redirect') {
        response.writeHead(302, { location: `http://localhost:${mediaPort}/secret` });
        response.end();
    } else if (request.url === '/files/hang') {
        response.writeHead(200, { 'content-type': 'application/pdf' });
        response.write('partial');
    } else {
        response.writeHead(200);
        response.end('internal');
    }
});

beforeAll(async () => {
    media.listen(0, '127.0.0.1');
    await new Promise((resolve) => media.once('listening', resolve));
    mediaPort = (media.address() as AddressInfo).port;
});
afterAll(async () => {
    media.closeAllConnections();
    media.close();
});
const { sandbox, relay } = useRelaySuite({
    relay: {
        mediaFromLoopback: true,
        env: { ADMIN_API_KEY: 'admin-media-key-0123456789' },
        editConfig: (raw) => {
            raw.admin = { apiKey: '${ADMIN_API_KEY}' };
            raw.delivery.retry = { baseMs: 50, maxMs: 100, maxAttempts: 2 };
            raw.tenants.default.media = {
                enabled: true,
                allowedHosts: ['127.0.0.1'],
                maxBytes: 20_000,
                timeoutMs: 500,
            };
        },
    },
});
beforeEach(() => {
    mediaHits.length = 0;
});

/** The sample with one media message from the local media server. */
function withMedia(
    id: number,
    path: string,
    fileName = 'invoice.pdf',
    host = `127.0.0.1:${mediaPort}`
): Record<string, any> {
    return conversationWithMedia(id, `http://${host}${path}`, fileName);
}

/** Waits for the media jobs of the delivery that wrote this conversation, and returns them. */
async function settledMediaJobs(conversationId: number) {
    const store = relay.relay.store;
    const parent = (await store.list({ limit: 1000 })).find(
        (d) => d.conversationId === String(conversationId) && d.kind === 'conversation'
    )!;
    let jobs = await store.list({ parentId: parent.id });
    for (const job of jobs) await relay.relay.worker.waitFor(job.id, 15_000);
    jobs = await store.list({ parentId: parent.id });
    return { parent, jobs };
}

const helpdeskOf = (id: number) =>
    sandbox.objects('helpdesk').find((h) => h.title === `Userlike chat ${id}`)!;
const notesOf = (helpdeskId: number) =>
    sandbox
        .objects('history')
        .filter((h) => h.helpdesk === helpdeskId)
        .map((h) => h.note as string);

describe('media import', () => {
    it('imports the file as a document related to the object, streamed to Lime unchanged', async () => {
        const answer = await relay.post(withMedia(5001, '/files/invoice.pdf'));
        expect(answer.status).toBe(200);
        const { jobs } = await settledMediaJobs(5001);
        expect(jobs.map((job) => job.status)).toEqual(['done']);

        const helpdesk = helpdeskOf(5001);
        const documents = sandbox
            .objects('document')
            .filter((d) => d.ul_messageid === '5001.1.900');
        expect(documents).toEqual([
            expect.objectContaining({
                helpdesk: helpdesk._id,
                type: 'other',
                comment: 'invoice.pdf',
                document: expect.any(Number),
            }),
        ]);
        const contents = await fetch(
            `${sandbox.baseUrl}/api/v1/file/${documents[0]!.document}/contents/`,
            { headers: { 'x-api-key': sandbox.apiKey } }
        );
        expect(Buffer.from(await contents.arrayBuffer())).toEqual(FILE);
        expect(contents.headers.get('content-disposition')).toContain('invoice.pdf');
    });

    it('never imports the same message twice, over re-sends and concurrent copies', async () => {
        const payload = withMedia(5002, '/files/invoice.pdf');
        await relay.post(payload);
        await settledMediaJobs(5002);
        payload.transcript.push({
            ...payload.transcript[1],
            id: 'later',
            msgid: 'later',
            sent_at: '2024-02-22T16:00:00.000Z',
            body: 'Thanks',
            body_plain: 'Thanks',
        });
        await Promise.all([relay.post(payload), relay.post(payload)]);
        await settledMediaJobs(5002);
        expect(
            sandbox.objects('document').filter((d) => d.ul_messageid === '5002.1.900')
        ).toHaveLength(1);
        expect(mediaHits.filter((hit) => hit === '/files/invoice.pdf')).toHaveLength(1);
    });

    it.each([
        [
            5101,
            'a file over the size cap',
            '/files/big.bin',
            undefined,
            'larger than the relay imports (20000 bytes)',
        ],
        [
            5102,
            'a host outside the allowlist',
            '/files/invoice.pdf',
            'evil.example.com',
            'the media host evil.example.com is not an allowed media host',
        ],
        [
            5103,
            'a redirect to loopback',
            '/files/redirect',
            undefined,
            'the media redirect host localhost is not an allowed media host',
        ],
        [
            5104,
            'a download that hangs',
            '/files/hang',
            undefined,
            'the download took longer than 500 ms',
        ],
    ])(
        '%i: refuses %s, writes the conversation, and notes the failure on the object',
        async (id, _case, path, host, reason) => {
            const answer = await relay.post(withMedia(id, path, 'file.bin', host));
            expect(answer.status).toBe(200);
            const { parent, jobs } = await settledMediaJobs(id);
            expect(jobs.map((job) => job.status)).toEqual(['dead']);
            expect(jobs[0]!.lastError).toMatchObject({
                status: 502,
                code: 'media_download_failed',
                message: expect.stringContaining(reason),
            });
            expect(sandbox.objects('document')).toHaveLength(0);
            const failureNote = notesOf(helpdeskOf(id)._id as number).find((note) =>
                note.startsWith(
                    `Userlike conversation ${id}: the file "file.bin" could not be imported as a document (`
                )
            );
            expect(failureNote).toContain(reason);
            expect(mediaHits).not.toContain('/secret');

            const listing = await fetch(`${relay.url}/admin/deliveries/${parent.id}`, {
                headers: { 'x-admin-key': 'admin-media-key-0123456789' },
            });
            expect(await listing.json()).toMatchObject({
                status: 'done',
                outcome: 'partial',
                media: { dead: 1, done: 0 },
            });
        }
    );

    it("keeps the import's own reason when the note about the failure cannot be written either", async () => {
        const answer = await relay.post(withMedia(5105, '/files/hang', 'file.bin'));
        expect(answer.status).toBe(200);
        // The conversation's note is written; the download hangs (500 ms) on both attempts, so the
        // failure note comes a second later: refuse it.
        sandbox.faults.set({
            failNext: { count: 5, status: 400 },
            match: { method: 'POST', pathIncludes: '/limeobject/history/' },
        });
        const { jobs } = await settledMediaJobs(5105);
        expect(jobs.map((job) => job.status)).toEqual(['dead']);
        expect(jobs[0]!.lastError).toMatchObject({
            code: 'media_download_failed',
            message: expect.stringContaining('the download took longer than 500 ms'),
        });
        expect(notesOf(helpdeskOf(5105)._id as number)).toHaveLength(1);
    });

    it('counts a media job on the send that queued it, not on a re-send it was still running for', async () => {
        const first = withMedia(5106, '/files/hang', 'file.bin');
        expect((await relay.post(first)).status).toBe(200);
        // The file's job is running (its download hangs) when the conversation is sent again, changed.
        const again = structuredClone(first);
        again.transcript.push({ ...again.transcript[1], id: '5106.1.901', msgid: '5106.1.901' });
        expect((await relay.post(again)).status).toBe(200);
        const deliveries = (await relay.relay.store.list({ limit: 1000 })).filter(
            (d) => d.conversationId === '5106' && d.kind === 'conversation'
        );
        const mediaJobsOf = (d: (typeof deliveries)[number]) =>
            (d.result as { mediaJobs?: number }).mediaJobs;
        expect(deliveries.map(mediaJobsOf).sort()).toEqual([1, undefined]);
        // Let the hanging job fail for good before the next test injects its faults.
        await expect
            .poll(async () => await relay.relay.store.counts(), { timeout: 15_000 })
            .toMatchObject({ queued: 0, running: 0 });
    });

    it('notes the failure when Lime refuses the file (413)', async () => {
        sandbox.faults.set({
            failNext: { count: 1, status: 413 },
            match: { method: 'POST', pathIncludes: '/file/' },
        });
        await relay.post(withMedia(5201, '/files/invoice.pdf'));
        const { jobs } = await settledMediaJobs(5201);
        expect(jobs.map((job) => job.status)).toEqual(['dead']);
        expect(jobs[0]!.lastError).toMatchObject({
            code: 'lime_rejected',
            message: expect.stringMatching(
                /^Lime rejected the request \(413 on POST \/api\/v1\/file\/\)/
            ),
            lime: { status: 413 },
        });
        expect(notesOf(helpdeskOf(5201)._id as number)).toContainEqual(
            expect.stringContaining('the file "invoice.pdf" could not be imported')
        );
    });

    it('stores the file itself when the media host compresses it', async () => {
        await relay.post(withMedia(5301, '/files/notes.txt', 'notes.txt'));
        const { jobs } = await settledMediaJobs(5301);
        expect(jobs.map((job) => job.status)).toEqual(['done']);
        const [document] = sandbox
            .objects('document')
            .filter((d) => d.ul_messageid === '5301.1.900');
        const contents = await fetch(
            `${sandbox.baseUrl}/api/v1/file/${document!.document}/contents/`,
            { headers: { 'x-api-key': sandbox.apiKey } }
        );
        expect(Buffer.from(await contents.arrayBuffer())).toEqual(TEXT);
    });

    it('keeps a file name outside ASCII intact (RFC 5987 Content-Disposition)', async () => {
        const name = 'Rechnung März 2024 (Kopie) – 100%.pdf';
        await relay.post(withMedia(5302, '/files/invoice.pdf', name));
        await settledMediaJobs(5302);
        const [document] = sandbox
            .objects('document')
            .filter((d) => d.ul_messageid === '5302.1.900');
        expect(document).toMatchObject({ comment: name });
        const metadata = await fetch(`${sandbox.baseUrl}/api/v1/file/${document!.document}/`, {
            headers: { 'x-api-key': sandbox.apiKey },
        });
        expect(await metadata.json()).toMatchObject({ filename: name });
    });

    it('does not create the document twice when the answer to its create was lost', async () => {
        sandbox.faults.set({
            writeThenDrop: 1,
            match: { method: 'POST', pathIncludes: '/limeobject/document/' },
        });
        await relay.post(withMedia(5303, '/files/invoice.pdf'));
        const { jobs } = await settledMediaJobs(5303);
        expect(jobs.map((job) => [job.status, job.attempts])).toEqual([['done', 2]]);
        expect(
            sandbox.objects('document').filter((d) => d.ul_messageid === '5303.1.900')
        ).toHaveLength(1);
        // The retry found the document: the file was fetched once.
        expect(mediaHits.filter((hit) => hit === '/files/invoice.pdf')).toHaveLength(1);
    });
});
