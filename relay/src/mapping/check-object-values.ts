import type { ValueSource } from '../config/schema.ts';
import { TEXT_TYPES, type Limetype } from '../lime/types.ts';
import { toPropertyValue } from './object-values.ts';

/** Property types the relay can write a value into (object-values.ts). */
const WRITABLE_TYPES = new Set([
    ...TEXT_TYPES,
    'integer',
    'decimal',
    'percent',
    'yesno',
    'option',
    'time',
    'date',
    'belongsto',
    'hasone',
]);

/**
 * Checks an instance's configured values against the limetype before they are used (`check-config`):
 * every property exists and is writable, and every value written as configured — a fixed value, a path's
 * `default`, each target of a `map` — converts to the property's type, is an active option key, and fits
 * the property's length (a configured text would otherwise be cut). Values read from the payload are only
 * known when a conversation arrives. Returns one message per problem, naming the property.
 */
export function checkObjectValues(
    sources: Readonly<Record<string, ValueSource>>,
    limetype: Limetype
): string[] {
    const problems: string[] = [];
    for (const [name, source] of Object.entries(sources)) {
        const where = `${limetype.name}.${name}`;
        const property = limetype.properties.get(name);
        if (!property) {
            problems.push(`the limetype ${limetype.name} has no property ${name}`);
            continue;
        }
        if (!WRITABLE_TYPES.has(property.type)) {
            problems.push(
                `${where} is a ${property.type} property; the relay cannot write values into it`
            );
            continue;
        }
        const configured: { value: string | number | boolean; label: string }[] = [];
        if ('value' in source) configured.push({ value: source.value, label: 'value' });
        if ('path' in source) {
            if (source.default !== undefined)
                configured.push({ value: source.default, label: 'default' });
            for (const [key, mapped] of Object.entries(source.map ?? {}))
                configured.push({ value: mapped, label: `map["${key}"]` });
        }
        for (const { value, label } of configured) {
            try {
                toPropertyValue(value, name, limetype);
            } catch (error) {
                problems.push(`${where} (${label}): ${(error as Error).message}`);
                continue;
            }
            const max = property.length ?? 0;
            if (TEXT_TYPES.has(property.type) && max > 0 && String(value).length > max) {
                problems.push(
                    `${where} (${label}) is ${String(value).length} characters long; the property holds ${max}`
                );
            }
        }
    }
    return problems;
}
