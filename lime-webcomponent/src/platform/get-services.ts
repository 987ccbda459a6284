import type {
    HttpClient,
    LimeWebComponentPlatform,
    NotificationService,
    TranslateService,
} from './platform.types.ts';

/** Thrown when the host's platform lacks a service this component cannot work without. */
export class MissingServiceError extends Error {
    public override readonly name = 'MissingServiceError';
    public readonly serviceName: string;

    public constructor(serviceName: string) {
        super(`The Lime platform has no usable '${serviceName}' service.`);
        this.serviceName = serviceName;
    }
}

function hasMethod(value: unknown, method: string): boolean {
    return (
        typeof value === 'object' &&
        value !== null &&
        typeof (value as Record<string, unknown>)[method] === 'function'
    );
}

/** Returns the platform's `http` service, or throws {@link MissingServiceError}. */
export function getHttp(platform: LimeWebComponentPlatform): HttpClient {
    const service = platform.get('http');
    if (!hasMethod(service, 'get') || !hasMethod(service, 'post')) {
        throw new MissingServiceError('http');
    }
    return service as HttpClient;
}

/** Returns the `notifications` service, or undefined when the host has none (toasts are optional). */
export function findNotifications(
    platform: LimeWebComponentPlatform
): NotificationService | undefined {
    const service = safeGet(platform, 'notifications');
    return hasMethod(service, 'notify') ? (service as NotificationService) : undefined;
}

/** Returns the `translate` service, or undefined (the English strings are the fallback). */
export function findTranslate(platform: LimeWebComponentPlatform): TranslateService | undefined {
    const service = safeGet(platform, 'translate');
    return hasMethod(service, 'get') ? (service as TranslateService) : undefined;
}

// Some platform implementations throw for unknown names instead of returning undefined.
function safeGet(platform: LimeWebComponentPlatform, name: string): unknown {
    try {
        return platform.get(name);
    } catch {
        return undefined;
    }
}
