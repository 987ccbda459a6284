import { defineConfig } from 'vitest/config';

// One runner for the whole repository; each package is a project so `vitest --project relay` works.
export default defineConfig({
    test: {
        projects: [
            { test: { name: 'openapi', include: ['openapi/**/*.test.ts'] } },
            { test: { name: 'sandbox', include: ['sandbox/test/**/*.test.ts'] } },
            {
                test: {
                    name: 'relay',
                    include: ['relay/**/*.test.ts', 'test/relay/**/*.test.ts'],
                    testTimeout: 20_000,
                },
            },
            {
                test: {
                    name: 'component',
                    include: ['lime-webcomponent/src/**/*.test.ts'],
                    setupFiles: ['lime-webcomponent/test-support/quiet-lit.ts'],
                },
            },
            {
                test: {
                    name: 'e2e',
                    include: ['test/e2e/**/*.test.ts'],
                    testTimeout: 60_000,
                    hookTimeout: 60_000,
                    // Browser tests share one Chromium and a dev server; run the files one by one.
                    fileParallelism: false,
                },
            },
        ],
    },
});
