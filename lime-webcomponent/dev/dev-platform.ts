/**
 * A development implementation of Lime's platform for the harness page: `http` calls the Lime sandbox
 * through the dev server's proxy with URLs relative to the application root (like the web client),
 * `translate` reads the component's own string tables, `notifications` shows toasts in the page.
 */
import type {
    HttpClient,
    HttpOptions,
    LimeWebComponentPlatform,
    NotificationService,
    TranslateService,
} from '../src/platform/platform.types.ts';
import { en } from '../src/translations/en.ts';
import { sv } from '../src/translations/sv.ts';

/** Languages the harness can switch between. */
export type DevLanguage = 'en' | 'sv';

/** The error Lime's http service throws on 4xx/5xx (lime-crm.md §3.2). */
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
export function createDevPlatform(options: {
    language: DevLanguage;
    showToast: (message: string) => void;
}): LimeWebComponentPlatform {
    const services: Record<string, unknown> = {
        http: createDevHttp(new URL('/', location.href)),
        translate: createDevTranslate(options.language),
        notifications: createDevNotifications(options.showToast),
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

/** `translate`: the component's tables; returns the key itself when it has no text (like Lime). */
export function createDevTranslate(language: DevLanguage): TranslateService {
    const table: Record<string, string> = language === 'sv' ? sv : en;
    return {
        get: (key, params) => {
            const text = table[key];
            if (text === undefined) {
                return key;
            }
            return text.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
                params && name in params ? String(params[name]) : placeholder
            );
        },
    };
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
