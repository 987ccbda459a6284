import { describe, expect, it } from 'vitest';
import { answerOf, eventAnswerOf } from './answer.ts';

const url = 'https://lime.example.com/app/client/object/helpdesk/7';
const rejected = {
    status: 502,
    code: 'lime_rejected',
    message: 'Lime rejected it.',
    retryable: false,
    lime: { status: 400, message: 'no' },
    gaveUp: 'gave up after 5 attempts (limit 5)',
};
const filtered = { status: 422, code: 'filtered', message: 'Not sent.', retryable: false };

describe('answerOf', () => {
    it('renders each outcome as the webhook answer (a failure as its last error alone)', () => {
        expect(
            answerOf({ kind: 'written', id: 'd1', result: { url, objectId: 7 }, unchanged: false })
        ).toEqual({ status: 200, body: { url } });
        expect(answerOf({ kind: 'queued', id: 'd1' })).toEqual({
            status: 202,
            body: { status: 'queued', id: 'd1' },
        });
        expect(answerOf({ kind: 'failed', id: 'd1', error: rejected })).toEqual({
            status: 502,
            body: {
                error: { code: 'lime_rejected', message: 'Lime rejected it.', deliveryId: 'd1' },
            },
        });
        expect(answerOf({ kind: 'refused', id: 'd1', error: filtered })).toEqual({
            status: 422,
            body: { error: { code: 'filtered', message: 'Not sent.', deliveryId: 'd1' } },
        });
    });
});

describe('eventAnswerOf', () => {
    it('answers every accepted event with 200, saying how it stands', () => {
        expect(
            eventAnswerOf({ kind: 'written', id: 'd1', result: { url }, unchanged: true })
        ).toEqual({ status: 200, body: { status: 'sent', url } });
        expect(eventAnswerOf({ kind: 'queued', id: 'd1' })).toEqual({
            status: 200,
            body: { status: 'queued', id: 'd1' },
        });
        expect(eventAnswerOf({ kind: 'refused', id: 'd1', error: filtered })).toEqual({
            status: 200,
            body: {
                status: 'failed',
                error: { code: 'filtered', message: 'Not sent.', deliveryId: 'd1' },
            },
        });
    });
});
