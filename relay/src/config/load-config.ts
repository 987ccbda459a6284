import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigSchema, SECRET_KEYS, type RelayConfig } from './schema.ts';

/** A configuration problem; the message names the key (and the environment variable) to fix. */
export class ConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'ConfigError';
    }
}

const ENV_REFERENCE = /\$\{([A-Z_][A-Z0-9_]*)\}/g;
const WHOLE_ENV_REFERENCE = /^\$\{[A-Z_][A-Z0-9_]*\}$/;

/**
 * Reads, resolves and validates the configuration file. Strings may contain `${NAME}` environment
 * references; secrets (`relayApiKey`, `apiKey`) must be nothing but such a reference, so they are never
 * written in the file. Throws a ConfigError naming every problem's key.
 */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): RelayConfig {
    let text: string;
    try {
        text = readFileSync(path, 'utf8');
    } catch (error) {
        throw new ConfigError(
            `Cannot read the configuration file ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`
        );
    }
    let raw: unknown;
    try {
        raw = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
        throw new ConfigError(
            `The configuration file ${path} is not valid YAML/JSON: ${(error as Error).message}`
        );
    }
    return parseConfig(raw, env);
}

/** Validates an already parsed configuration object (see loadConfig). */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): RelayConfig {
    const problems: string[] = [];
    const resolved = resolveEnvReferences(raw, [], env, problems);
    if (problems.length > 0) throw new ConfigError(formatProblems(problems));
    const result = ConfigSchema.safeParse(resolved);
    if (!result.success) throw new ConfigError(formatProblems(describeIssues(result.error.issues)));
    return deepFreeze(result.data);
}

function resolveEnvReferences(
    value: unknown,
    path: string[],
    env: NodeJS.ProcessEnv,
    problems: string[]
): unknown {
    if (typeof value === 'string') {
        const key = path.at(-1);
        if (key !== undefined && SECRET_KEYS.has(key) && !WHOLE_ENV_REFERENCE.test(value)) {
            problems.push(
                `${path.join('.')}: secrets are not written in the configuration file; use an environment reference such as "\${LIME_API_KEY}"`
            );
            return value;
        }
        return value.replace(ENV_REFERENCE, (_match, name: string) => {
            const found = env[name];
            if (found === undefined || found === '') {
                problems.push(`${path.join('.')}: the environment variable ${name} is not set`);
                return '';
            }
            return found;
        });
    }
    if (Array.isArray(value)) {
        return value.map((item, index) =>
            resolveEnvReferences(item, [...path, String(index)], env, problems)
        );
    }
    if (value !== null && typeof value === 'object') {
        return Object.fromEntries(
            Object.entries(value).map(([key, item]) => [
                key,
                resolveEnvReferences(item, [...path, key], env, problems),
            ])
        );
    }
    return value;
}

function describeIssues(issues: z.core.$ZodIssue[]): string[] {
    return issues.map((issue) => {
        const key = issue.path.map(String).join('.') || '(top level)';
        if (issue.code === 'unrecognized_keys') {
            return `${key}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
        }
        return `${key}: ${issue.message}`;
    });
}

function formatProblems(problems: string[]): string {
    return `Invalid relay configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
}

function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === 'object') {
        for (const item of Object.values(value)) deepFreeze(item);
        Object.freeze(value);
    }
    return value;
}
