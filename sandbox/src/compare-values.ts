/**
 * Comparison rules shared by list filters, sorting and the query API.
 *
 * Assumption: Lime runs on SQL Server with its default case-insensitive collation, and SQL Server
 * ignores trailing spaces in `=` comparisons; so text compares case-insensitively and without
 * trailing spaces (the relay must not rely on exact-case matches).
 */
import { TEXT_TYPES } from './data-model.ts';
import type { LimetypeDefinition, PropertyDefinition } from './data-model.ts';
import type { LimeObjectRecord } from './object-store.ts';
import { badRequest } from './sandbox-error.ts';
import { readSystemValue } from './serialize-object.ts';
import { parseIsoTime } from './validate-values.ts';

/** How values of a field are compared. */
export type ValueKind = 'text' | 'number' | 'boolean' | 'time' | 'option' | 'relation';

/** A property or system property that can be filtered and sorted on. */
export interface FieldReference {
    name: string;
    kind: ValueKind;
    property?: PropertyDefinition;
}

/** A normalised value: text lower-cased without trailing spaces, time as epoch milliseconds. */
export type Comparable = string | number | boolean | null;

const SYSTEM_KINDS: Record<string, ValueKind> = {
    _id: 'number',
    _timestamp: 'time',
    _createdtime: 'time',
    _createduser: 'number',
    _updateduser: 'number',
    _descriptive: 'text',
};

function readKind(property: PropertyDefinition): ValueKind {
    if (TEXT_TYPES.has(property.type)) {
        return 'text';
    }
    switch (property.type) {
        case 'yesno':
            return 'boolean';
        case 'time':
            return 'time';
        case 'option':
            return 'option';
        case 'belongsto':
            return 'relation';
        default:
            return 'number';
    }
}

/** The field, or a 400 naming it (hasmany relations cannot be compared). */
export function requireField(limetype: LimetypeDefinition, name: string): FieldReference {
    const systemKind = SYSTEM_KINDS[name];
    if (systemKind) {
        return { name, kind: systemKind };
    }
    const property = limetype.properties.find((candidate) => candidate.name === name);
    if (!property) {
        throw badRequest(`${limetype.name} has no property "${name}"`);
    }
    if (property.type === 'hasmany') {
        throw badRequest(
            `property "${name}" of ${limetype.name} is a hasmany relation and cannot be filtered or sorted on`
        );
    }
    return { name, kind: readKind(property), property };
}

/** Normalises text the way the assumed SQL Server collation compares it. */
export function normalizeText(value: string): string {
    return value.replace(/ +$/, '').toLowerCase();
}

/** The comparable form of a stored value. */
export function readComparable(
    limetype: LimetypeDefinition,
    field: FieldReference,
    record: LimeObjectRecord
): Comparable {
    const value = field.property
        ? record[field.name]
        : readSystemValue(limetype, record, field.name);
    if (value === null || value === undefined) {
        return null;
    }
    switch (field.kind) {
        case 'text':
            return normalizeText(String(value));
        case 'time':
            return Date.parse(String(value));
        default:
            return value as Comparable;
    }
}

function coerceNumber(field: FieldReference, raw: unknown): number | null {
    if (raw === null || raw === '') {
        return null;
    }
    const number = typeof raw === 'string' ? Number(raw.trim()) : raw;
    if (typeof number !== 'number' || !Number.isFinite(number)) {
        throw badRequest(`"${field.name}" compares numbers, got ${JSON.stringify(raw)}`);
    }
    return number;
}

/** The comparable form of a filter operand (a query-string text or a JSON value). */
export function coerceOperand(field: FieldReference, raw: unknown): Comparable {
    switch (field.kind) {
        case 'text':
            if (raw === null) {
                return null;
            }
            if (typeof raw !== 'string' && typeof raw !== 'number') {
                throw badRequest(`"${field.name}" compares text, got ${JSON.stringify(raw)}`);
            }
            return normalizeText(String(raw));
        case 'number':
        case 'relation':
            return coerceNumber(field, raw);
        case 'boolean':
            if (raw === true || raw === 'true' || raw === '1' || raw === 1) {
                return true;
            }
            if (raw === false || raw === 'false' || raw === '0' || raw === 0) {
                return false;
            }
            throw badRequest(
                `"${field.name}" is yesno and compares true or false, got ${JSON.stringify(raw)}`
            );
        case 'time': {
            if (raw === null || raw === '') {
                return null;
            }
            const parsed = typeof raw === 'string' ? parseIsoTime(raw) : undefined;
            if (parsed === undefined) {
                throw badRequest(
                    `"${field.name}" compares ISO-8601 times, got ${JSON.stringify(raw)}`
                );
            }
            return Date.parse(parsed);
        }
        case 'option': {
            if (raw === null || raw === '') {
                return null;
            }
            const keys = field.property?.options?.map((option) => option.key) ?? [];
            if (typeof raw !== 'string' || !keys.includes(raw)) {
                throw badRequest(
                    `"${field.name}" compares option keys (${keys.join(', ')}), got ${JSON.stringify(raw)}`
                );
            }
            return raw;
        }
    }
}

/** Compares records by sort keys in order (each ascending or descending), then by `_id`. */
export function compareRecords(
    limetype: LimetypeDefinition,
    keys: readonly { field: FieldReference; descending: boolean }[]
): (a: LimeObjectRecord, b: LimeObjectRecord) => number {
    return (a, b) => {
        for (const { field, descending } of keys) {
            const order = compareComparables(
                readComparable(limetype, field, a),
                readComparable(limetype, field, b)
            );
            if (order !== 0) {
                return descending ? -order : order;
            }
        }
        return a._id - b._id;
    };
}

/** Orders two comparables; null sorts first. */
export function compareComparables(a: Comparable, b: Comparable): number {
    if (a === b) {
        return 0;
    }
    if (a === null) {
        return -1;
    }
    if (b === null) {
        return 1;
    }
    if (typeof a === 'number' && typeof b === 'number') {
        return a - b;
    }
    return String(a) < String(b) ? -1 : 1;
}
