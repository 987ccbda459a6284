import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseEnv } from 'node:util';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigSchema, SECRET_KEYS, type RelayConfig } from './schema.ts';

/** A configuration problem; the message names the key (and the environment variable) to fix. */
export class ConfigError extends Error {
    /** Every problem on its own, its key first (the message lists them all). */
    readonly problems: readonly string[];

    constructor(message: string, problems: readonly string[] = [message]) {
        super(message);
        this.name = 'ConfigError';
        this.problems = problems;
    }
}

/** A validated configuration and the version of the file it was read from. */
export interface LoadedConfig {
    config: RelayConfig;
    /**
     * SHA-256 (hex) of the configuration file's bytes, as `sha256sum` prints it. The environment is not part
     * of it: it holds the secrets, which no hash of them may reveal.
     */
    hash: string;
}

const ENV_REFERENCE = /\$\{([A-Z_][A-Z0-9_]*)\}/g;
const WHOLE_ENV_REFERENCE = /^\$\{[A-Z_][A-Z0-9_]*\}$/;

/**
 * Reads, resolves and validates the configuration file. Strings may contain `${NAME}` environment
 * references; secrets (`relayApiKey(s)`, `apiKey(s)`, `apiToken`) must be nothing but such a reference (in a
 * list, each item), so they are never written in the file. Throws a ConfigError naming every problem's key.
 */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): RelayConfig {
    return loadConfigFile(path, env).config;
}

/**
 * loadConfig with the file's version. When `env` names a `RELAY_ENV_FILE` (dotenv format: `NAME=value`
 * lines), the references are resolved against that file's variables first, then `env`: read again on
 * every load, it lets a reload change a secret, which a running process's own environment cannot.
 */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
    let bytes: Buffer;
    try {
        bytes = readFileSync(path);
    } catch (error) {
        throw new ConfigError(
            `Cannot read the configuration file ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`
        );
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    const json = extname(path) === '.json';
    let raw: unknown;
    try {
        const text = bytes.toString('utf8');
        raw = json ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
        throw new ConfigError(
            `The configuration file ${path} is not valid ${json ? 'JSON' : 'YAML'}: ${describeSyntaxError(error)}`
        );
    }
    return { config: parseConfig(raw, withEnvFile(env)), hash };
}

/** `env` under the variables of its `RELAY_ENV_FILE`, if it names one. */
function withEnvFile(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    const file = env.RELAY_ENV_FILE;
    if (!file) return env;
    let text: string;
    try {
        text = readFileSync(file, 'utf8');
    } catch (error) {
        throw new ConfigError(
            `RELAY_ENV_FILE: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`
        );
    }
    return { ...env, ...parseEnv(text) };
}

/**
 * Where and what the syntax error is, without the parser's excerpt of the file: the lines around it may
 * hold a value that must not reach a log (YAML's code frame, JSON's quoted input).
 */
function describeSyntaxError(error: unknown): string {
    const firstLine = String((error as Error).message).split('\n')[0] as string;
    return firstLine.replace(/:$/, '').replace(/, ".*" is not valid JSON$/, ' (not valid JSON)');
}

/** Validates an already parsed configuration object (see loadConfig). */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): RelayConfig {
    const problems: string[] = [];
    const resolved = resolveEnvReferences(raw, [], env, problems);
    if (problems.length > 0) throw invalid(problems);
    const result = ConfigSchema.safeParse(resolved);
    if (!result.success) throw invalid(describeIssues(result.error.issues));
    return deepFreeze(result.data);
}

function resolveEnvReferences(
    value: unknown,
    path: string[],
    env: NodeJS.ProcessEnv,
    problems: string[]
): unknown {
    if (typeof value === 'string') {
        // An item of a list (`relayApiKeys: [...]`) is named by its index: the list's key says what it is.
        const key = path.findLast((part) => !/^\d+$/.test(part));
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
        // A record's key that fails its schema: say why, not only that it is invalid.
        if (issue.code === 'invalid_key' && issue.issues[0]) {
            return `${key}: ${issue.issues[0].message}`;
        }
        return `${key}: ${issue.message}`;
    });
}

function invalid(problems: string[]): ConfigError {
    return new ConfigError(
        `Invalid relay configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
        problems
    );
}

function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === 'object') {
        for (const item of Object.values(value)) deepFreeze(item);
        Object.freeze(value);
    }
    return value;
}
