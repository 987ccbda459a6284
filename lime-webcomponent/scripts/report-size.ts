/**
 * Prints the raw and gzipped size of the built bundle: `node lime-webcomponent/scripts/report-size.ts`
 * (after `npm run build`). Exits 1 when the bundle is missing.
 */
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { NAMESPACE } from '../src/package-names.ts';

const bundlePath = `limepkg_userlike_relay/frontend/dist/${NAMESPACE}/${NAMESPACE}.esm.js`;
const bundleUrl = new URL(`../../lime-package/${bundlePath}`, import.meta.url);

async function reportSize(): Promise<void> {
    let bytes: Buffer;
    try {
        bytes = await readFile(bundleUrl);
    } catch {
        console.error(`No bundle at ${bundleUrl.pathname}; run \`npm run build\` first.`);
        process.exitCode = 1;
        return;
    }
    const gzipped = gzipSync(bytes, { level: 9 }).length;
    process.stdout.write(
        [
            `lime-package/${bundlePath}`,
            `raw:  ${bytes.length} bytes (${(bytes.length / 1024).toFixed(1)} KiB)`,
            `gzip: ${gzipped} bytes (${(gzipped / 1024).toFixed(1)} KiB)`,
            '',
        ].join('\n')
    );
}

await reportSize();
