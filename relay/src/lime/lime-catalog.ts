import type { LimeClient } from './client.ts';
import { LimeError } from '../errors.ts';
import type { Limetype } from './types.ts';

/**
 * Coworkers per query page: what Lime's own n8n nodes ask for. A Lime may answer with fewer than asked
 * (its page cap is undocumented: docs/assumptions.md L1), so a short page is not the end: the list is read
 * until a page is empty. Lime's query answer carries no total to stop at.
 */
export const COWORKER_PAGE_SIZE = 200;

export interface LimeCatalogOptions {
    client: LimeClient;
    /** How long metadata and the coworker list are kept. */
    ttlMs: number;
    now?: () => number;
}

/**
 * Cached reference data of one Lime application: limetype metadata and the coworkers' email → id map.
 * Deliveries read from here instead of asking Lime each time (Lime Cloud allows about 10 requests per second,
 * docs/lime-rest-api.md §6). Concurrent misses share one request; a failed load is not cached.
 */
export interface LimeCatalog {
    /**
     * The limetype's metadata, cached. With `refresh`, read from Lime now; the cache keeps the earlier value
     * until the new one arrives (and when reading it fails).
     */
    limetype(name: string, options?: { refresh?: boolean }): Promise<Limetype>;
    /**
     * The coworker whose `property` equals the email (trimmed, case-insensitive), if any; `unreadable`
     * when the API user may not read the coworker limetype at all (403, remembered for the TTL).
     */
    coworkerId(
        email: string,
        where: { limetype: string; property: string }
    ): Promise<number | undefined | 'unreadable'>;
    /** Whether the API user may read the object; remembered for the TTL. */
    isReadable(limetype: string, id: number): Promise<boolean>;
    clear(): void;
}

export function createLimeCatalog(options: LimeCatalogOptions): LimeCatalog {
    const now = options.now ?? Date.now;
    const entries = new Map<string, { expires: number; value: Promise<unknown> }>();

    function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
        const entry = entries.get(key);
        if (entry && entry.expires > now()) return entry.value as Promise<T>;
        const value = load();
        entries.set(key, { expires: now() + options.ttlMs, value });
        value.catch(() => entries.delete(key));
        return value;
    }

    function refreshed<T>(key: string, load: () => Promise<T>): Promise<T> {
        const value = load();
        value.then(
            () => entries.set(key, { expires: now() + options.ttlMs, value }),
            () => {}
        );
        return value;
    }

    /** The coworkers' email → id map, or null when the API user may not read the limetype (403). */
    async function loadCoworkers(
        limetype: string,
        property: string
    ): Promise<Map<string, number> | null> {
        const byEmail = new Map<string, number>();
        const seen = new Set<number>();
        for (let offset = 0; ;) {
            let page;
            try {
                page = await options.client.query({
                    limetype,
                    responseFormat: { object: { _id: '', [property]: '' } },
                    orderBy: [{ _id: 'ASC' }],
                    limit: COWORKER_PAGE_SIZE,
                    offset,
                });
            } catch (error) {
                if (error instanceof LimeError && error.limeStatus === 403) return null;
                throw error;
            }
            const before = seen.size;
            for (const coworker of page) {
                seen.add(Number(coworker._id));
                const email = coworker[property];
                if (typeof email === 'string' && email.trim()) {
                    byEmail.set(email.trim().toLowerCase(), Number(coworker._id));
                }
            }
            // An empty page is the end. A page with nothing new would be a Lime that ignores the offset:
            // stop rather than ask for ever.
            if (page.length === 0 || seen.size === before) return byEmail;
            offset += page.length;
        }
    }

    return {
        limetype: (name, { refresh = false } = {}) =>
            (refresh ? refreshed : cached)(`limetype:${name}`, () =>
                options.client.getLimetype(name)
            ),
        async coworkerId(email, where) {
            const map = await cached(`coworkers:${where.limetype}.${where.property}`, () =>
                loadCoworkers(where.limetype, where.property)
            );
            return map ? map.get(email.trim().toLowerCase()) : 'unreadable';
        },
        isReadable: (limetype, id) =>
            cached(
                `readable:${limetype}:${id}`,
                async () => (await options.client.getObjectIfReadable(limetype, id)) !== null
            ),
        clear: () => entries.clear(),
    };
}
