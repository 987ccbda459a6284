import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const OPENAPI_DIR = fileURLToPath(new URL('.', import.meta.url));

interface RedoclyConfig {
    apis: Record<string, { root: string; 'x-openapi-ts': { output: string } }>;
}

const redocly = parse(readFileSync(join(OPENAPI_DIR, 'redocly.yaml'), 'utf8')) as RedoclyConfig;
const apis = Object.entries(redocly.apis).map(([name, api]) => ({
    name,
    path: resolve(OPENAPI_DIR, api.root),
    output: api['x-openapi-ts'].output,
}));

/** Parses a YAML file of this folder (cached: `$ref` resolution reads the same files often). */
const documents = new Map<string, unknown>();
function loadDocument(path: string): unknown {
    if (!documents.has(path)) {
        documents.set(path, parse(readFileSync(path, 'utf8')));
    }
    return documents.get(path);
}

/** Every `$ref` value in a document, with the JSON pointer where it occurs. */
function listRefs(node: unknown, pointer = ''): { ref: string; at: string }[] {
    if (Array.isArray(node)) {
        return node.flatMap((item, index) => listRefs(item, `${pointer}/${index}`));
    }
    if (node === null || typeof node !== 'object') {
        return [];
    }
    return Object.entries(node).flatMap(([key, value]) =>
        key === '$ref' && typeof value === 'string'
            ? [{ ref: value, at: pointer }]
            : listRefs(value, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`)
    );
}

/** Follows a `$ref` (same file or a relative file, with an optional JSON pointer); true when it exists. */
function resolvesRef(fromPath: string, ref: string): boolean {
    const [file = '', pointer = ''] = ref.split('#');
    const targetPath = file === '' ? fromPath : resolve(dirname(fromPath), file);
    if (!existsSync(targetPath)) {
        return false;
    }
    let node = loadDocument(targetPath);
    for (const token of pointer.split('/').slice(1)) {
        const key = decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~');
        if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) {
            return false;
        }
        node = (node as Record<string, unknown>)[key];
    }
    return true;
}

describe('redocly.yaml', () => {
    it('lists every OpenAPI document of the folder, with an output under generated/', () => {
        const documentsOnDisk = readdirSync(OPENAPI_DIR)
            .filter((file) => file.endsWith('.yaml') && file !== 'redocly.yaml')
            .map((file) => join(OPENAPI_DIR, file))
            .sort();
        expect(apis.map((api) => api.path).sort()).toEqual(documentsOnDisk);
        for (const api of apis) {
            expect(api.output, api.name).toBe(`./generated/${api.name}.ts`);
        }
    });
});

describe.each(apis)('the OpenAPI document $name', ({ path }) => {
    it('exists and parses as YAML', () => {
        expect(existsSync(path), `${path} is listed in redocly.yaml but missing`).toBe(true);
        expect(loadDocument(path)).toBeTypeOf('object');
    });

    it('is OpenAPI 3.1 with a title and a version', () => {
        expect(loadDocument(path)).toMatchObject({
            openapi: expect.stringMatching(/^3\.1\.\d+$/),
            info: { title: expect.any(String), version: expect.any(String) },
        });
    });

    it('has only $refs that resolve', () => {
        const unresolved = listRefs(loadDocument(path))
            .filter(({ ref }) => !resolvesRef(path, ref))
            .map(({ ref, at }) => `${ref} (at ${at})`);
        expect(unresolved).toEqual([]);
    });

    it('passes openapi-typescript’s structural lint and bundling', async () => {
        await expect(openapiTS(pathToFileURL(path), { silent: true })).resolves.toBeDefined();
    });
});
