import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { NAMESPACE } from './src/package-names.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Where the Lime package serves its frontend from: its `register_static_content()` points here. */
export const FRONTEND_DIST = fileURLToPath(
    new URL('../lime-package/limepkg_userlike_relay/frontend/dist/', import.meta.url)
);

/**
 * Library build into the Lime package, in Stencil's namespace layout that the web client loads:
 * `frontend/dist/<namespace>/<namespace>.esm.js`, one ES module that defines every element of the package
 * when imported. Lit is bundled (the web client does not provide it); lime-elements are not, because the
 * web client itself defines the `limel-*` elements (docs/assumptions.md W13).
 */
export default defineConfig({
    root,
    resolve: {
        // Vite picks Lit's `development` export when NODE_ENV is not `production` (a developer's shell,
        // or vitest's `test`): that build is larger and warns in the console. The bundle always ships
        // the production build.
        conditions: ['module', 'browser', 'production'],
    },
    build: {
        outDir: `${FRONTEND_DIST}${NAMESPACE}`,
        emptyOutDir: true,
        target: 'es2022',
        sourcemap: true,
        lib: {
            entry: 'src/index.ts',
            formats: ['es'],
            fileName: () => `${NAMESPACE}.esm.js`,
        },
        rollupOptions: {
            external: [/^@limetech\//],
            // Vite's library mode keeps ES output's whitespace; the web client downloads this, so minify fully.
            output: { minify: true },
        },
    },
});
