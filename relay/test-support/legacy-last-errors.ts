import type { ErrorReport } from '../src/errors.ts';

/**
 * Last errors as the journal stored them before version 7 (text), with the delivery's status, and the
 * report version 7 turns each into. Both stores' migration tests insert these and read them back.
 */
export const LEGACY_LAST_ERRORS: readonly {
    id: string;
    status: 'queued' | 'dead' | 'refused';
    text: string;
    report: ErrorReport;
}[] = [
    {
        id: 'refused',
        status: 'refused',
        text: '422 no_matching_instance: No instance is configured for "Spam".',
        report: {
            status: 422,
            code: 'no_matching_instance',
            message: 'No instance is configured for "Spam".',
            retryable: false,
        },
    },
    {
        id: 'retrying',
        status: 'queued',
        text: '503 lime_unavailable: Lime is unavailable (503 on GET /api/v1/limetype/helpdesk/); the relay retries later.',
        report: {
            status: 503,
            code: 'lime_unavailable',
            message:
                'Lime is unavailable (503 on GET /api/v1/limetype/helpdesk/); the relay retries later.',
            retryable: true,
        },
    },
    {
        id: 'gave-up',
        status: 'dead',
        text: 'gave up after 5 attempts (limit 5); last error: 502 lime_error: Lime failed (500 on POST /api/v1/limeobject/history/): boom.',
        report: {
            status: 502,
            code: 'lime_error',
            message: 'Lime failed (500 on POST /api/v1/limeobject/history/): boom.',
            retryable: true,
            gaveUp: 'gave up after 5 attempts (limit 5)',
        },
    },
    {
        id: 'too-old',
        status: 'dead',
        text: "gave up after 2 attempts: the next attempt would be later than 1 h after receipt (or redrive); last error: 503 lime_rate_limited: Lime's rate limit was reached (GET /api/v1/limeobject/person/); the relay retries later.",
        report: {
            status: 503,
            code: 'lime_rate_limited',
            message:
                "Lime's rate limit was reached (GET /api/v1/limeobject/person/); the relay retries later.",
            retryable: true,
            gaveUp: 'gave up after 2 attempts: the next attempt would be later than 1 h after receipt (or redrive)',
        },
    },
    {
        id: 'unfinished',
        status: 'dead',
        text: 'gave up after 3 attempts (limit 3); the last did not finish (its worker stopped, crashed or lost the lease)',
        report: {
            status: 500,
            code: 'internal_error',
            message: 'the last did not finish (its worker stopped, crashed or lost the lease)',
            retryable: true,
            gaveUp: 'gave up after 3 attempts (limit 3)',
        },
    },
    {
        id: 'handed-back',
        status: 'queued',
        text: 'The worker stopped before the delivery finished.',
        report: {
            status: 500,
            code: 'internal_error',
            message: 'The worker stopped before the delivery finished.',
            retryable: true,
        },
    },
    {
        id: 'unexpected',
        status: 'dead',
        text: '500 internal_error: TypeError: x is not a function\nat line 2',
        report: {
            status: 500,
            code: 'internal_error',
            message: 'TypeError: x is not a function\nat line 2',
            retryable: false,
        },
    },
];
