import type { Request } from 'express';
import { badRequest } from './sandbox-error.ts';

/**
 * The query-string parameters of a request as single strings. Parameters starting with `_` must be
 * in `allowedControls` (unknown ones are a 400: a typo such as `_limt` must not be silently ignored);
 * a parameter given twice is a 400 too.
 */
export function readQueryParameters(
    request: Request,
    allowedControls: readonly string[]
): Map<string, string> {
    const parameters = new Map<string, string>();
    for (const [name, value] of Object.entries(request.query as Record<string, unknown>)) {
        if (name.startsWith('_') && !allowedControls.includes(name)) {
            throw badRequest(
                `unknown query parameter "${name}"${allowedControls.length > 0 ? ` (allowed here: ${allowedControls.join(', ')})` : ''}`
            );
        }
        if (typeof value !== 'string') {
            throw badRequest(`query parameter "${name}" must be given once as plain text`);
        }
        parameters.set(name, value);
    }
    return parameters;
}

/** Reads an integer control parameter within bounds; throws a 400 naming it otherwise. */
export function readIntegerParameter(
    parameters: Map<string, string>,
    name: string,
    fallback: number,
    min: number,
    max: number
): number {
    const text = parameters.get(name);
    if (text === undefined) {
        return fallback;
    }
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
        throw badRequest(
            `query parameter "${name}" must be an integer from ${min} to ${max}, got "${text}"`
        );
    }
    return value;
}
