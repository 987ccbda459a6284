import type { HttpClient } from '../src/platform/platform.types.ts';

/**
 * The platform's `http` service for unit tests against the Lime sandbox: URLs relative to the application
 * root, the user's key in `x-api-key`, JSON in and out, and on 4xx/5xx an error shaped like the web
 * client's `HttpResponseError` (`status`, and the fetch `Response` with its body unread).
 */
export function createSandboxHttp(baseUrl: string, apiKey: string): HttpClient {
    const root = new URL(`${baseUrl}/`);
    const send = async (method: string, url: string, data?: object): Promise<unknown> => {
        const response = await fetch(new URL(url, root), {
            method,
            headers: {
                accept: 'application/json',
                'x-api-key': apiKey,
                ...(data === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body: data === undefined ? undefined : JSON.stringify(data),
        });
        if (!response.ok) {
            throw Object.assign(new Error(`HTTP ${response.status}`), {
                name: 'HttpResponseError',
                status: response.status,
                response,
            });
        }
        const text = await response.text();
        return text === '' ? null : (JSON.parse(text) as unknown);
    };
    return {
        get: (url) => send('GET', url),
        post: (url, data) => send('POST', url, data ?? {}),
    };
}
