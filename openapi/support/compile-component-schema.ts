import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// ajv-formats is CommonJS with `exports.default`; under nodenext the default import is the module object.
const addFormats = addFormatsModule.default;

// Keys of an OpenAPI document's root object. The whole document is registered with ajv so that
// `#/components/schemas/...` references resolve; ajv's strict mode would otherwise reject these keys
// as unknown schema keywords. Strict mode stays on for every real schema.
const OPENAPI_DOCUMENT_KEYS = [
    'openapi',
    'info',
    'jsonSchemaDialect',
    'servers',
    'paths',
    'webhooks',
    'components',
    'security',
    'tags',
    'externalDocs',
];

// Vendor extensions used inside schemas of this folder's documents.
const SCHEMA_EXTENSION_KEYWORDS = ['x-assumption'];

/**
 * Compiles one schema of `components.schemas` of a local OpenAPI 3.1 document into an ajv (JSON Schema
 * 2020-12) validator, with formats (`date-time`, `uri`, …) checked and union types allowed.
 *
 * Only same-document references (`#/components/...`) are supported; that is all the Userlike spec uses.
 *
 * @param specPath absolute path of the YAML document
 * @param schemaName key under `components.schemas`, e.g. `Conversation`
 * @returns the validator; `validate.errors` holds ajv's errors after a failed call
 * @throws Error when the document has no such schema
 */
export function compileComponentSchema(specPath: string, schemaName: string): ValidateFunction {
    const document: unknown = parse(readFileSync(specPath, 'utf8'));
    const documentId = basename(specPath);
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    for (const keyword of [...OPENAPI_DOCUMENT_KEYS, ...SCHEMA_EXTENSION_KEYWORDS]) {
        ajv.addKeyword(keyword);
    }
    addFormats(ajv);
    ajv.addSchema(document as object, documentId);
    const validate = ajv.getSchema(`${documentId}#/components/schemas/${schemaName}`);
    if (validate === undefined) {
        throw new Error(`${documentId} has no schema components.schemas.${schemaName}`);
    }
    return validate;
}

/**
 * Turns ajv errors into one line per error, `<JSON pointer into the payload>: <problem>`, e.g.
 * `/contact: must be object`. The payload's values are never included.
 *
 * @param errors `validate.errors` after a failed validation
 */
export function formatSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string {
    return (errors ?? [])
        .map((error) => `${error.instancePath || '/'}: ${error.message ?? error.keyword}`)
        .join('\n');
}
