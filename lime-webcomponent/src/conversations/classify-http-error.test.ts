import { describe, expect, it } from 'vitest';
import { createHttpResponseError } from '../testing/fake-http.ts';
import { classifyHttpError } from './classify-http-error.ts';

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

    it("keeps Lime's message from a 4xx body", () => {
        const error = createHttpResponseError(400, { message: 'Unknown property "foo"' });
        expect(classifyHttpError(error)).toEqual({
            kind: 'bad-request',
            status: 400,
            serverMessage: 'Unknown property "foo"',
        });
    });

    it('ignores an HTML error page as a message', () => {
        const error = createHttpResponseError(502, '<html>Bad gateway</html>');
        expect(classifyHttpError(error)).toEqual({ kind: 'server', status: 502 });
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
