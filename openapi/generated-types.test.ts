import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findStaleTypes, isStale } from './scripts/find-stale-types.ts';

const OPENAPI_DIR = fileURLToPath(new URL('.', import.meta.url));
// Each check runs openapi-typescript on every document; allow for a slow machine.
const GENERATION_TIMEOUT_MS = 60_000;

const copies: string[] = [];

/** A copy of this folder (without node_modules) that a test may break. */
function copyOpenapiDir(): string {
    const copy = mkdtempSync(join(tmpdir(), 'openapi-stale-test-'));
    copies.push(copy);
    cpSync(OPENAPI_DIR, copy, {
        recursive: true,
        filter: (source) => !relative(OPENAPI_DIR, source).startsWith('node_modules'),
    });
    return copy;
}

afterEach(() => {
    for (const copy of copies.splice(0)) {
        rmSync(copy, { recursive: true, force: true });
    }
});

describe('the committed generated types', () => {
    it(
        'are up to date with the OpenAPI documents (run `npm run generate` if not)',
        () => {
            expect(findStaleTypes(OPENAPI_DIR)).toEqual({ changed: [], missing: [], orphaned: [] });
        },
        GENERATION_TIMEOUT_MS
    );
});

describe('findStaleTypes (behind `npm run check`)', () => {
    it(
        'reports every output a spec edit changes, a missing output and an orphaned file',
        () => {
            const copy = copyOpenapiDir();
            const specPath = join(copy, 'userlike-conversation.yaml');
            const spec = readFileSync(specPath, 'utf8');
            const edited = spec.replace('Userlike conversation id.', 'The conversation id.');
            expect(edited).not.toBe(spec);
            writeFileSync(specPath, edited);
            rmSync(join(copy, 'generated', 'lime-crm.ts'));
            writeFileSync(join(copy, 'generated', 'removed-api.ts'), 'export {};\n');

            const report = findStaleTypes(copy);

            expect(isStale(report)).toBe(true);
            // relay.ts bundles the Conversation schema, so it goes stale too.
            expect(report).toEqual({
                changed: ['generated/relay.ts', 'generated/userlike-conversation.ts'],
                missing: ['generated/lime-crm.ts'],
                orphaned: ['generated/removed-api.ts'],
            });
        },
        GENERATION_TIMEOUT_MS
    );

    it(
        'fails with the generator’s message when a spec is invalid',
        () => {
            const copy = copyOpenapiDir();
            writeFileSync(join(copy, 'relay.yaml'), 'openapi: 2.0.0\ninfo: {}\n');
            expect(() => findStaleTypes(copy)).toThrow(
                /openapi-typescript failed.*\n.*Unsupported OpenAPI version: 2\.0\.0/s
            );
        },
        GENERATION_TIMEOUT_MS
    );
});
