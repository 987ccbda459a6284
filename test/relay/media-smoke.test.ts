/**
 * The media smoke test an operator runs before go-live, as a black box: the relay started with `npm start`
 * (a real child process), `media.resolve` pointing a media host name at a stand-in HTTPS media server on
 * 127.0.0.1, and the stand-in's own certificate authority trusted through NODE_EXTRA_CA_CERTS. A
 * conversation with a file in it ends as a document in the Lime sandbox. The certificate and the allowlist
 * still count: every other rule of media downloads holds.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMediaDownload } from '../../relay/src/media/download-media.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/src/start-sandbox.ts';
import { createTestCertificates } from '../support/test-certificates.ts';
import { startRelayProcess, type RelayProcess } from './support/relay-process.ts';
import { conversationWithMedia, RELAY_API_KEY } from './support/start-relay.ts';

const MEDIA_HOST = 'media.smoke.test';
const FILE = Buffer.from('%PDF-1.4 the contract the contact sent\n'.repeat(30));

let dir: string;
let caPath: string;
let media: Server;
let mediaPort = 0;
const mediaHits: string[] = [];
let sandbox: RunningSandbox;
let relay: RelayProcess | undefined;

beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relay-media-smoke-'));
    const certificates = await createTestCertificates([MEDIA_HOST]);
    caPath = join(dir, 'stand-in-ca.pem');
    writeFileSync(caPath, certificates.caPem);
    media = createServer(
        { cert: certificates.certPem, key: certificates.keyPem },
        (request, response) => {
            mediaHits.push(request.url ?? '');
            if (request.url === '/files/contract.pdf') {
                response.writeHead(200, {
                    'content-type': 'application/pdf',
                    'content-length': String(FILE.length),
                });
                response.end(FILE);
            } else if (request.url === '/files/elsewhere') {
                // Not a named host: the private-address check applies to it as before.
                response.writeHead(302, {
                    location: `https://localhost:${mediaPort}/files/contract.pdf`,
                });
                response.end();
            } else {
                response.writeHead(404);
                response.end();
            }
        }
    );
    media.listen(0, '127.0.0.1');
    await new Promise((resolve) => media.once('listening', resolve));
    mediaPort = (media.address() as AddressInfo).port;
    sandbox = await startSandbox();

    const config = parseYaml(
        readFileSync(new URL('../../relay/config.example.yaml', import.meta.url), 'utf8')
    );
    config.delivery = { store: join(dir, 'relay.sqlite') };
    config.tenants.default.media = {
        enabled: true,
        allowedHosts: [MEDIA_HOST, 'localhost'],
        resolve: { [MEDIA_HOST]: '127.0.0.1' },
    };
    const configPath = join(dir, 'relay.yaml');
    writeFileSync(configPath, stringifyYaml(config));
    relay = await startRelayProcess({
        command: 'npm start',
        configPath,
        env: {
            NODE_EXTRA_CA_CERTS: caPath,
            LIME_BASE_URL: sandbox.baseUrl,
            LIME_API_KEY: sandbox.apiKey,
            RELAY_API_KEY,
            LOG_LEVEL: 'info',
        },
    });
}, 60_000);
afterAll(async () => {
    await relay?.kill('SIGTERM');
    await sandbox?.close();
    media?.closeAllConnections();
    media?.close();
});

async function send(payload: unknown): Promise<number> {
    const response = await fetch(`${relay!.url}/userlike/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': RELAY_API_KEY },
        body: JSON.stringify(payload),
    });
    return response.status;
}

async function waitFor<T>(read: () => T | undefined, timeoutMs = 15_000): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = read();
        if (value !== undefined || Date.now() > deadline) return value;
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

describe('media smoke test through npm start (media.resolve)', () => {
    it('warns at start-up that media.resolve is set, naming the hosts', () => {
        const warning = relay!
            .stdout()
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as Record<string, unknown>)
            .find((line) => String(line.msg).startsWith('media.resolve is set'));
        expect(warning).toMatchObject({
            level: 40,
            tenant: 'default',
            resolve: { [MEDIA_HOST]: '127.0.0.1' },
        });
    });

    it('imports a file from the stand-in media server as a document in Lime', async () => {
        const id = 8_501;
        const url = `https://${MEDIA_HOST}:${mediaPort}/files/contract.pdf`;
        expect(await send(conversationWithMedia(id, url, 'contract.pdf'))).toBe(200);
        const document = await waitFor(() =>
            sandbox.objects('document').find((d) => d.ul_messageid === `${id}.1.900`)
        );
        expect(document).toMatchObject({ comment: 'contract.pdf', type: 'other' });
        const contents = await fetch(
            `${sandbox.baseUrl}/api/v1/file/${document!.document}/contents/`,
            { headers: { 'x-api-key': sandbox.apiKey } }
        );
        expect(Buffer.from(await contents.arrayBuffer())).toEqual(FILE);
        expect(mediaHits).toContain('/files/contract.pdf');
    });

    it('still refuses what every other rule refuses: an unnamed internal host, on a redirect too', async () => {
        const id = 8_502;
        const url = `https://${MEDIA_HOST}:${mediaPort}/files/elsewhere`;
        mediaHits.length = 0;
        expect(await send(conversationWithMedia(id, url, 'elsewhere.pdf'))).toBe(200);
        const note = await waitFor(() =>
            sandbox
                .objects('history')
                .map((h) => String(h.note))
                .find((text) => text.startsWith(`Userlike conversation ${id}: the file`))
        );
        expect(note).toContain(
            'the media host localhost resolves to a private or internal address (127.0.0.1)'
        );
        expect(mediaHits).toEqual(['/files/elsewhere']);
    });

    it("checks the stand-in's certificate: a process that does not trust its CA refuses it", async () => {
        // This test process has no NODE_EXTRA_CA_CERTS: the same download fails on the certificate.
        const error = await openMediaDownload(
            `https://${MEDIA_HOST}:${mediaPort}/files/contract.pdf`,
            {
                allowedHosts: [MEDIA_HOST],
                maxBytes: 100_000,
                timeoutMs: 5_000,
                maxRedirects: 0,
                resolve: { [MEDIA_HOST]: '127.0.0.1' },
            }
        ).then(
            () => undefined,
            (failure: unknown) => failure as Error
        );
        expect(error?.message).toMatch(
            /^the media host's TLS certificate could not be verified \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)$/
        );
    });
});
