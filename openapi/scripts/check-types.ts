// `npm run check -w openapi`: exits 1 when the committed types in generated/ are stale, so CI and
// `npm test` catch a spec edit without `npm run generate`.
import { fileURLToPath } from 'node:url';
import { findStaleTypes, isStale } from './find-stale-types.ts';

const openapiDir = fileURLToPath(new URL('..', import.meta.url));

try {
    const report = findStaleTypes(openapiDir);
    if (isStale(report)) {
        const lines = [
            ...report.changed.map((file) => `  changed:  ${file}`),
            ...report.missing.map((file) => `  missing:  ${file}`),
            ...report.orphaned.map(
                (file) => `  orphaned: ${file} (no API in redocly.yaml writes it; delete it)`
            ),
        ];
        console.error(
            `Generated types are not up to date with the OpenAPI documents:\n${lines.join('\n')}\n` +
                'Run `npm run generate` and commit the result.'
        );
        process.exitCode = 1;
    } else {
        process.stdout.write('Generated types are up to date.\n');
    }
} catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
}
