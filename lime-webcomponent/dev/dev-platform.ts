/**
 * A development implementation of Lime's platform for the harness page: `http` calls the Lime sandbox
 * through the dev server's proxy with URLs relative to the application root (like the web client),
 * `translate` reads the Lime package's `.po` texts (served by the sandbox's stand-in web client),
 * `state.application` gives the chosen language, `notifications` shows toasts in the page.
 */
import type {
    HttpClient,
    HttpOptions,
    LimeWebComponentPlatform,
    NotificationService,
    TranslateService,
} from '../src/platform/platform.types.ts';

/** Languages the harness can switch between. */
export type DevLanguage = 'en' | 'sv';

/** The error Lime's http service throws on 4xx/5xx: the status, and the parsed body as `response`. */
export class HttpResponseError extends Error {
    public override readonly name = 'HttpResponseError';
    public readonly status: number;
    public readonly response: unknown;

    public constructor(status: number, response: unknown) {
        super(`HTTP ${status}`);
        this.status = status;
        this.response = response;
    }
}

/** Creates the platform the harness sets on the component. */
export async function createDevPlatform(options: {
    language: DevLanguage;
    showToast: (message: string) => void;
}): Promise<LimeWebComponentPlatform> {
    const response = await fetch(`/_webclient/translations/${options.language}`);
    const texts = (await response.json()) as Record<string, string>;
    const services: Record<string, unknown> = {
        http: createDevHttp(new URL('/', location.href)),
        translate: createDevTranslate(texts),
        notifications: createDevNotifications(options.showToast),
        'state.application': { getLanguage: () => options.language },
    };
    return {
        type: 'LimeCRMWebClient',
        get: (name) => services[name],
        has: (name) => name in services,
    };
}

/** `http`: fetch against the application root; JSON in and out; throws HttpResponseError on 4xx/5xx. */
export function createDevHttp(applicationRoot: URL): HttpClient {
    const send = async (
        method: string,
        url: string,
        data: object | undefined,
        options: HttpOptions | undefined
    ): Promise<unknown> => {
        const target = new URL(url, applicationRoot);
        for (const [name, value] of Object.entries(options?.params ?? {})) {
            for (const item of Array.isArray(value) ? value : [value]) {
                target.searchParams.append(name, item);
            }
        }
        // A dropped connection rejects here with a TypeError, as in the real browser client [inferred].
        const response = await fetch(target, {
            method,
            headers: {
                accept: 'application/json',
                ...(data === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body: data === undefined ? undefined : JSON.stringify(data),
        });
        const text = await response.text();
        const body = parseBody(text);
        if (!response.ok) {
            throw new HttpResponseError(response.status, body);
        }
        return body;
    };
    return {
        get: (url, options) => send('GET', url, undefined, options),
        post: (url, data, options) => send('POST', url, data ?? {}, options),
    };
}

/** `translate`: the package's texts in one language; returns the key itself when it has no text (like Lime). */
export function createDevTranslate(texts: Record<string, string>): TranslateService {
    return { get: (key) => texts[key] ?? key };
}

function createDevNotifications(showToast: (message: string) => void): NotificationService {
    return {
        notify: (message) => {
            showToast(message);
            return Promise.resolve(false);
        },
    };
}

function parseBody(text: string): unknown {
    if (text === '') {
        return null;
    }
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
