import type { HttpClient } from '../src/platform/platform.types.ts';

/** A request the fake received. */
export interface FakeRequest {
    method: 'GET' | 'POST';
    url: string;
    data?: object;
}

/** An answer: a body, or an error to throw. */
export type FakeAnswer = { body: unknown } | { error: unknown };

/**
 * A recording fake of the platform's `http` service for unit tests: `respond(method, url)` decides each
 * answer; unknown requests fail the test loudly with a 404-shaped error.
 */
export function createFakeHttp(respond: (request: FakeRequest) => FakeAnswer | undefined): {
    http: HttpClient;
    requests: FakeRequest[];
} {
    const requests: FakeRequest[] = [];
    const handle = async (request: FakeRequest): Promise<unknown> => {
        requests.push(request);
        await Promise.resolve();
        const answer = respond(request);
        if (!answer) {
            throw createHttpResponseError(404, {
                message: `fake: no route ${request.method} ${request.url}`,
            });
        }
        if ('error' in answer) {
            throw answer.error;
        }
        return structuredClone(answer.body);
    };
    return {
        requests,
        http: {
            get: (url) => handle({ method: 'GET', url }),
            post: (url, data) => handle({ method: 'POST', url, ...(data ? { data } : {}) }),
        },
    };
}

/** An error shaped like the one Lime's http service throws on 4xx/5xx. */
export function createHttpResponseError(status: number, response?: unknown): Error {
    return Object.assign(new Error(`HTTP ${status}`), {
        name: 'HttpResponseError',
        status,
        response,
    });
}

/** A limeobject list body as the REST API returns it. */
export function listBody(objects: object[], next?: string): unknown {
    return { _embedded: { limeobjects: objects }, _links: next ? { next: { href: next } } : {} };
}
