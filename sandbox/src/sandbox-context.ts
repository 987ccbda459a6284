import type { DataModel } from './data-model.ts';
import type { ObjectStore } from './object-store.ts';

/** Lime user ids of the sandbox's API users, as written to `_createduser` / `_updateduser`. */
export const USER_IDS = { full: 1, restricted: 2, none: 0 } as const;

/** Shared state of one running sandbox, handed to every route. */
export interface SandboxContext {
    model: DataModel;
    store: ObjectStore;
    /** Application name, the first path segment ('lime'). */
    application: string;
    /** 'http://127.0.0.1:PORT/lime', known once the server listens. */
    baseUrl: string;
    maxFileBytes: number;
    /**
     * The most objects one page holds, whatever `_limit` or the query's `limit` asks for (undefined: as
     * asked). Stands in for a Lime whose pages are capped lower than the relay asks.
     */
    pageCap?: number;
}

/** The absolute URL of an API path such as 'limeobject/person/1001/'. */
export function buildApiUrl(context: SandboxContext, path: string): string {
    return `${context.baseUrl}/api/v1/${path}`;
}
