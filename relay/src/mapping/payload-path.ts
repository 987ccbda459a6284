/**
 * Reads a dotted path (`contact.custom_field_data.plan`) from a payload. Array indexes are plain segments
 * (`topics.0.text`). Returns undefined when any step is missing.
 */
export function getPayloadValue(payload: unknown, path: string): unknown {
    let current: unknown = payload;
    for (const segment of path.split('.')) {
        if (current === null || typeof current !== 'object') return undefined;
        current = (current as Record<string, unknown>)[segment];
    }
    return current;
}

/** The value at `path` as trimmed text, or undefined when it is missing, empty, or not a scalar. */
export function getPayloadText(payload: unknown, path: string): string | undefined {
    const value = getPayloadValue(payload, path);
    if (typeof value === 'string') return value.trim() || undefined;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
}
