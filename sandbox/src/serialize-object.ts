/**
 * Turns stored records into Lime's HAL JSON: property values plus `_id`, `_timestamp`, `_createdtime`,
 * `_createduser`, `_updateduser`, `_descriptive` and `_links` (docs/assumptions.md SB1).
 * belongsto reads back as the integer id (or null), option as `{id, key, text}`, hasmany is not inlined.
 */
import type { LimetypeDefinition, PropertyDefinition } from './data-model.ts';
import type { LimeObjectRecord } from './object-store.ts';
import { buildApiUrl } from './sandbox-context.ts';
import type { SandboxContext } from './sandbox-context.ts';

/** System properties every object has (and that filters, sorting and queries may name). */
export const SYSTEM_PROPERTIES = [
    '_id',
    '_timestamp',
    '_createdtime',
    '_createduser',
    '_updateduser',
    '_descriptive',
] as const;

const DESCRIPTIVE_MAX_LENGTH = 100;

/** How a stored value reads back through the API. */
export function serializeValue(property: PropertyDefinition, value: unknown): unknown {
    if (property.type === 'option') {
        const option = property.options?.find((candidate) => candidate.key === value);
        return option ? { id: option.id, key: option.key, text: option.text } : null;
    }
    return value ?? null;
}

/** `_descriptive`: the limetype's descriptive properties joined, or "<Limetype> <id>". */
export function describeObject(limetype: LimetypeDefinition, record: LimeObjectRecord): string {
    const text = limetype.descriptive
        .map((name) => record[name])
        .filter((value) => value !== null && value !== undefined && value !== '')
        .map(String)
        .join(' ');
    const descriptive = text === '' ? `${limetype.localname.singular} ${record._id}` : text;
    return descriptive.length > DESCRIPTIVE_MAX_LENGTH
        ? `${descriptive.slice(0, DESCRIPTIVE_MAX_LENGTH - 3)}...`
        : descriptive;
}

/** The value of a system property of a record. */
export function readSystemValue(
    limetype: LimetypeDefinition,
    record: LimeObjectRecord,
    name: string
): unknown {
    return name === '_descriptive' ? describeObject(limetype, record) : (record[name] ?? null);
}

/** The HAL `_links` of an object. */
export function buildObjectLinks(
    context: SandboxContext,
    limetype: LimetypeDefinition,
    id: number
): Record<string, { href: string; name?: string }> {
    const self = `limeobject/${limetype.name}/${id}/`;
    const links: Record<string, { href: string; name?: string }> = {
        self: { href: buildApiUrl(context, self) },
        limetype: { href: buildApiUrl(context, `limetype/${limetype.name}/`), name: limetype.name },
    };
    for (const property of limetype.properties) {
        if (property.type === 'belongsto' || property.type === 'hasmany') {
            links[`relation_${property.name}`] = {
                href: buildApiUrl(context, `${self}${property.name}/`),
                name: property.name,
            };
        }
    }
    return links;
}

/** The full HAL object. */
export function serializeObject(
    context: SandboxContext,
    limetype: LimetypeDefinition,
    record: LimeObjectRecord
): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    for (const property of limetype.properties) {
        if (property.type !== 'hasmany') {
            object[property.name] = serializeValue(property, record[property.name]);
        }
    }
    for (const name of SYSTEM_PROPERTIES) {
        object[name] = readSystemValue(limetype, record, name);
    }
    object._links = buildObjectLinks(context, limetype, record._id);
    return object;
}
