/**
 * Strict validation of limeobject write bodies (POST and PUT), as strict as real Lime or stricter:
 * a lenient stand-in would hide relay bugs that real Lime rejects.
 */
import { TEXT_TYPES } from './data-model.ts';
import type { DataModel, LimetypeDefinition, PropertyDefinition } from './data-model.ts';
import type { ObjectStore } from './object-store.ts';
import { badRequest, forbidden } from './sandbox-error.ts';

/** Which key made a request. */
export type KeyRole = 'full' | 'restricted' | 'none';

/** What a write is checked against. */
export interface WriteContext {
    model: DataModel;
    store: ObjectStore;
    role: KeyRole;
    /** false for test set-up through `insert()`: belongsto targets are not looked up. */
    checkRelations: boolean;
}

const ISO_8601 =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Whether the calendar date and the clock time exist (Date.parse would roll 2026-02-30 over to March). */
function existsOnCalendar(match: RegExpExecArray): boolean {
    const [year, month, day, hour = 0, minute = 0, second = 0] = match
        .slice(1, 7)
        .map((part) => (part === undefined ? undefined : Number(part)));
    if (year === undefined || month === undefined || day === undefined) {
        return false;
    }
    const date = new Date(Date.UTC(year, month - 1, day));
    return (
        date.getUTCMonth() === month - 1 &&
        date.getUTCDate() === day &&
        hour < 24 &&
        minute < 60 &&
        second < 60
    );
}

/**
 * Parses an ISO-8601 date or date-time; returns the normalised UTC form, or undefined if invalid
 * (also for a date that does not exist, such as 2026-02-30, which SQL Server refuses too).
 */
export function parseIsoTime(value: string): string | undefined {
    const match = ISO_8601.exec(value);
    if (!match || !existsOnCalendar(match)) {
        return undefined;
    }
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/**
 * The value a property has when a create does not set it.
 * Assumption: numbers default to 0, yesno to false, text to "", the rest (time, option, relation, file) to null.
 */
export function readDefaultValue(property: PropertyDefinition): unknown {
    if (TEXT_TYPES.has(property.type)) {
        return '';
    }
    switch (property.type) {
        case 'integer':
        case 'decimal':
        case 'percent':
            return 0;
        case 'yesno':
            return false;
        default:
            return null;
    }
}

function describe(limetype: LimetypeDefinition, property: PropertyDefinition): string {
    return `property "${property.name}" of ${limetype.name}`;
}

function describeType(value: unknown): string {
    if (value === null) {
        return 'null';
    }
    return Array.isArray(value) ? 'array' : typeof value;
}

function validateRelation(
    context: WriteContext,
    limetype: LimetypeDefinition,
    property: PropertyDefinition,
    value: unknown
): number | null {
    if (value === null) {
        return null;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw badRequest(
            `${describe(limetype, property)} must be the integer _id of a ${property.relatedLimetype} or null, got ${describeType(value)}`
        );
    }
    if (!context.checkRelations) {
        return value;
    }
    const related = property.relatedLimetype ?? '';
    if (!context.store.get(related, value)) {
        throw badRequest(
            `${describe(limetype, property)} points to ${related} ${value}, which does not exist`
        );
    }
    if (context.role !== 'full' && context.store.isRestricted(related, value)) {
        throw forbidden(
            `${describe(limetype, property)} points to ${related} ${value}, which this API key may not read`
        );
    }
    return value;
}

function validateValue(
    context: WriteContext,
    limetype: LimetypeDefinition,
    property: PropertyDefinition,
    value: unknown
): unknown {
    const what = describe(limetype, property);
    if (TEXT_TYPES.has(property.type)) {
        if (typeof value !== 'string') {
            throw badRequest(
                `${what} is ${property.type} and must be a string (send "" to clear it), got ${describeType(value)}`
            );
        }
        if (property.length > 0 && value.length > property.length) {
            throw badRequest(
                `${what} is longer than its maximum of ${property.length} characters (got ${value.length})`
            );
        }
        return value;
    }
    switch (property.type) {
        case 'integer':
            if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
                throw badRequest(`${what} must be an integer, got ${describeType(value)}`);
            }
            return value;
        case 'decimal':
        case 'percent':
            if (typeof value !== 'number' || !Number.isFinite(value)) {
                throw badRequest(`${what} must be a number, got ${describeType(value)}`);
            }
            return value;
        case 'yesno':
            if (typeof value !== 'boolean') {
                throw badRequest(
                    `${what} is yesno and must be true or false, got ${describeType(value)}`
                );
            }
            return value;
        case 'time': {
            if (value === null) {
                return null;
            }
            const parsed = typeof value === 'string' ? parseIsoTime(value) : undefined;
            if (parsed === undefined) {
                throw badRequest(`${what} must be an ISO-8601 date or date-time string or null`);
            }
            return parsed;
        }
        case 'option': {
            if (value === null) {
                return null;
            }
            const keys = (property.options ?? []).map((option) => option.key);
            if (typeof value !== 'string' || !keys.includes(value)) {
                throw badRequest(
                    `${what} must be one of the option keys ${keys.join(', ')}, got ${typeof value === 'string' ? `"${value}"` : describeType(value)}`
                );
            }
            return value;
        }
        case 'belongsto':
            return validateRelation(context, limetype, property, value);
        case 'file':
            if (value === null) {
                return null;
            }
            if (typeof value !== 'number' || !Number.isInteger(value)) {
                throw badRequest(`${what} must be the integer id of an uploaded file or null`);
            }
            if (context.checkRelations && !context.store.getFile(value)) {
                throw badRequest(`${what} points to file ${value}, which does not exist`);
            }
            return value;
        case 'hasmany':
            throw badRequest(
                `${what} is a hasmany relation and cannot be written; set the belongsto "${property.relatedProperty}" on the ${property.relatedLimetype} instead`
            );
        default:
            throw badRequest(`${what} has an unsupported type`);
    }
}

function isEmpty(value: unknown): boolean {
    return value === null || value === undefined || value === '';
}

/**
 * Validates a create or partial-update body and returns the normalised values it sets.
 * Throws a 400 SandboxError naming the property at fault (403 for a belongsto the key may not read).
 */
export function validateObjectWrite(
    context: WriteContext,
    limetype: LimetypeDefinition,
    body: unknown,
    mode: 'create' | 'update'
): Record<string, unknown> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw badRequest(
            `the request body must be a JSON object of ${limetype.name} property values (Content-Type: application/json)`
        );
    }
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(body)) {
        if (name.startsWith('_')) {
            throw badRequest(
                `"${name}" is a system property of ${limetype.name} and cannot be written`
            );
        }
        const property = limetype.properties.find((candidate) => candidate.name === name);
        if (!property) {
            throw badRequest(`${limetype.name} has no property "${name}"`);
        }
        if (property.required && isEmpty(value)) {
            throw badRequest(
                `${describe(limetype, property)} is required and cannot be empty or null`
            );
        }
        values[name] = validateValue(context, limetype, property, value);
    }
    if (mode === 'create') {
        const missing = limetype.properties
            .filter((property) => property.required && isEmpty(values[property.name]))
            .map((property) => property.name);
        if (missing.length > 0) {
            throw badRequest(`${limetype.name} requires the properties ${missing.join(', ')}`);
        }
    }
    return values;
}
