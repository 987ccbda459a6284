import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
    describeError,
    errorAnswer,
    InvalidPayloadError,
    isRetryable,
    MediaDownloadError,
    NoMatchingInstanceError,
} from './errors.ts';
import { limeErrorFromNetwork, limeErrorFromResponse } from './lime/errors.ts';

const request = { method: 'post', path: '/api/v1/limeobject/helpdesk/' };

describe('describeError', () => {
    it.each([
        [429, 503, 'lime_rate_limited', true],
        [401, 502, 'lime_unauthorized', false],
        [403, 502, 'lime_forbidden', false],
        [408, 503, 'lime_unavailable', true],
        [502, 503, 'lime_unavailable', true],
        [503, 503, 'lime_unavailable', true],
        [504, 503, 'lime_unavailable', true],
        [500, 502, 'lime_error', true],
        [400, 502, 'lime_rejected', false],
        [404, 502, 'lime_rejected', false],
    ])(
        'answers Lime’s %i with %i %s, keeping Lime’s status and message',
        (limeStatus, status, code, retryable) => {
            const error = limeErrorFromResponse(
                request,
                limeStatus,
                { message: 'Lime  says\nno' },
                undefined
            );
            expect(describeError(error)).toEqual({
                status,
                code,
                message: error.message,
                retryable,
                lime: { status: limeStatus, message: 'Lime says no' },
            });
        }
    );

    it('answers 503 when Lime did not answer, with no status of Lime’s', () => {
        const error = limeErrorFromNetwork(request, 'timeout', undefined);
        expect(describeError(error)).toEqual({
            status: 503,
            code: 'lime_unavailable',
            message:
                'Lime did not answer POST /api/v1/limeobject/helpdesk/ (timeout); the relay retries later.',
            retryable: true,
            lime: { status: null },
        });
        expect(error.summary).toBe(
            'Lime did not answer POST /api/v1/limeobject/helpdesk/ (timeout)'
        );
    });

    it('keeps Retry-After and whether a write may have been applied on the error', () => {
        expect(limeErrorFromResponse({ method: 'get', path: '/x/' }, 429, '', '7')).toMatchObject({
            retryAfterMs: 7000,
            outcomeUnknown: false,
            limeStatus: 429,
        });
        expect(limeErrorFromNetwork(request, 'reset', undefined).outcomeUnknown).toBe(true);
        expect(
            limeErrorFromNetwork({ method: 'get', path: '/x/' }, 'reset', undefined).outcomeUnknown
        ).toBe(false);
    });

    it('answers a media download failure with 502, as retryable as the error says', () => {
        expect(describeError(new MediaDownloadError('the media host answered 503', true))).toEqual({
            status: 502,
            code: 'media_download_failed',
            message: 'the media host answered 503',
            retryable: true,
        });
        expect(isRetryable(new MediaDownloadError('too large', false))).toBe(false);
    });

    it('answers the relay’s own errors with their status, never retryable', () => {
        expect(describeError(new NoMatchingInstanceError('No instance.'))).toEqual({
            status: 422,
            code: 'no_matching_instance',
            message: 'No instance.',
            retryable: false,
        });
    });

    it('answers anything unexpected with 500 internal_error naming the error, cut short', () => {
        const report = describeError(new TypeError(`x is undefined ${'!'.repeat(1000)}`));
        expect(report).toMatchObject({ status: 500, code: 'internal_error', retryable: true });
        expect(report.message).toMatch(/^TypeError: x is undefined !+$/);
        expect(report.message).toHaveLength(500);
        // A stored payload that does not parse never will.
        expect(describeError(new SyntaxError('Unexpected token')).retryable).toBe(false);
        expect(isRetryable(z.number().safeParse('x').error)).toBe(false);
    });
});

describe('errorAnswer', () => {
    it('renders a report as the status and {"error": {code, message}}, with extra fields', () => {
        expect(
            errorAnswer(describeError(new InvalidPayloadError('Not one.')), { id: 'd' })
        ).toEqual({
            status: 400,
            body: { error: { code: 'invalid_payload', message: 'Not one.', id: 'd' } },
        });
    });
});
