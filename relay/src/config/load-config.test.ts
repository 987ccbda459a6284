import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadConfigFile, parseConfig } from './load-config.ts';

const env = {
    RELAY_API_KEY: 'relay-key-0123456789',
    LIME_API_KEY: 'secret-lime-key',
    LIME_BASE_URL: 'https://lime.example.com/app',
};
const minimal = {
    tenants: {
        default: {
            relayApiKey: '${RELAY_API_KEY}',
            lime: { baseUrl: '${LIME_BASE_URL}', apiKey: '${LIME_API_KEY}' },
            instances: [{ topic: 'Support', limetype: 'helpdesk' }],
        },
    },
};

describe('loadConfig', () => {
    it('loads the shipped example with Lime Chat defaults filled in', () => {
        const config = loadConfig(
            new URL('../../config.example.yaml', import.meta.url).pathname,
            env
        );
        const tenant = config.tenants.default!;
        expect(tenant.lime.apiKey).toBe('secret-lime-key');
        expect(tenant.instances.map((i) => [i.topic, i.limetype])).toEqual([
            ['Support', 'helpdesk'],
            ['Sales', 'deal'],
        ]);
        expect(tenant.widgetDefaultTopics['139611']).toBe('Support');
        expect(tenant.conversation.limetype).toBe('ulconversation');
        expect(tenant.conversation.fields.conversationId).toBe('conversationid');
        expect(tenant.person.rules).toEqual([
            { match: 'equals', payloadPath: 'contact.email', property: 'email' },
        ]);
        expect(config.server.mountPath).toBe('/userlike/');
        expect(Object.isFrozen(tenant)).toBe(true);
    });

    it('reads JSON as well as YAML', () => {
        const dir = mkdtempSync(join(tmpdir(), 'relay-config-'));
        const file = join(dir, 'relay.json');
        writeFileSync(file, JSON.stringify(minimal));
        expect(loadConfig(file, env).tenants.default!.instances).toHaveLength(1);
    });

    it('refuses secrets written in the file, naming the key but not the value', () => {
        const raw = structuredClone(minimal);
        raw.tenants.default.lime.apiKey = 'plain-text-secret';
        const attempt = () => parseConfig(raw, env);
        expect(attempt).toThrow(ConfigError);
        expect(attempt).toThrow(
            /tenants\.default\.lime\.apiKey: secrets are not written in the configuration file/
        );
        expect(attempt).not.toThrow(/plain-text-secret/);
    });

    it('names a missing environment variable and the key that needs it', () => {
        expect(() => parseConfig(minimal, { ...env, LIME_API_KEY: undefined })).toThrow(
            /tenants\.default\.lime\.apiKey: the environment variable LIME_API_KEY is not set/
        );
    });

    it('names every invalid or unknown key', () => {
        const raw = structuredClone(minimal) as Record<string, unknown> & typeof minimal;
        (raw.tenants.default.instances[0] as Record<string, unknown>).limetype = 'not a name';
        (raw.tenants.default as Record<string, unknown>).instnces = [];
        let message = '';
        try {
            parseConfig(raw, env);
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).toMatch(
            /tenants\.default\.instances\.0\.limetype: must be a Lime limetype name/
        );
        expect(message).toMatch(
            /tenants\.default: unknown key\(s\) "instnces"; the keys here are relayApiKey, relayApiKeys, lime, /
        );
    });

    it('says what is allowed for every key with a fixed set of values', () => {
        const problems = (edit: (raw: any) => void): string[] => {
            const raw = structuredClone(minimal) as any;
            edit(raw);
            try {
                parseConfig(raw, env);
            } catch (error) {
                return (error as Error).message.split('\n').slice(1);
            }
            throw new Error('expected the configuration to be refused');
        };
        const instance = (edit: (instance: any) => void) =>
            problems((raw) => edit(raw.tenants.default.instances[0]));
        expect(
            problems((raw) => {
                raw.tenants.default.person = {
                    rules: [
                        { payloadPath: 'contact.email', property: 'email' },
                        { match: 'email', payloadPath: 'contact.email', property: 'email' },
                    ],
                };
            })
        ).toEqual([
            '  - tenants.default.person.rules.1.match: must be one of "equals", "phone" (got "email")',
        ]);
        expect(instance((i) => (i.noteMode = 'daily'))).toEqual([
            '  - tenants.default.instances.0.noteMode: must be one of "perSend", "perDay" (got "daily")',
        ]);
        expect(instance((i) => (i.speakerStyle = 'full'))).toEqual([
            '  - tenants.default.instances.0.speakerStyle: must be one of "nameAndRole", "name", "role", "none" (got "full")',
        ]);
        expect(instance((i) => (i.filter = { mode: 'deny', tags: ['x'] }))).toEqual([
            '  - tenants.default.instances.0.filter.mode: must be one of "acceptOnly", "reject" (got "deny")',
        ]);
        expect(instance((i) => (i.values = { title: { valeu: 'Chat' } }))).toEqual([
            '  - tenants.default.instances.0.values.title: must be one of { value: <text, number or true/false> }, { path: <payload path>, map?, default? } or { template: <text with {path} placeholders> }; this one has "valeu"',
        ]);
        expect(problems((raw) => (raw.server = { mountpath: '/chat/' }))).toEqual([
            '  - server: unknown key(s) "mountpath"; the keys here are mountPath, bodyLimitBytes',
        ]);
    });

    it('refuses a retry base delay greater than the maximum delay, naming the key', () => {
        const raw = { ...minimal, delivery: { retry: { baseMs: 60_000, maxMs: 30_000 } } };
        expect(() => parseConfig(raw, env)).toThrow(
            /delivery\.retry\.baseMs: must not be greater than delivery\.retry\.maxMs/
        );
        // Only maxMs given: the default baseMs (2 s) is checked against it too.
        expect(() =>
            parseConfig({ ...minimal, delivery: { retry: { maxMs: 1_000 } } }, env)
        ).toThrow(/delivery\.retry\.baseMs/);
        expect(
            parseConfig({ ...minimal, delivery: { retry: { baseMs: 5_000, maxMs: 5_000 } } }, env)
                .delivery.retry
        ).toMatchObject({ baseMs: 5_000, maxMs: 5_000 });
    });

    it('gives each problem on its own, key first', () => {
        const raw = structuredClone(minimal) as Record<string, any>;
        raw.tenants.default.relayApiKey = 'short';
        raw.tenants.default.lime.apiKey = '${UNSET_KEY}';
        let problems: readonly string[] = [];
        try {
            parseConfig(raw, env);
        } catch (error) {
            problems = (error as ConfigError).problems;
        }
        expect(problems).toEqual([
            'tenants.default.relayApiKey: secrets are not written in the configuration file; use an environment reference such as "${LIME_API_KEY}"',
            'tenants.default.lime.apiKey: the environment variable UNSET_KEY is not set',
        ]);
    });

    describe('accepted keys (one, or a list for a rotation)', () => {
        const keysEnv = {
            ...env,
            RELAY_API_KEY_NEXT: 'relay-key-next-0123456789',
            ADMIN_API_KEY: 'admin-key-0123456789',
            ADMIN_API_KEY_NEXT: 'admin-key-next-0123456789',
        };
        const withKeys = (tenantKeys: Record<string, unknown>, admin?: Record<string, unknown>) => {
            const { relayApiKey: _single, ...tenant } = minimal.tenants.default;
            return {
                ...(admin ? { admin } : {}),
                tenants: { default: { ...tenant, ...tenantKeys } },
            };
        };

        it('gives the code one list, from either form', () => {
            const single = parseConfig(minimal, keysEnv);
            expect(single.tenants.default!.relayApiKeys).toEqual(['relay-key-0123456789']);
            expect(single.admin.apiKeys).toEqual([]);
            const lists = parseConfig(
                withKeys(
                    { relayApiKeys: ['${RELAY_API_KEY}', '${RELAY_API_KEY_NEXT}'] },
                    { apiKeys: ['${ADMIN_API_KEY}', '${ADMIN_API_KEY_NEXT}'] }
                ),
                keysEnv
            );
            expect(lists.tenants.default!.relayApiKeys).toEqual([
                'relay-key-0123456789',
                'relay-key-next-0123456789',
            ]);
            expect(lists.admin.apiKeys).toEqual([
                'admin-key-0123456789',
                'admin-key-next-0123456789',
            ]);
            expect(
                parseConfig({ ...minimal, admin: { apiKey: '${ADMIN_API_KEY}' } }, keysEnv).admin
                    .apiKeys
            ).toEqual(['admin-key-0123456789']);
        });

        it('refuses a key of a list written in the file, naming it but not the value', () => {
            const attempt = () =>
                parseConfig(
                    withKeys(
                        { relayApiKeys: ['${RELAY_API_KEY}', 'literal-key-in-file-0123'] },
                        { apiKeys: ['literal-admin-key-0123456'] }
                    ),
                    keysEnv
                );
            expect(attempt).toThrow(
                /tenants\.default\.relayApiKeys\.1: secrets are not written in the configuration file/
            );
            expect(attempt).toThrow(
                /admin\.apiKeys\.0: secrets are not written in the configuration file/
            );
            expect(attempt).not.toThrow(/literal-/);
        });

        it('refuses both forms at once, neither for a tenant, an empty list and a short key', () => {
            expect(() =>
                parseConfig(
                    {
                        ...minimal,
                        tenants: {
                            default: {
                                ...minimal.tenants.default,
                                relayApiKeys: ['${RELAY_API_KEY_NEXT}'],
                            },
                        },
                    },
                    keysEnv
                )
            ).toThrow(
                /tenants\.default\.relayApiKeys: set either relayApiKey \(one key\) or relayApiKeys \(a list of keys\), not both/
            );
            expect(() =>
                parseConfig(
                    {
                        ...minimal,
                        admin: { apiKey: '${ADMIN_API_KEY}', apiKeys: ['${ADMIN_API_KEY}'] },
                    },
                    keysEnv
                )
            ).toThrow(/admin\.apiKeys: set either apiKey \(one key\) or apiKeys/);
            expect(() => parseConfig(withKeys({}), keysEnv)).toThrow(
                /tenants\.default\.relayApiKey: is required \(or relayApiKeys, a list of keys\)/
            );
            expect(() => parseConfig(withKeys({ relayApiKeys: [] }), keysEnv)).toThrow(
                /tenants\.default\.relayApiKeys: must list at least one key/
            );
            expect(() =>
                parseConfig(withKeys({ relayApiKeys: ['${SHORT}'] }), {
                    ...keysEnv,
                    SHORT: 'short',
                })
            ).toThrow(/tenants\.default\.relayApiKeys\.0: must be at least 16 characters/);
        });
    });

    it('takes media.resolve only for allowlisted host names and IP addresses', () => {
        const withMedia = (media: Record<string, unknown>) => ({
            tenants: { default: { ...minimal.tenants.default, media } },
        });
        expect(parseConfig(minimal, env).tenants.default!.media.resolve).toEqual({});
        expect(
            parseConfig(
                withMedia({
                    allowedHosts: ['media.smoke.test', '*.userlike.com'],
                    resolve: { 'media.smoke.test': '127.0.0.1', 'files.userlike.com': '::1' },
                }),
                env
            ).tenants.default!.media.resolve
        ).toEqual({ 'media.smoke.test': '127.0.0.1', 'files.userlike.com': '::1' });
        let message = '';
        try {
            parseConfig(
                withMedia({
                    allowedHosts: ['media.smoke.test'],
                    resolve: {
                        'other.example.com': '127.0.0.1',
                        'media.smoke.test': 'localhost',
                        '*.smoke.test': '127.0.0.1',
                    },
                }),
                env
            );
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).toMatch(
            /media\.resolve\.media\.smoke\.test: must be an IPv4 or IPv6 address/
        );
        expect(message).toMatch(
            /media\.resolve\.\*\.smoke\.test: must be a host name \(no wildcard\)/
        );
        const allowlist = () =>
            parseConfig(
                withMedia({
                    allowedHosts: ['media.smoke.test'],
                    resolve: { 'other.example.com': '127.0.0.1' },
                }),
                env
            );
        expect(allowlist).toThrow(
            /tenants\.default\.media\.resolve\.other\.example\.com: is not in media\.allowedHosts/
        );
    });

    it('reports a file that cannot be read', () => {
        expect(() => loadConfig('/nonexistent/relay.yaml', env)).toThrow(
            /Cannot read the configuration file \/nonexistent\/relay.yaml: ENOENT/
        );
    });
});

describe('loadConfigFile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-config-file-'));

    it("versions the configuration by its file's SHA-256, as sha256sum shows it", () => {
        const file = join(dir, 'relay.json');
        writeFileSync(file, JSON.stringify(minimal));
        const loaded = loadConfigFile(file, env);
        expect(loaded.hash).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
        expect(loaded.config.tenants.default!.lime.apiKey).toBe('secret-lime-key');
        writeFileSync(file, JSON.stringify(minimal, null, 2));
        expect(loadConfigFile(file, env).hash).not.toBe(loaded.hash);
    });

    it('resolves references from RELAY_ENV_FILE before the environment, reading it on every load', () => {
        const file = join(dir, 'relay.json');
        const envFile = join(dir, 'relay.env');
        writeFileSync(file, JSON.stringify(minimal));
        writeFileSync(envFile, '# secrets\nLIME_API_KEY=rotated-lime-key\n');
        const withFile = { ...env, RELAY_ENV_FILE: envFile };
        const first = loadConfigFile(file, withFile);
        expect(first.config.tenants.default!.lime.apiKey).toBe('rotated-lime-key');
        expect(first.config.tenants.default!.relayApiKeys).toEqual([env.RELAY_API_KEY]);
        writeFileSync(envFile, 'LIME_API_KEY="rotated-again"\n');
        const second = loadConfigFile(file, withFile);
        expect(second.config.tenants.default!.lime.apiKey).toBe('rotated-again');
        // The secrets are no part of the version.
        expect(second.hash).toBe(first.hash);
        expect(() =>
            loadConfigFile(file, { ...env, RELAY_ENV_FILE: join(dir, 'missing.env') })
        ).toThrow(/RELAY_ENV_FILE: cannot read .*missing\.env: ENOENT/);
    });

    it('says where a syntax error is without quoting the file', () => {
        const yamlFile = join(dir, 'broken.yaml');
        writeFileSync(yamlFile, 'tenants:\n  default: { relayApiKey: literal-secret-value\n');
        const jsonFile = join(dir, 'broken.json');
        writeFileSync(jsonFile, '{ "apiKey": literal-secret-value }');
        for (const file of [yamlFile, jsonFile]) {
            let message = '';
            try {
                loadConfigFile(file, env);
            } catch (error) {
                message = (error as ConfigError).message;
            }
            expect(message).toMatch(/is not valid (YAML|JSON): /);
            expect(message).not.toContain('literal-secret-value');
        }
    });
});
