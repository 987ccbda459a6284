import type { HttpClient } from '../platform/platform.types.ts';
import { UnexpectedResponseError } from './lime-records.ts';

/** A belongsto of the history limetype and the limetype it points to. */
interface Relation {
    name: string;
    limetype: string;
}

/**
 * What the view needs to know of the customer's history limetype, read from its metadata once
 * (`GET api/v1/limetype/<history>/?_embed=properties`) instead of being guessed by provoking errors.
 */
export class HistoryModel {
    private readonly relations: Relation[];
    private readonly properties: ReadonlySet<string>;

    public constructor(relations: Relation[], properties: Iterable<string>) {
        this.relations = relations;
        this.properties = new Set(properties);
    }

    /**
     * The belongsto from a note to an object of this limetype: the one named like the limetype (Lime's and
     * Lime Chat's naming) when there are several, else the only one; null when there is none.
     */
    public relationTo(limetype: string): string | null {
        const candidates = this.relations.filter((relation) => relation.limetype === limetype);
        return (
            candidates.find((relation) => relation.name === limetype)?.name ??
            candidates[0]?.name ??
            null
        );
    }

    /** Whether the limetype has a property of this name (e.g. `note`, `date`). */
    public has(property: string): boolean {
        return this.properties.has(property);
    }
}

// Learned once per http service (one web client session) and limetype; a failed read is not kept.
const cache = new WeakMap<HttpClient, Map<string, Promise<HistoryModel>>>();

/** Reads (once, then from the cache) the history limetype's relations and properties. */
export function learnHistoryModel(http: HttpClient, limetype: string): Promise<HistoryModel> {
    let byLimetype = cache.get(http);
    if (!byLimetype) {
        byLimetype = new Map();
        cache.set(http, byLimetype);
    }
    const cached = byLimetype.get(limetype);
    if (cached) {
        return cached;
    }
    const url = `api/v1/limetype/${encodeURIComponent(limetype)}/?_embed=properties`;
    const loading = http.get(url).then((body) => readHistoryModel(body, url));
    byLimetype.set(limetype, loading);
    loading.catch(() => byLimetype.delete(limetype));
    return loading;
}

/** Parses a limetype's metadata: each property's `name`, `type` and `_links.related_type.name`. */
export function readHistoryModel(body: unknown, url: string): HistoryModel {
    const embedded = isRecord(body) ? body._embedded : undefined;
    const list = isRecord(embedded) ? embedded.properties : undefined;
    if (!Array.isArray(list)) {
        throw new UnexpectedResponseError(`Lime's answer to ${url} has no _embedded.properties`);
    }
    const relations: Relation[] = [];
    const names: string[] = [];
    for (const property of list) {
        if (!isRecord(property) || typeof property.name !== 'string') {
            continue;
        }
        names.push(property.name);
        const links = isRecord(property._links) ? property._links : undefined;
        const related = links && isRecord(links.related_type) ? links.related_type : undefined;
        if (
            (property.type === 'belongsto' || property.type === 'hasone') &&
            typeof related?.name === 'string'
        ) {
            relations.push({ name: property.name, limetype: related.name });
        }
    }
    return new HistoryModel(relations, names);
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null;
}
