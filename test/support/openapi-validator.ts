/**
 * Validates requests and responses against an OpenAPI 3.1 document with ajv (JSON Schema 2020-12),
 * so servers and clients cannot drift from the contract. Reusable for any spec in `openapi/`.
 *
 * Paths are matched against the document's path templates; a path may carry a prefix before the
 * template (the sandbox's `/lime` application name, a full URL) and a query string, both ignored.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/** Thrown when a value does not match the document; `errors` lists every problem found. */
export class OpenApiValidationError extends Error {
    readonly errors: string[];

    constructor(context: string, errors: string[]) {
        super(`${context} does not match the OpenAPI document:\n  ${errors.join('\n  ')}`);
        this.name = 'OpenApiValidationError';
        this.errors = errors;
    }
}

/** A response to check: `path` may include a prefix, a query string or be a full URL. */
export interface ResponseToValidate {
    method: string;
    path: string;
    status: number;
    body: unknown;
    /** Defaults to application/json. */
    contentType?: string;
}

/** A request body to check. */
export interface RequestToValidate {
    method: string;
    path: string;
    body: unknown;
    contentType?: string;
}

/** The query string of a request to check: every parameter as the server receives it (text). */
export interface QueryToValidate {
    method: string;
    path: string;
    /** Parameter name → value; a parameter given twice is an array. */
    query: Record<string, string | string[]>;
}

/** The validator returned by `createOpenApiValidator`. */
export interface OpenApiValidator {
    /** The path template matching a concrete path, e.g. '/api/v1/limeobject/{limetype}/'. */
    matchPath(path: string): string;
    /** Throws OpenApiValidationError unless the status is documented and the body matches its schema. */
    validateResponse(response: ResponseToValidate): void;
    /** Throws OpenApiValidationError unless the operation exists and the body matches its request schema. */
    validateRequest(request: RequestToValidate): void;
    /**
     * Throws OpenApiValidationError unless every query parameter is documented for the operation (by
     * name, or through a free-form `style: form` object parameter), matches its schema (text coerced
     * to the schema's type; `content` parameters parsed as JSON), and every required one is present.
     */
    validateQuery(request: QueryToValidate): void;
    /** Validates a value against the schema at a JSON pointer ('#/components/schemas/X' or '/components/...'). */
    validateSchema(pointer: string, value: unknown, context?: string): void;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapePointerToken(token: string): string {
    return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function formatErrors(errors: ErrorObject[] | null | undefined, root = '(body)'): string[] {
    return (errors ?? []).map((error) => {
        // Bodies are named by their JSON pointer alone, other values by their label plus the pointer.
        const where =
            error.instancePath === ''
                ? root
                : root === '(body)'
                  ? error.instancePath
                  : `${root}${error.instancePath}`;
        const params =
            error.keyword === 'additionalProperties' ? ` (${JSON.stringify(error.params)})` : '';
        return `${where} ${error.message ?? error.keyword}${params}`;
    });
}

function stripToPath(path: string): string {
    const withoutOrigin = path.replace(/^[a-z]+:\/\/[^/]+/i, '');
    return withoutOrigin.split(/[?#]/)[0] ?? '';
}

interface CompiledTemplate {
    template: string;
    pattern: RegExp;
    literalLength: number;
}

function compileTemplate(template: string): CompiledTemplate {
    const parts = template.split(/(\{[^}]+\})/);
    const source = parts
        .map((part) =>
            part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        )
        .join('');
    return {
        template,
        // Any prefix is allowed before the template (application name, base path).
        pattern: new RegExp(`^(.*?)${source}$`),
        literalLength: parts.filter((part) => !part.startsWith('{')).join('').length,
    };
}

function readMediaSchema(
    content: unknown,
    contentType: string
): { pointerSuffix: string; hasSchema: boolean } | undefined {
    if (!isObject(content)) {
        return undefined;
    }
    const wanted = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    const candidates = [wanted, `${wanted.split('/')[0]}/*`, '*/*'];
    for (const candidate of candidates) {
        const media = content[candidate];
        if (isObject(media)) {
            return {
                pointerSuffix: `content/${escapePointerToken(candidate)}/schema`,
                hasSchema: 'schema' in media,
            };
        }
    }
    return undefined;
}

/**
 * Loads an OpenAPI 3.1 document (YAML or JSON) and returns a validator for it.
 * Example: `createOpenApiValidator(new URL('../../openapi/lime-crm.yaml', import.meta.url))`.
 */
export function createOpenApiValidator(specPath: string | URL): OpenApiValidator {
    const documentUrl = specPath instanceof URL ? specPath : pathToFileURL(specPath);
    // The document's own URL is its schema id, so relative `$ref`s to sibling documents
    // (`./userlike-conversation.yaml#/…`) resolve against it.
    const DOCUMENT_ID = documentUrl.href;
    const document: unknown = parse(readFileSync(documentUrl, 'utf8'));
    if (
        !isObject(document) ||
        typeof document.openapi !== 'string' ||
        !document.openapi.startsWith('3.1')
    ) {
        throw new Error(`${String(specPath)} is not an OpenAPI 3.1 document`);
    }
    const paths = isObject(document.paths) ? document.paths : {};
    // OpenAPI keywords such as `example` or `discriminator` are not JSON Schema: strict mode off.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormatsModule as unknown as (instance: Ajv2020) => void)(ajv);
    ajv.addSchema({ ...document, $id: DOCUMENT_ID } as JsonObject);
    for (const sibling of externalDocuments(document, documentUrl)) {
        ajv.addSchema({
            ...(parse(readFileSync(sibling, 'utf8')) as JsonObject),
            $id: sibling.href,
        });
    }
    const compiled = new Map<string, ValidateFunction>();
    const templates = Object.keys(paths).map(compileTemplate);

    const compile = (pointer: string): ValidateFunction => {
        let validate = compiled.get(pointer);
        if (!validate) {
            validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` });
            compiled.set(pointer, validate);
        }
        return validate;
    };

    const resolvePointer = (pointer: string): unknown =>
        pointer
            .split('/')
            .slice(1)
            .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
            .reduce<unknown>(
                (node, token) =>
                    Array.isArray(node)
                        ? (node as unknown[])[Number(token)]
                        : isObject(node)
                          ? node[token]
                          : undefined,
                document
            );

    const matchPath = (path: string): string => {
        const concrete = stripToPath(path);
        const matches = templates
            .map((candidate) => ({ candidate, match: candidate.pattern.exec(concrete) }))
            .filter((entry) => entry.match !== null)
            .sort(
                (a, b) =>
                    (a.match?.[1]?.length ?? 0) - (b.match?.[1]?.length ?? 0) ||
                    b.candidate.literalLength - a.candidate.literalLength
            );
        const best = matches[0];
        if (!best) {
            throw new OpenApiValidationError(`path ${concrete}`, ['no path template matches']);
        }
        return best.candidate.template;
    };

    const findOperation = (
        method: string,
        path: string
    ): { template: string; pointer: string; operation: JsonObject } => {
        const template = matchPath(path);
        const lower = method.toLowerCase();
        const pathItem = paths[template];
        const operation =
            isObject(pathItem) && HTTP_METHODS.includes(lower) ? pathItem[lower] : undefined;
        if (!isObject(operation)) {
            throw new OpenApiValidationError(`${method.toUpperCase()} ${template}`, [
                'operation is not documented',
            ]);
        }
        return { template, pointer: `/paths/${escapePointerToken(template)}/${lower}`, operation };
    };

    const validateAt = (pointer: string, value: unknown, context: string): void => {
        const validate = compile(pointer);
        if (!validate(value)) {
            throw new OpenApiValidationError(context, formatErrors(validate.errors));
        }
    };

    /** The operation's query parameters (path-level ones included) with the pointer of each. */
    const listQueryParameters = (
        template: string,
        operationPointer: string
    ): { parameter: JsonObject; pointer: string }[] => {
        const pathPointer = `/paths/${escapePointerToken(template)}`;
        const found = new Map<string, { parameter: JsonObject; pointer: string }>();
        for (const base of [pathPointer, operationPointer]) {
            const list = resolvePointer(`${base}/parameters`);
            (Array.isArray(list) ? list : []).forEach((_entry, index) => {
                let pointer = `${base}/parameters/${index}`;
                let parameter = resolvePointer(pointer);
                if (isObject(parameter) && typeof parameter.$ref === 'string') {
                    pointer = parameter.$ref.replace(/^#/, '');
                    parameter = resolvePointer(pointer);
                }
                if (isObject(parameter) && parameter.in === 'query') {
                    found.set(String(parameter.name), { parameter, pointer });
                }
            });
        }
        return [...found.values()];
    };

    const coerceQueryText = (schema: unknown, text: string): unknown => {
        const declared = isObject(schema) ? schema.type : undefined;
        const types = Array.isArray(declared) ? declared : [declared];
        if (
            (types.includes('integer') || types.includes('number')) &&
            /^-?\d+(\.\d+)?$/.test(text)
        ) {
            return Number(text);
        }
        if (types.includes('boolean') && (text === 'true' || text === 'false')) {
            return text === 'true';
        }
        return text;
    };

    return {
        matchPath,
        validateQuery({ method, path, query }) {
            const { template, pointer } = findOperation(method, path);
            const context = `${method.toUpperCase()} ${template} query string`;
            const errors: string[] = [];
            const remaining = new Map(Object.entries(query));
            let freeForm: { parameter: JsonObject; pointer: string } | undefined;
            for (const entry of listQueryParameters(template, pointer)) {
                const { parameter, pointer: parameterPointer } = entry;
                const name = String(parameter.name);
                if (isObject(parameter.schema) && parameter.schema.type === 'object') {
                    freeForm = entry;
                    continue;
                }
                const value = remaining.get(name);
                remaining.delete(name);
                if (value === undefined) {
                    if (parameter.required === true) {
                        errors.push(`required query parameter "${name}" is missing`);
                    }
                    continue;
                }
                if (Array.isArray(value)) {
                    errors.push(`query parameter "${name}" is given more than once`);
                    continue;
                }
                let schemaPointer = `${parameterPointer}/schema`;
                let parsed: unknown = coerceQueryText(parameter.schema, value);
                if (isObject(parameter.content)) {
                    schemaPointer = `${parameterPointer}/content/application~1json/schema`;
                    try {
                        parsed = JSON.parse(value);
                    } catch {
                        errors.push(`query parameter "${name}" is not valid JSON`);
                        continue;
                    }
                }
                const validate = compile(schemaPointer);
                if (!validate(parsed)) {
                    errors.push(...formatErrors(validate.errors, `(query parameter ${name})`));
                }
            }
            if (remaining.size > 0) {
                if (freeForm) {
                    const validate = compile(`${freeForm.pointer}/schema`);
                    const values = Object.fromEntries(remaining);
                    if (!validate(values)) {
                        errors.push(...formatErrors(validate.errors, '(query string)'));
                    }
                } else {
                    errors.push(
                        `undocumented query parameters: ${[...remaining.keys()].join(', ')}`
                    );
                }
            }
            if (errors.length > 0) {
                throw new OpenApiValidationError(context, errors);
            }
        },
        validateResponse({ method, path, status, body, contentType = 'application/json' }) {
            const { template, pointer, operation } = findOperation(method, path);
            const context = `${method.toUpperCase()} ${template} → ${status}`;
            const responses = isObject(operation.responses) ? operation.responses : {};
            const key = [String(status), `${String(status).charAt(0)}XX`, 'default'].find(
                (candidate) => candidate in responses
            );
            if (!key) {
                throw new OpenApiValidationError(context, [`status ${status} is not documented`]);
            }
            let responsePointer = `${pointer}/responses/${key}`;
            let response = resolvePointer(responsePointer);
            if (isObject(response) && typeof response.$ref === 'string') {
                responsePointer = response.$ref.replace(/^#/, '');
                response = resolvePointer(responsePointer);
            }
            if (!isObject(response) || response.content === undefined) {
                if (body !== undefined && body !== '' && body !== null) {
                    throw new OpenApiValidationError(context, [
                        'the documented response has no body, but one was sent',
                    ]);
                }
                return;
            }
            const media = readMediaSchema(response.content, contentType);
            if (!media) {
                throw new OpenApiValidationError(context, [
                    `content type ${contentType} is not documented`,
                ]);
            }
            if (media.hasSchema && contentType.includes('json')) {
                validateAt(`${responsePointer}/${media.pointerSuffix}`, body, context);
            }
        },
        validateRequest({ method, path, body, contentType = 'application/json' }) {
            const { template, pointer, operation } = findOperation(method, path);
            const context = `${method.toUpperCase()} ${template} request body`;
            const requestBody = operation.requestBody;
            if (!isObject(requestBody)) {
                if (body !== undefined) {
                    throw new OpenApiValidationError(context, [
                        'the operation takes no request body',
                    ]);
                }
                return;
            }
            if (body === undefined) {
                if (requestBody.required === true) {
                    throw new OpenApiValidationError(context, ['a request body is required']);
                }
                return;
            }
            const media = readMediaSchema(requestBody.content, contentType);
            if (!media) {
                throw new OpenApiValidationError(context, [
                    `content type ${contentType} is not documented`,
                ]);
            }
            if (media.hasSchema && contentType.includes('json')) {
                validateAt(`${pointer}/requestBody/${media.pointerSuffix}`, body, context);
            }
        },
        validateSchema(pointer, value, context = pointer) {
            validateAt(pointer.replace(/^#/, ''), value, context);
        },
    };
}

/** The other documents a document's `$ref`s point to (`./other.yaml#/…`), as URLs. */
function externalDocuments(document: unknown, base: URL): URL[] {
    const found = new Map<string, URL>();
    const visit = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(visit);
        else if (isObject(node)) {
            const ref = node.$ref;
            if (typeof ref === 'string' && !ref.startsWith('#')) {
                const url = new URL(ref.split('#')[0] as string, base);
                found.set(url.href, url);
            }
            Object.values(node).forEach(visit);
        }
    };
    visit(document);
    return [...found.values()];
}
