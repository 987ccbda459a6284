/**
 * Minimal local types for the Lime web client's plugin contract.
 *
 * Why local: the installed `@limetech/lime-web-components@2.1.0` ships no `dist/` (nothing to import),
 * and its transitive `@limetech/lime-web-components-interfaces@2.1.0` predates `context.parent`,
 * which a relation tab needs. The shapes below follow lime-crm.md §3.1–§3.4 (v4/v6 interfaces) and
 * declare only what this component uses. Service names are passed as string literals (§3.1) so the
 * bundle does not depend on the package's enum.
 */

/** Where a web component is rendered: an object card, or a list nested in one (`parent`). */
export interface LimeWebComponentContext {
    limetype: string | null;
    id: number | null;
    /** Set for nested contexts; for a relation tab, the card's object [inferred, lime-crm.md §3.1]. */
    parent?: LimeWebComponentContext;
}

/** The service container the web client sets on every root component. */
export interface LimeWebComponentPlatform {
    type?: string;
    get(name: string): unknown;
    has?(name: string): boolean;
}

/** Options accepted by the web client's `http` service (lime-crm.md §3.2). */
export interface HttpOptions {
    params?: Record<string, string | string[]>;
    headers?: Record<string, string | string[]>;
    responseType?: 'text' | 'json' | 'arraybuffer' | 'blob';
}

/**
 * The `http` service: the Lime REST API under the user's session, URLs relative to the application root.
 * It throws an error with `name === 'HttpResponseError'` and `status` on 4xx/5xx (lime-crm.md §3.2).
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
