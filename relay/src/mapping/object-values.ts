import type { ValueSource } from '../config/schema.ts';
import { ConfigurationError } from '../errors.ts';
import { TEXT_TYPES, type Limetype } from '../lime/types.ts';
import { cutText } from './display-text.ts';
import { getPayloadValue } from './payload-path.ts';

/**
 * Resolves the configured property values of a new object (fixed values, payload paths with an optional
 * value map, templates) and converts each to what Lime accepts for the property's type: text as a string
 * ("" rather than null, cut to the property's length with an ellipsis), numbers, booleans, option keys
 * (checked against the limetype), ISO-8601 times. An empty payload value is left out so Lime applies its
 * own default.
 *
 * A fixed value that cannot fit the data model is a configuration error naming the property. A value that
 * comes from the payload (a visitor's custom field, a UTM value) is not the configuration's fault: when
 * `onRejected` is given, such a value is left out and reported there instead of failing the whole send.
 */
export function resolveObjectValues(
    sources: Readonly<Record<string, ValueSource>>,
    payload: unknown,
    limetype: Limetype,
    onRejected?: (property: string, reason: string) => void
): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const [name, source] of Object.entries(sources)) {
        const resolved = resolveSource(source, payload);
        if (resolved.value === undefined || resolved.value === null || resolved.value === '')
            continue;
        try {
            values[name] = toPropertyValue(resolved.value, name, limetype);
        } catch (error) {
            if (!(error instanceof ConfigurationError) || !onRejected || !resolved.fromPayload)
                throw error;
            onRejected(name, error.message);
        }
    }
    return values;
}

function resolveSource(
    source: ValueSource,
    payload: unknown
): { value: unknown; fromPayload: boolean } {
    if ('value' in source) return { value: source.value, fromPayload: false };
    if ('path' in source) {
        const value = getPayloadValue(payload, source.path);
        if (value === undefined || value === null || value === '')
            return { value: source.default, fromPayload: false };
        if (!source.map) return { value, fromPayload: true };
        const mapped = lookUp(source.map, value);
        return mapped === undefined
            ? { value: source.default, fromPayload: false }
            : { value: mapped, fromPayload: false };
    }
    const value = source.template
        .replace(/\{([A-Za-z0-9_.]+)\}/g, (_match, path: string) => {
            const value = getPayloadValue(payload, path);
            return value === undefined || value === null || typeof value === 'object'
                ? ''
                : String(value);
        })
        .trim();
    return { value, fromPayload: true };
}

/** The map's value for a payload value, keys compared as trimmed text, case-insensitively. */
function lookUp(
    map: Readonly<Record<string, string | number | boolean>>,
    value: unknown
): string | number | boolean | undefined {
    if (typeof value === 'object') return undefined;
    const wanted = String(value).trim().toLowerCase();
    for (const [key, mapped] of Object.entries(map)) {
        if (key.trim().toLowerCase() === wanted) return mapped;
    }
    return undefined;
}

/** Converts one value for a property of the limetype; throws ConfigurationError when it cannot. */
export function toPropertyValue(raw: unknown, name: string, limetype: Limetype): unknown {
    const property = limetype.properties.get(name);
    const where = `${limetype.name}.${name}`;
    if (!property)
        throw new ConfigurationError(
            `The limetype ${limetype.name} has no property ${name} (configured value for ${where}).`
        );
    if (TEXT_TYPES.has(property.type)) {
        const text = typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
        return cutText(text, property.length ?? 0);
    }
    switch (property.type) {
        case 'integer':
        case 'decimal':
        case 'percent': {
            const number = typeof raw === 'number' ? raw : Number(String(raw).trim());
            if (
                !Number.isFinite(number) ||
                (property.type === 'integer' && !Number.isInteger(number))
            ) {
                throw new ConfigurationError(
                    `The value configured for ${where} is not a valid ${property.type}.`
                );
            }
            return number;
        }
        case 'yesno':
            if (typeof raw === 'boolean') return raw;
            if (raw === 'true' || raw === 1 || raw === '1') return true;
            if (raw === 'false' || raw === 0 || raw === '0') return false;
            throw new ConfigurationError(
                `The value configured for ${where} is not a yes/no value.`
            );
        case 'option': {
            const key = String(raw);
            const known =
                property.options
                    ?.filter((option) => !option.inactive)
                    .map((option) => option.key) ?? [];
            if (!known.includes(key)) {
                throw new ConfigurationError(
                    `"${key}" is not an option key of ${where}; known keys: ${known.join(', ') || 'none'}.`
                );
            }
            return key;
        }
        case 'time':
        case 'date': {
            const date = toDate(raw);
            if (Number.isNaN(date.getTime()))
                throw new ConfigurationError(`The value configured for ${where} is not a date.`);
            return date.toISOString();
        }
        case 'belongsto':
        case 'hasone': {
            const id = Number(raw);
            if (!Number.isInteger(id) || id <= 0)
                throw new ConfigurationError(
                    `The value configured for ${where} is not an object id.`
                );
            return id;
        }
        default:
            throw new ConfigurationError(
                `The relay cannot write ${where}: properties of type ${property.type} are not supported.`
            );
    }
}

/** ISO-8601 date or date and time: `2024-02-22`, `2024-02-22T15:48:45.349Z`, `2024-02-22T16:48+01:00`. */
const ISO_DATE =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/i;

/**
 * A date from a payload or configured value: ISO-8601 text (`2024-02-22`, `2024-02-22T15:48:45Z`), or a
 * Unix time in seconds or milliseconds (numbers below 10^11 are taken as seconds). Anything else is an
 * invalid date: JavaScript's lenient parsing would read `hello 5` as 1 May 2001.
 */
function toDate(raw: unknown): Date {
    const text = String(raw).trim();
    const numeric = typeof raw === 'number' ? raw : /^\d{9,13}$/.test(text) ? Number(text) : NaN;
    if (Number.isFinite(numeric)) return new Date(numeric < 1e11 ? numeric * 1000 : numeric);
    const match = ISO_DATE.exec(text);
    if (!match) return new Date(Number.NaN);
    const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
    const calendar = new Date(Date.UTC(year, month - 1, day));
    // Date rolls 2024-02-30 over to 1 March: such a day does not exist.
    if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day)
        return new Date(Number.NaN);
    return new Date(text.replace(' ', 'T'));
}
