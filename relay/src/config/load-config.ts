import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseEnv } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
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
    const result = ConfigSchema.safeParse(resolved, { reportInput: true });
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

/**
 * One line per problem, naming the key and, for every key with a fixed set of values (an option, a rule
 * kind, the form of a value, the keys of a section), what is allowed. Only such a value is echoed, and
 * shortened: nothing else the file holds (a secret, say) reaches the message.
 */
function describeIssues(issues: z.core.$ZodIssue[]): string[] {
    return issues.map((issue) => {
        const key = issue.path.map(String).join('.') || '(top level)';
        switch (issue.code) {
            case 'unrecognized_keys': {
                const allowed = allowedKeysAt(issue.path);
                return `${key}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}${allowed ? `; the keys here are ${allowed.join(', ')}` : ''}`;
            }
            case 'invalid_value':
                return `${key}: must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}${given(issue.input)}`;
            case 'invalid_union': {
                const { discriminator, options } = issue as {
                    discriminator?: string;
                    options?: unknown[];
                };
                if (discriminator && options) {
                    const value = (issue.input as Record<string, unknown> | undefined)?.[
                        discriminator
                    ];
                    // The path ends at the discriminator already (`person.rules.3.match`).
                    return `${key}: must be one of ${options.map((option) => JSON.stringify(option)).join(', ')}${given(value)}`;
                }
                const input = issue.input;
                const keys =
                    input !== null && typeof input === 'object' && !Array.isArray(input)
                        ? `; this one has ${
                              Object.keys(input)
                                  .map((k) => `"${k}"`)
                                  .join(', ') || 'no keys'
                          }`
                        : '';
                return `${key}: ${issue.message}${keys}`;
            }
            case 'invalid_key':
                // A record's key that fails its schema: say why, not only that it is invalid.
                return `${key}: ${issue.issues[0]?.message ?? issue.message}`;
            default:
                return `${key}: ${issue.message}`;
        }
    });
}

/** ` (got "daily")`: a value that is not among the allowed ones, shortened. */
function given(value: unknown): string {
    if (value === undefined) return ' (none given)';
    const text = JSON.stringify(value) ?? String(value);
    return ` (got ${text.length > 40 ? `${text.slice(0, 40)}…` : text})`;
}

/** The keys the configuration schema allows in the object at `path`, when it is a plain section. */
function allowedKeysAt(path: readonly PropertyKey[]): string[] | undefined {
    let schema = unwrap(ConfigSchema);
    for (const step of path) {
        let next: z.ZodType | undefined;
        if (schema instanceof z.ZodObject)
            next = schema.shape[String(step)] as z.ZodType | undefined;
        else if (schema instanceof z.ZodRecord) next = schema.valueType as z.ZodType;
        else if (schema instanceof z.ZodArray) next = schema.element as z.ZodType;
        if (!next) return undefined;
        schema = unwrap(next);
    }
    return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}

/** The schema inside defaults, optionals and pipes (a refinement's or a preprocess's inner schema). */
function unwrap(schema: z.ZodType): z.ZodType {
    for (;;) {
        if (
            schema instanceof z.ZodDefault ||
            schema instanceof z.ZodPrefault ||
            schema instanceof z.ZodOptional
        )
            schema = schema.unwrap() as z.ZodType;
        else if (schema instanceof z.ZodPipe)
            schema = (schema.in instanceof z.ZodTransform ? schema.out : schema.in) as z.ZodType;
        else return schema;
    }
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
