/**
 * `npm run check-config` as an administrator runs it: a real process, the shipped example configuration
 * (or a broken copy of it), against the sandbox. Each problem on its own line; exit 0, 1 or 78.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { startSandbox, type RunningSandbox } from '../../sandbox/src/start-sandbox.ts';
import { RELAY_API_KEY } from './support/start-relay.ts';

const CLI = fileURLToPath(new URL('../../relay/src/cli/check-config.ts', import.meta.url));
let sandbox: RunningSandbox;

beforeAll(async () => {
    sandbox = await startSandbox();
});
afterAll(async () => {
    await sandbox?.close();
});

/** Writes a copy of the example configuration, changed by `edit`, and returns its path. */
function configFile(edit: (raw: Record<string, any>) => void = () => {}): string {
    const raw = parseYaml(
        readFileSync(new URL('../../relay/config.example.yaml', import.meta.url), 'utf8')
    );
    edit(raw);
    const path = join(mkdtempSync(join(tmpdir(), 'check-config-')), 'relay.yaml');
    writeFileSync(path, stringify(raw));
    return path;
}

async function checkConfig(
    configPath: string,
    args: string[] = [],
    limeApiKey = sandbox.apiKey,
    limeBaseUrl = sandbox.baseUrl
) {
    try {
        const { stdout } = await promisify(execFile)(
            process.execPath,
            [CLI, '--config', configPath, ...args],
            {
                env: {
                    ...process.env,
                    LIME_BASE_URL: limeBaseUrl,
                    LIME_API_KEY: limeApiKey,
                    RELAY_API_KEY,
                },
            }
        );
        return { code: 0, lines: stdout.trim().split('\n') };
    } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, lines: `${failed.stdout}${failed.stderr}`.trim().split('\n') };
    }
}

/** Runs `npm run check-config <args>` from the repository root, as the README shows it. */
async function npmCheckConfig(args: string[]) {
    try {
        const { stdout, stderr } = await promisify(execFile)(
            'npm',
            ['run', '--silent', 'check-config', ...args],
            {
                cwd: fileURLToPath(new URL('../../', import.meta.url)),
                env: {
                    ...process.env,
                    LIME_BASE_URL: sandbox.baseUrl,
                    LIME_API_KEY: sandbox.apiKey,
                    RELAY_API_KEY,
                },
            }
        );
        return { code: 0, output: `${stdout}${stderr}` };
    } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, output: `${failed.stdout}${failed.stderr}` };
    }
}

describe('its arguments', () => {
    it('prints the usage for --help and exits 0', async () => {
        const result = await checkConfig(configFile(), ['--help']);
        expect(result.code).toBe(0);
        expect(result.lines[0]).toBe(
            'Usage: npm run check-config -- [--config FILE] [--tenant NAME] [--write-test]'
        );
    });

    it.each([
        [['--bogus'], "check-config: Unknown option '--bogus'"],
        [['--tenant'], "check-config: Option '--tenant <value>' argument missing"],
        [['default'], "check-config: Unexpected argument 'default'"],
    ])('refuses %j with the usage and exit code 64, without a stack trace', async (args, first) => {
        const result = await checkConfig(configFile(), args);
        expect(result.code).toBe(64);
        expect(result.lines[0]).toContain(first);
        expect(result.lines).toContain(
            'Usage: npm run check-config -- [--config FILE] [--tenant NAME] [--write-test]'
        );
        expect(result.lines.join('\n')).not.toMatch(/\n\s+at /);
    });

    it('says so when a flag went to npm instead (written before "--")', async () => {
        const result = await npmCheckConfig(['--write-test']);
        expect(result.code).toBe(64);
        expect(result.output).toContain(
            'check-config: --write-test went to npm, not to check-config: write the flags after "--", as in npm run check-config -- --write-test'
        );
    });

    it("works in the README's form", async () => {
        const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
        expect(readme).toContain(
            'npm run check-config -- [--config FILE] [--tenant NAME] [--write-test]'
        );
        const result = await npmCheckConfig([
            '--',
            '--config',
            configFile(),
            '--tenant',
            'default',
            '--write-test',
        ]);
        expect(result.code, result.output).toBe(0);
        expect(result.output).toContain('tenant default: OK');
    });
});

describe('npm run check-config', () => {
    it('finds the shipped example configuration sound for the sandbox', async () => {
        const result = await checkConfig(configFile());
        expect(result).toEqual({
            code: 0,
            lines: [`tenant default: OK (2 instance(s), ${sandbox.baseUrl})`],
        });
    });

    it('says so when Lime rejects the API key', async () => {
        const result = await checkConfig(configFile(), [], 'not-a-valid-key');
        expect(result.code).toBe(1);
        expect(result.lines).toEqual([
            'tenant default: PROBLEM Lime API key: Lime rejects the API key (401)',
        ]);
        expect(result.lines.join('\n')).not.toContain('not-a-valid-key');
    });

    it('names the Lime address, not the API key, when Lime does not answer', async () => {
        const result = await checkConfig(
            configFile(),
            [],
            sandbox.apiKey,
            'http://127.0.0.1:9/lime'
        );
        expect(result).toEqual({
            code: 1,
            lines: [
                'tenant default: PROBLEM Lime at http://127.0.0.1:9/lime: Lime did not answer GET /api/v1/ (ECONNREFUSED)',
            ],
        });
    });

    it('reports each missing limetype, property, relation and option key on its own line', async () => {
        const path = configFile((raw) => {
            const tenant = raw.tenants.default;
            tenant.instances[0].historyType = 'chat';
            tenant.instances[0].values.priority = { value: 'high' };
            tenant.instances[1].limetype = 'opportunity';
            tenant.instances[1].topic = 'Sales';
            tenant.person.rules = [{ payloadPath: 'contact.email', property: 'emailaddress' }];
            tenant.media.document.type = 'invoice';
        });
        const result = await checkConfig(path);
        expect(result.code).toBe(1);
        expect(result.lines).toEqual(
            expect.arrayContaining([
                'tenant default: PROBLEM property person.emailaddress is missing',
                'tenant default: PROBLEM instance "Support": history type "chat" is not an option key of history.type (known: comment, customervisit, talkedto, salescall, sentemail, receivedemail, noanswer)',
                expect.stringMatching(
                    /^tenant default: PROBLEM instance "Support": .*helpdesk.*priority/
                ),
                'tenant default: PROBLEM limetype opportunity is missing in Lime',
                'tenant default: PROBLEM relation document.opportunity is missing',
                expect.stringMatching(
                    /^tenant default: PROBLEM media: document type "invoice" is not an option key of document.type/
                ),
            ])
        );
    });

    it('creates and deletes a test object per instance with --write-test', async () => {
        const before = {
            helpdesk: sandbox.objects('helpdesk').length,
            deal: sandbox.objects('deal').length,
        };
        const result = await checkConfig(configFile(), ['--write-test']);
        expect(result.code).toBe(0);
        expect(result.lines).toEqual([
            expect.stringMatching(
                /^tenant default: instance "Support": created and deleted test helpdesk \d+$/
            ),
            expect.stringMatching(
                /^tenant default: instance "Sales": created and deleted test deal \d+$/
            ),
            `tenant default: OK (2 instance(s), ${sandbox.baseUrl})`,
        ]);
        expect({
            helpdesk: sandbox.objects('helpdesk').length,
            deal: sandbox.objects('deal').length,
        }).toEqual(before);
    });

    it('names a test object it created but could not delete', async () => {
        sandbox.faults.set({ failNext: { count: 2, status: 400 }, match: { method: 'DELETE' } });
        try {
            const result = await checkConfig(configFile(), ['--write-test']);
            expect(result.code).toBe(1);
            const leftover = sandbox.objects('helpdesk').at(-1)!;
            expect(result.lines[0]).toMatch(
                new RegExp(
                    `^tenant default: PROBLEM instance "Support": created test helpdesk ${leftover._id} but could not delete it: .*; delete it in Lime$`
                )
            );
        } finally {
            sandbox.faults.clear();
        }
    });

    it('says so when --tenant names no configured tenant', async () => {
        const result = await checkConfig(configFile(), ['--tenant', 'nosuch']);
        expect(result).toEqual({
            code: 1,
            lines: ['No tenant "nosuch" in the configuration (tenants: default).'],
        });
    });

    it('exits 78 naming the key when the file itself is invalid', async () => {
        const result = await checkConfig(
            configFile((raw) => (raw.tenants.default.lime.apiKey = 'written-in-the-file'))
        );
        expect(result.code).toBe(78);
        expect(result.lines.join('\n')).toContain(
            'tenants.default.lime.apiKey: secrets are not written in the configuration file'
        );
        expect(result.lines.join('\n')).not.toContain('written-in-the-file');
    });
});
