import { connect } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import {
    formatContentDisposition,
    parseContentDispositionFilename,
} from '../src/content-disposition.ts';
import { readBody, readMessage, useSandbox } from './support/sandbox-test-client.ts';

const { sandbox, client, ids } = await useSandbox({ maxFileBytes: 1024 });

function upload(body: string | Uint8Array, headers: Record<string, string>) {
    return client.request('POST', '/api/v1/file/', { raw: body, headers });
}

describe('file API', () => {
    it('stores raw bytes named by an RFC 5987 filename* and answers 201 with metadata', async () => {
        const name = 'Chat mit Jürgen.txt';
        const response = await upload('hello', {
            'content-type': 'text/plain',
            'content-disposition': `;filename*="UTF-8''${encodeURIComponent(name)}"`,
        });
        expect(response.status).toBe(201);
        const metadata = readBody(response);
        expect(metadata).toMatchObject({
            filename: name,
            size: 5,
            content_type: 'text/plain',
            extension: 'txt',
            created_by: 1,
            locked_by: null,
        });
        const id = metadata.id as number;
        expect(readBody(await client.get(`/api/v1/file/${id}/`))).toEqual(metadata);

        const contents = await client.get(`/api/v1/file/${id}/contents/`);
        expect(contents.status).toBe(200);
        expect(contents.bytes.toString('utf8')).toBe('hello');
        expect(contents.headers.get('content-type')).toContain('text/plain');
        expect(
            parseContentDispositionFilename(contents.headers.get('content-disposition') ?? '')
        ).toBe(name);
    });

    it('accepts a plain attachment; filename="x" and binary content', async () => {
        const bytes = Uint8Array.from([0, 1, 2, 255]);
        const response = await upload(bytes, {
            'content-type': 'image/png',
            'content-disposition': 'attachment; filename="pixel.png"',
        });
        expect(readBody(response)).toMatchObject({
            filename: 'pixel.png',
            size: 4,
            extension: 'png',
        });
        const contents = await client.get(`/api/v1/file/${readBody(response).id}/contents/`);
        expect([...contents.bytes]).toEqual([0, 1, 2, 255]);
    });

    it('lets a document point at an uploaded file, and rejects unknown file ids', async () => {
        const file = readBody(
            await upload('pdf', {
                'content-type': 'application/pdf',
                'content-disposition': 'attachment; filename="a.pdf"',
            })
        );
        const document = await client.post('/api/v1/limeobject/document/', {
            document: file.id,
            type: 'other',
            comment: 'a.pdf',
            helpdesk: ids.helpdeskPrinter,
        });
        expect(document.status).toBe(201);
        expect(readBody(document).document).toBe(file.id);
        const missing = await client.post('/api/v1/limeobject/document/', {
            document: 999999,
            type: 'other',
        });
        expect(missing.status).toBe(400);
        expect(readMessage(missing)).toContain('"document"');
    });

    it('rejects uploads without filename, without Content-Type or without bytes', async () => {
        const noName = await upload('x', { 'content-type': 'text/plain' });
        expect(noName.status).toBe(400);
        expect(readMessage(noName)).toContain('Content-Disposition');
        const empty = await upload('', {
            'content-type': 'text/plain',
            'content-disposition': 'attachment; filename="e.txt"',
        });
        expect(empty.status).toBe(400);
        const noType = await upload(new Uint8Array([1]), {
            'content-disposition': 'attachment; filename="e.bin"',
        });
        expect(noType.status).toBe(400);
        expect(readMessage(noType)).toContain('Content-Type');
    });

    it('rejects a filename* that is not percent-encoded (RFC 5987), accepting what Lime clients send', async () => {
        // Lime's n8n nodes encode with encodeURIComponent, which leaves ' ( ) * ! unencoded: that
        // must work (docs/assumptions.md SB4).
        expect(parseContentDispositionFilename(`;filename*="UTF-8''O'Brien%20(1)*!.pdf"`)).toBe(
            "O'Brien (1)*!.pdf"
        );
        for (const header of [
            "attachment; filename*=UTF-8''J\u00fcrgen.txt",
            "attachment; filename*=UTF-8''chat log.txt",
            "attachment; filename*=UTF-8''100%.txt",
            "attachment; filename*=UTF-8''%E4.txt",
            ';filename*="UTF-8\'\'a"b.txt"',
        ]) {
            expect(parseContentDispositionFilename(header), header).toBeUndefined();
        }
        const raw = await upload('x', {
            'content-type': 'text/plain',
            // What a client sends when it forgets to encode: Latin-1 bytes in the header.
            'content-disposition': "attachment; filename*=UTF-8''J\u00fcrgen.txt",
        });
        expect(raw.status).toBe(400);
        expect(readMessage(raw)).toContain('Content-Disposition');
    });

    it('answers downloads with an RFC 5987 filename* that strict parsers accept', async () => {
        const name = "O'Brien (draft)*.txt";
        const header = formatContentDisposition(name);
        const extended = /filename\*=UTF-8''(.*)$/.exec(header)?.[1] ?? '';
        // RFC 5987 attr-char and pct-encoded only.
        expect(extended).toMatch(/^(?:%[0-9A-F]{2}|[A-Za-z0-9!#$&+\-.^_`|~])+$/);
        expect(parseContentDispositionFilename(header)).toBe(name);
        const file = readBody(
            await upload('x', {
                'content-type': 'text/plain',
                'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
            })
        );
        const contents = await client.get(`/api/v1/file/${file.id}/contents/`);
        expect(contents.headers.get('content-disposition')).toBe(header);
    });

    it('answers 413 above maxFileBytes', async () => {
        const response = await upload(new Uint8Array(1025), {
            'content-type': 'application/octet-stream',
            'content-disposition': 'attachment; filename="big.bin"',
        });
        expect(response.status).toBe(413);
        expect(readMessage(response)).toContain('1024');
    });

    it('answers 404 for unknown files', async () => {
        expect((await client.get('/api/v1/file/999999/')).status).toBe(404);
        expect((await client.get('/api/v1/file/999999/contents/')).status).toBe(404);
    });

    it('parses the Content-Disposition forms Lime clients send', () => {
        expect(parseContentDispositionFilename(';filename*="UTF-8\'\'a%20b.pdf"')).toBe('a b.pdf');
        expect(parseContentDispositionFilename("attachment; filename*=UTF-8''%E2%82%AC.txt")).toBe(
            '€.txt'
        );
        expect(parseContentDispositionFilename('attachment; filename="q\\"uote.txt"')).toBe(
            'q"uote.txt'
        );
        expect(parseContentDispositionFilename('attachment; filename=plain.txt')).toBe('plain.txt');
        expect(parseContentDispositionFilename('attachment')).toBeUndefined();
        expect(
            parseContentDispositionFilename("attachment; filename*=ISO-8859-1''%E4.txt")
        ).toBeUndefined();
    });
});

describe('an upload the client aborts', () => {
    it('is dropped without an error log or stack trace', async () => {
        const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
        try {
            const socket = connect(sandbox.port, '127.0.0.1');
            await new Promise((resolve) => socket.once('connect', resolve));
            socket.write(
                [
                    'POST /lime/api/v1/file/ HTTP/1.1',
                    `Host: 127.0.0.1:${sandbox.port}`,
                    `x-api-key: ${sandbox.apiKey}`,
                    'content-type: text/plain',
                    `content-disposition: ;filename*="UTF-8''aborted.txt"`,
                    'content-length: 100',
                    '',
                    'only part of it',
                ].join('\r\n')
            );
            await expect.poll(() => sandbox.requests().length).toBe(0); // not answered yet
            socket.destroy();
            await new Promise((resolve) => setTimeout(resolve, 100));
            expect(logged).not.toHaveBeenCalled();
        } finally {
            logged.mockRestore();
        }
    });
});
