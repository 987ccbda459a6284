import type {
    ApplicationRepository,
    CommandBus,
    ConfigRepository,
    HttpClient,
    LimeObjectRepository,
    LimeWebComponentPlatform,
    NotificationService,
    TranslateService,
} from './platform.types.ts';

/** Thrown when the host's platform lacks a service this package cannot work without. */
export class MissingServiceError extends Error {
    public override readonly name = 'MissingServiceError';
    public readonly serviceName: string;

    public constructor(serviceName: string) {
        super(`The Lime platform has no usable '${serviceName}' service.`);
        this.serviceName = serviceName;
    }
}

/** Returns the platform's `http` service, or throws {@link MissingServiceError}. */
export function getHttp(platform: LimeWebComponentPlatform): HttpClient {
    const service = platform.get('http');
    if (!hasMethods(service, 'get', 'post')) {
        throw new MissingServiceError('http');
    }
    return service as HttpClient;
}

/** The `notifications` service, when the host offers one (toasts are optional). */
export function findNotifications(
    platform: LimeWebComponentPlatform
): NotificationService | undefined {
    return findService<NotificationService>(platform, 'notifications', 'notify');
}

/** The `translate` service, when the host offers one (the built-in English is the fallback). */
export function findTranslate(platform: LimeWebComponentPlatform): TranslateService | undefined {
    return findService<TranslateService>(platform, 'translate', 'get');
}

/** The `commandBus` service, when the host offers one. */
export function findCommandBus(platform: LimeWebComponentPlatform): CommandBus | undefined {
    return findService<CommandBus>(platform, 'commandBus', 'register', 'handle');
}

/** The `state.limeobjects` repository, when the host offers one. */
export function findLimeObjects(
    platform: LimeWebComponentPlatform
): LimeObjectRepository | undefined {
    return findService<LimeObjectRepository>(platform, 'state.limeobjects');
}

/** The `state.application` repository, when the host offers one. */
export function findApplication(
    platform: LimeWebComponentPlatform
): ApplicationRepository | undefined {
    return findService<ApplicationRepository>(platform, 'state.application', 'getLanguage');
}

/** The `state.configs` repository, when the host offers one. */
export function findConfigs(platform: LimeWebComponentPlatform): ConfigRepository | undefined {
    return findService<ConfigRepository>(platform, 'state.configs', 'get');
}

/**
 * A service other than `http` is used only where `platform.has()` reports it, so an older or smaller web
 * client that lacks it (or a `get` that throws for unknown names) never breaks the package. A platform
 * without `has` is asked with `get` alone.
 */
function findService<T>(
    platform: LimeWebComponentPlatform,
    name: string,
    ...methods: string[]
): T | undefined {
    try {
        if (typeof platform.has === 'function' && !platform.has(name)) {
            return undefined;
        }
        const service = platform.get(name);
        return hasMethods(service, ...methods) ? (service as T) : undefined;
    } catch {
        return undefined;
    }
}

function hasMethods(value: unknown, ...methods: string[]): boolean {
    return (
        typeof value === 'object' &&
        value !== null &&
        methods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function')
    );
}
