// One ESLint configuration for the whole repository (flat config).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
    {
        ignores: [
            '**/node_modules/**',
            '**/dist/**',
            'data/**',
            'coverage/**',
            'test-output/**',
            'openapi/generated/**',
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: { globals: { ...globals.node } },
        rules: {
            '@typescript-eslint/no-unused-vars': [
                'error',
                { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
            ],
            '@typescript-eslint/consistent-type-imports': 'error',
            'no-console': ['error', { allow: ['error', 'warn'] }],
        },
    },
    {
        files: ['lime-webcomponent/**/*.ts', 'sandbox/src/web-client/browser/**/*.js'],
        languageOptions: { globals: { ...globals.browser } },
    },
    {
        // Tests edit JSON fixtures freely; typing every fixture edit would add noise, not safety.
        files: ['**/*.test.ts', 'test/**/support/**/*.ts', 'sandbox/test/support/**/*.ts'],
        rules: { '@typescript-eslint/no-explicit-any': 'off' },
    },
    {
        // Command-line entry points and the demo print for a person to read.
        files: ['scripts/**', 'bench/**', '**/cli/**', 'sandbox/src/main.ts'],
        rules: { 'no-console': 'off' },
    },
    prettier
);
