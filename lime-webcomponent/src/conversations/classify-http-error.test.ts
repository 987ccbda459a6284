import { describe, expect, it } from 'vitest';
import { createHttpResponseError } from '../../test-support/fake-http.ts';
import { classifyHttpError, readLimeMessage } from './classify-http-error.ts';

describe('classifyHttpError', () => {
    it.each([
        [401, 'forbidden'],
        [403, 'forbidden'],
        [404, 'not-found'],
        [400, 'bad-request'],
        [409, 'bad-request'],
        [500, 'server'],
        [503, 'server'],
    ])('classifies HttpResponseError %i as %s', (status, kind) => {
        expect(classifyHttpError(createHttpResponseError(status))).toEqual({ kind, status });
    });

    it('classifies by status', () => {
        expect(classifyHttpError(createHttpResponseError(400, { message: 'x' }))).toEqual({
            kind: 'bad-request',
            status: 400,
        });
        expect(classifyHttpError(createHttpResponseError(403))).toEqual({
            kind: 'forbidden',
            status: 403,
        });
        expect(classifyHttpError(createHttpResponseError(404))).toEqual({
            kind: 'not-found',
            status: 404,
        });
        expect(classifyHttpError(createHttpResponseError(502))).toEqual({
            kind: 'server',
            status: 502,
        });
    });

    it('treats a failed fetch and status 0 as a network failure', () => {
        expect(classifyHttpError(new TypeError('Failed to fetch'))).toEqual({ kind: 'network' });
        expect(classifyHttpError(createHttpResponseError(0))).toEqual({ kind: 'network' });
    });

    it('recognises an abort', () => {
        const controller = new AbortController();
        controller.abort();
        expect(classifyHttpError(controller.signal.reason)).toEqual({ kind: 'aborted' });
    });

    it('calls anything else unknown', () => {
        expect(classifyHttpError(new Error('boom'))).toEqual({ kind: 'unknown' });
        expect(classifyHttpError('boom')).toEqual({ kind: 'unknown' });
    });
});

describe('readLimeMessage', () => {
    it("reads Lime's message from a fetch Response left unread, as the v6 http service throws it", async () => {
        const response = new Response(JSON.stringify({ message: 'Unknown property "foo"' }), {
            status: 400,
        });
        const error = createHttpResponseError(400, response);
        expect(await readLimeMessage(error)).toBe('Unknown property "foo"');
        // Read through a clone: the response stays readable for anyone else.
        expect(response.bodyUsed).toBe(false);
    });

    it('reads a parsed body, a nested error message, or plain text', async () => {
        expect(await readLimeMessage(createHttpResponseError(400, { message: 'a' }))).toBe('a');
        expect(
            await readLimeMessage(createHttpResponseError(400, { error: { message: 'b' } }))
        ).toBe('b');
        expect(
            await readLimeMessage(
                createHttpResponseError(400, new Response('Not allowed', { status: 403 }))
            )
        ).toBe('Not allowed');
    });

    it('has no message for an HTML page, an empty body, a consumed body or no response', async () => {
        expect(
            await readLimeMessage(createHttpResponseError(502, '<html>Bad gateway</html>'))
        ).toBeUndefined();
        expect(
            await readLimeMessage(createHttpResponseError(500, new Response('')))
        ).toBeUndefined();
        const consumed = new Response('gone');
        await consumed.text();
        expect(await readLimeMessage(createHttpResponseError(500, consumed))).toBeUndefined();
        expect(await readLimeMessage(new TypeError('Failed to fetch'))).toBeUndefined();
    });

    it('cuts a long message', async () => {
        const message = 'x'.repeat(1000);
        expect(await readLimeMessage(createHttpResponseError(400, { message }))).toHaveLength(300);
    });
});
