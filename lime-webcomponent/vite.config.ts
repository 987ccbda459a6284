import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Library build: one ES module, `dist/lwc-userlike-conversations.js`, that registers the element once.
 * Lit is bundled (the web client does not provide it); lime-elements are not, because the web client
 * itself defines the `limel-*` elements [inferred, lime-crm.md §3.7].
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
        outDir: 'dist',
        emptyOutDir: true,
        target: 'es2022',
        sourcemap: true,
        lib: {
            entry: 'src/index.ts',
            formats: ['es'],
            fileName: () => 'lwc-userlike-conversations.js',
        },
        rollupOptions: {
            external: [/^@limetech\//],
            // Vite's library mode keeps ES output's whitespace; the web client downloads this, so minify fully.
            output: { minify: true },
        },
    },
});
