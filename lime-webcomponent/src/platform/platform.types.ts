/**
 * Minimal local types for the Lime web client's plugin contract.
 *
 * Why local: the `@limetech/lime-web-components` on the npm registry stops at 2.1.0 (2019) and ships no
 * `dist/`; its `-interfaces` package predates `context.parent`, the command bus's `getHandler` and the
 * v6 repositories. The shapes below follow Lime's v6 API documentation (docs/lime-web-client.md lists
 * the sources) and declare only what this package uses. Service names are passed as string literals so
 * the bundle does not depend on Lime's enum.
 */

/** Where a web component is rendered: an object card, or a list nested in one (`parent`). */
export interface LimeWebComponentContext {
    limetype: string | null;
    id: number | null;
    /** Set for nested contexts; for a relation tab, the card's object (docs/assumptions.md, A7). */
    parent?: LimeWebComponentContext;
}

/** The service container the web client sets on every root component. */
export interface LimeWebComponentPlatform {
    type?: string;
    get(name: string): unknown;
    /** Whether the web client offers a service; older or smaller clients lack some. */
    has?(name: string): boolean;
}

/** Options accepted by the web client's `http` service. */
export interface HttpOptions {
    params?: Record<string, string | string[]>;
    headers?: Record<string, string | string[]>;
    responseType?: 'text' | 'json' | 'arraybuffer' | 'blob';
}

/**
 * The `http` service: the Lime REST API under the user's session, URLs relative to the application root.
 * It throws an error with `name === 'HttpResponseError'`, `status` and `response` on 4xx/5xx.
 */
export interface HttpClient {
    get(url: string, options?: HttpOptions): Promise<unknown>;
    post(url: string, data?: object, options?: HttpOptions): Promise<unknown>;
}

/** The `notifications` service; only `notify` (a toast) is used. */
export interface NotificationService {
    notify(
        message: string,
        options?: { timeout?: number; dismissible?: boolean }
    ): Promise<unknown>;
}

/** The `translate` service: returns the key itself when it has no text for it. */
export interface TranslateService {
    get(key: string, params?: Record<string, unknown>): string;
}

/** A command class: the bus matches commands by the class's static `commandId`. */
export interface CommandClass {
    new (...args: never[]): object;
    commandId?: string;
}

/** What the command bus calls to run a command. */
export interface CommandHandler {
    handle(command: object): unknown;
}

/** The `commandBus` service (v6 `CommandBus`; `getHandler` is in v6 and absent before). */
export interface CommandBus {
    register(commandClass: CommandClass, handler: CommandHandler): void;
    handle(command: object): unknown;
    isSupported?(commandId: CommandClass | string): boolean;
    getHandler?(commandClass: CommandClass): CommandHandler | undefined;
}

/** The `state.limeobjects` repository, as far as a refresh after a write needs it. */
export interface LimeObjectRepository {
    loadObject?(limetype: string, id: number): unknown;
    loadRelations?(
        limetype: string,
        id: number,
        property: string,
        options?: { limit?: number; offset?: number }
    ): unknown;
    /** Deprecated in v4, kept by some clients: reloads an object and the views showing it. */
    reloadObject?(limetype: string, id: number): unknown;
}

/** The `state.application` repository: the user's language. */
export interface ApplicationRepository {
    getLanguage(): string;
}

/** The `state.configs` repository: configuration by key. */
export interface ConfigRepository {
    get(key: string): unknown;
    has?(key: string): boolean;
}
