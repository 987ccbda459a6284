/**
 * The list answer of `GET /limeobject/{lt}/` and `GET /limeobject/{lt}/{id}/{relation}/`:
 * equality filters by property name, `_limit`, `_offset`, `_sort`, `_embed`, HAL paging links.
 *
 * Assumptions (undocumented in Lime): `_limit` defaults to 10 and may be at most 500; a larger
 * value is a 400 rather than silently capped.
 */
import type { LimetypeDefinition } from './data-model.ts';
import { compareRecords, coerceOperand, readComparable, requireField } from './compare-values.ts';
import type { FieldReference } from './compare-values.ts';
import { canRead } from './lime-objects.ts';
import type { LimeObjectRecord } from './object-store.ts';
import { readIntegerParameter } from './read-query-parameters.ts';
import { buildApiUrl } from './sandbox-context.ts';
import type { SandboxContext } from './sandbox-context.ts';
import { badRequest } from './sandbox-error.ts';
import { serializeObject } from './serialize-object.ts';
import type { KeyRole } from './validate-values.ts';

/** Control parameters the list endpoints accept. */
export const LIST_CONTROLS = ['_limit', '_offset', '_sort', '_embed'] as const;

/** Default and maximum page size (assumptions). */
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 500;

interface SortKey {
    field: FieldReference;
    descending: boolean;
}

function readSortKeys(limetype: LimetypeDefinition, text: string | undefined): SortKey[] {
    if (text === undefined || text === '') {
        return [];
    }
    return text.split(',').map((part) => {
        const descending = part.startsWith('-');
        return { field: requireField(limetype, descending ? part.slice(1) : part), descending };
    });
}

function readEmbeds(limetype: LimetypeDefinition, text: string | undefined): string[] {
    if (text === undefined || text === '') {
        return [];
    }
    return text.split(',').map((name) => {
        const property = limetype.properties.find((candidate) => candidate.name === name);
        if (!property || property.type !== 'belongsto') {
            throw badRequest(`_embed: "${name}" is not a belongsto relation of ${limetype.name}`);
        }
        return name;
    });
}

function buildHref(path: string, parameters: Map<string, string>): string {
    const search = new URLSearchParams([...parameters.entries()]).toString();
    return search === '' ? path : `${path}?${search}`;
}

/** Serialises one object with the requested belongsto objects in `_embedded.relation_<prop>`. */
function serializeWithEmbeds(
    context: SandboxContext,
    role: KeyRole,
    limetype: LimetypeDefinition,
    record: LimeObjectRecord,
    embeds: string[]
): Record<string, unknown> {
    const object = serializeObject(context, limetype, record);
    if (embeds.length === 0) {
        return object;
    }
    const embedded: Record<string, unknown> = {};
    for (const name of embeds) {
        const property = limetype.properties.find((candidate) => candidate.name === name);
        const relatedName = property?.relatedLimetype ?? '';
        const related = context.model.findLimetype(relatedName);
        const id = record[name];
        const target = typeof id === 'number' ? context.store.get(relatedName, id) : undefined;
        embedded[`relation_${name}`] =
            related && target && canRead(context, role, relatedName, target._id)
                ? serializeObject(context, related, target)
                : null;
    }
    object._embedded = embedded;
    return object;
}

/**
 * Filters, sorts, pages and serialises `records` (all of one limetype). `path` is the API path
 * after /api/v1/ used for the `self` and `next` links; `parameters` were checked by the caller.
 */
export function listObjects(
    context: SandboxContext,
    role: KeyRole,
    limetype: LimetypeDefinition,
    records: LimeObjectRecord[],
    parameters: Map<string, string>,
    path: string
): Record<string, unknown> {
    const limit = Math.min(
        readIntegerParameter(parameters, '_limit', DEFAULT_LIMIT, 1, MAX_LIMIT),
        context.pageCap ?? MAX_LIMIT
    );
    const offset = readIntegerParameter(parameters, '_offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const sortKeys = readSortKeys(limetype, parameters.get('_sort'));
    const embeds = readEmbeds(limetype, parameters.get('_embed'));
    const filters = [...parameters.entries()]
        .filter(([name]) => !name.startsWith('_'))
        .map(([name, text]) => {
            const field = requireField(limetype, name);
            return { field, operand: coerceOperand(field, text) };
        });

    const matching = records
        .filter((record) => canRead(context, role, limetype.name, record._id))
        .filter((record) =>
            filters.every(
                ({ field, operand }) => readComparable(limetype, field, record) === operand
            )
        )
        .sort(compareRecords(limetype, sortKeys));

    const page = matching.slice(offset, offset + limit);
    const url = buildApiUrl(context, path);
    const links: Record<string, { href: string }> = { self: { href: buildHref(url, parameters) } };
    if (offset + limit < matching.length) {
        const next = new Map(parameters);
        next.set('_offset', String(offset + limit));
        links.next = { href: buildHref(url, next) };
    }
    return {
        _embedded: {
            limeobjects: page.map((record) =>
                serializeWithEmbeds(context, role, limetype, record, embeds)
            ),
        },
        _links: links,
    };
}
