/**
 * The Query API (`GET /api/v1/query/?q=<JSON>`; docs/lime-rest-api.md §4, docs/assumptions.md
 * SB3): filter expressions with the operators =, !=, >, <, >=, <=, IN, =? (begins with),
 * ? (contains), =$ (ends with), compound AND / OR / ! , orderBy, limit, offset, and a responseFormat
 * naming the wanted properties.
 *
 * Assumptions: `key` may name a property, a system property (`_id`, `_createdtime`, `_timestamp`,
 * `_createduser`, ...) or one belongsto hop (`company.name`); text operators compare case-insensitively
 * (SQL Server collation); `limit` defaults to 10 and may be at most 500; options read back as
 * `{id, key, text}` like in the limeobject API.
 */
import type { LimetypeDefinition } from './data-model.ts';
import {
    compareComparables,
    compareRecords,
    coerceOperand,
    readComparable,
    requireField,
} from './compare-values.ts';
import type { Comparable, FieldReference } from './compare-values.ts';
import { canRead, requireReadableLimetype } from './lime-objects.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from './list-objects.ts';
import type { LimeObjectRecord } from './object-store.ts';
import type { SandboxContext } from './sandbox-context.ts';
import { badRequest } from './sandbox-error.ts';
import { readSystemValue, serializeValue } from './serialize-object.ts';
import type { KeyRole } from './validate-values.ts';

const COMPARISON_OPERATORS = ['=', '!=', '>', '<', '>=', '<=', 'IN', '=?', '?', '=$'] as const;

type Predicate = (record: LimeObjectRecord) => boolean;

interface QueryScope {
    context: SandboxContext;
    role: KeyRole;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves `key` (possibly `relation.property`) to a reader of the comparable value. */
function resolveKey(
    scope: QueryScope,
    limetype: LimetypeDefinition,
    key: string
): { field: FieldReference; read: (record: LimeObjectRecord) => Comparable } {
    const [first = '', ...rest] = key.split('.');
    if (rest.length === 0) {
        const field = requireField(limetype, first);
        return { field, read: (record) => readComparable(limetype, field, record) };
    }
    const relation = requireField(limetype, first);
    const relatedName = relation.property?.relatedLimetype;
    const related = relatedName ? scope.context.model.findLimetype(relatedName) : undefined;
    if (relation.kind !== 'relation' || !related || rest.length > 1) {
        throw badRequest(
            `filter key "${key}": only one belongsto hop (relation.property) is supported`
        );
    }
    const field = requireField(related, rest[0] ?? '');
    return {
        field,
        read: (record) => {
            const id = record[first];
            const target =
                typeof id === 'number' ? scope.context.store.get(related.name, id) : undefined;
            return target && canRead(scope.context, scope.role, related.name, target._id)
                ? readComparable(related, field, target)
                : null;
        },
    };
}

function compileComparison(
    scope: QueryScope,
    limetype: LimetypeDefinition,
    expression: Record<string, unknown>,
    op: (typeof COMPARISON_OPERATORS)[number]
): Predicate {
    if (typeof expression.key !== 'string') {
        throw badRequest(`filter with op "${op}" needs a string "key"`);
    }
    const { field, read } = resolveKey(scope, limetype, expression.key);
    if (op === 'IN') {
        if (!Array.isArray(expression.exp)) {
            throw badRequest(`filter "${expression.key}" with op "IN" needs an array "exp"`);
        }
        const operands = expression.exp.map((value) => coerceOperand(field, value));
        return (record) => operands.includes(read(record));
    }
    if (op === '=?' || op === '?' || op === '=$') {
        if (typeof expression.exp !== 'string') {
            throw badRequest(`filter "${expression.key}" with op "${op}" needs a string "exp"`);
        }
        const needle = expression.exp.toLowerCase();
        return (record) => {
            const value = read(record);
            const text = value === null ? '' : String(value).toLowerCase();
            if (op === '=?') return text.startsWith(needle);
            if (op === '=$') return text.endsWith(needle);
            return text.includes(needle);
        };
    }
    const operand = coerceOperand(field, expression.exp);
    return (record) => {
        const value = read(record);
        if (op === '=') return value === operand;
        if (op === '!=') return value !== operand;
        // Ordering comparisons never match null, as in SQL.
        if (value === null || operand === null) return false;
        const order = compareComparables(value, operand);
        if (op === '>') return order > 0;
        if (op === '<') return order < 0;
        if (op === '>=') return order >= 0;
        return order <= 0;
    };
}

/** Compiles a filter expression into a predicate; throws a 400 describing the first problem. */
export function compileFilter(
    scope: QueryScope,
    limetype: LimetypeDefinition,
    expression: unknown
): Predicate {
    if (!isObject(expression)) {
        throw badRequest('filter must be an object {key, op, exp} or {op: "AND"|"OR"|"!", exp}');
    }
    const op = expression.op;
    if (op === 'AND' || op === 'OR') {
        if (!Array.isArray(expression.exp)) {
            throw badRequest(`filter op "${op}" needs an array "exp" of expressions`);
        }
        const parts = expression.exp.map((part) => compileFilter(scope, limetype, part));
        return op === 'AND'
            ? (record) => parts.every((part) => part(record))
            : (record) => parts.some((part) => part(record));
    }
    if (op === '!') {
        const inner = compileFilter(scope, limetype, expression.exp);
        return (record) => !inner(record);
    }
    const comparison = COMPARISON_OPERATORS.find((candidate) => candidate === op);
    if (!comparison) {
        throw badRequest(
            `unknown filter op ${JSON.stringify(op)} (allowed: AND, OR, !, ${COMPARISON_OPERATORS.join(', ')})`
        );
    }
    return compileComparison(scope, limetype, expression, comparison);
}

/** Builds the requested shape of one object, following belongsto nesting. */
function formatObject(
    scope: QueryScope,
    limetype: LimetypeDefinition,
    record: LimeObjectRecord,
    format: Record<string, unknown>
): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    for (const [name, wanted] of Object.entries(format)) {
        if (name.startsWith('_')) {
            requireField(limetype, name);
            object[name] = readSystemValue(limetype, record, name);
            continue;
        }
        const field = requireField(limetype, name);
        const property = field.property;
        if (!property) {
            continue;
        }
        if (isObject(wanted)) {
            const related = scope.context.model.findLimetype(property.relatedLimetype ?? '');
            if (property.type !== 'belongsto' || !related) {
                throw badRequest(
                    `responseFormat: "${name}" of ${limetype.name} is not a belongsto relation`
                );
            }
            const id = record[name];
            const target =
                typeof id === 'number' ? scope.context.store.get(related.name, id) : undefined;
            object[name] =
                target && canRead(scope.context, scope.role, related.name, target._id)
                    ? formatObject(scope, related, target, wanted)
                    : null;
        } else if (wanted === '') {
            object[name] = serializeValue(property, record[name]);
        } else {
            throw badRequest(
                `responseFormat: "${name}" must be "" or an object of related properties`
            );
        }
    }
    return object;
}

function readOrderBy(
    limetype: LimetypeDefinition,
    orderBy: unknown
): { field: FieldReference; descending: boolean }[] {
    if (orderBy === undefined) {
        return [];
    }
    if (!Array.isArray(orderBy)) {
        throw badRequest('orderBy must be an array of {"<property>": "ASC"|"DESC"}');
    }
    return orderBy.map((entry) => {
        const pairs = isObject(entry) ? Object.entries(entry) : [];
        const [pair] = pairs;
        if (pairs.length !== 1 || !pair || (pair[1] !== 'ASC' && pair[1] !== 'DESC')) {
            throw badRequest('each orderBy entry must be {"<property>": "ASC"|"DESC"}');
        }
        return { field: requireField(limetype, pair[0]), descending: pair[1] === 'DESC' };
    });
}

function readPaging(value: unknown, name: string, fallback: number, max: number): number {
    if (value === undefined) {
        return fallback;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
        throw badRequest(`${name} must be an integer from 0 to ${max}`);
    }
    return value;
}

/** Runs one query; returns `{objects: [...]}`. Throws 400/404 SandboxErrors for bad queries. */
export function runQuery(
    context: SandboxContext,
    role: KeyRole,
    query: unknown
): { objects: unknown[] } {
    if (!isObject(query)) {
        throw badRequest(
            'q must be a JSON object {limetype, responseFormat, filter?, orderBy?, limit?, offset?}'
        );
    }
    const known = ['limetype', 'responseFormat', 'filter', 'orderBy', 'limit', 'offset'];
    const unknown = Object.keys(query).filter((key) => !known.includes(key));
    if (unknown.length > 0) {
        throw badRequest(`unknown query fields: ${unknown.join(', ')}`);
    }
    if (typeof query.limetype !== 'string') {
        throw badRequest('query needs a string "limetype"');
    }
    const limetype = context.model.findLimetype(query.limetype);
    if (!limetype) {
        throw badRequest(`query names unknown limetype "${query.limetype}"`);
    }
    const format = isObject(query.responseFormat) ? query.responseFormat.object : undefined;
    if (!isObject(format) || Object.keys(format).length === 0) {
        throw badRequest(
            'query needs responseFormat.object listing the wanted properties, e.g. {"_id": ""}'
        );
    }
    requireReadableLimetype(context, role, limetype.name);
    const scope = { context, role };
    const predicate =
        query.filter === undefined ? () => true : compileFilter(scope, limetype, query.filter);
    const orderBy = readOrderBy(limetype, query.orderBy);
    const limit = Math.min(
        readPaging(query.limit, 'limit', DEFAULT_LIMIT, MAX_LIMIT),
        context.pageCap ?? MAX_LIMIT
    );
    const offset = readPaging(query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
    // Validate the response format even when nothing matches.
    formatObject(scope, limetype, { _id: 0 }, format);

    const objects = context.store
        .list(limetype.name)
        .filter((record) => canRead(context, role, limetype.name, record._id))
        .filter(predicate)
        .sort(compareRecords(limetype, orderBy))
        .slice(offset, offset + limit)
        .map((record) => formatObject(scope, limetype, record, format));
    return { objects };
}
