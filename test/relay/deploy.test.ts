/**
 * The deploy artefacts in deploy/ as an administrator installs them: the systemd unit (checked by
 * `systemd-analyze verify` where systemd is installed, and against what the relay needs everywhere), the
 * environment file's example, and how the relay process starts with them (HOST, a busy PORT).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { parseConfig } from '../../relay/src/config/load-config.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/src/start-sandbox.ts';
import { findFreePort, startRelayProcess } from './support/relay-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const UNIT_PATH = join(ROOT, 'deploy/userlike-lime-relay.service');
const ENV_EXAMPLE_PATH = join(ROOT, 'deploy/relay.env.example');
const run = promisify(execFile);
/** Debian's `systemd` package has it; .ci/run installs it. */
const HAS_SYSTEMD_ANALYZE = await run('systemd-analyze', ['--version']).then(
    () => true,
    () => false
);

/** A unit file as systemd reads it: section → key → values (a key may repeat). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
    const sections = new Map<string, Map<string, string[]>>();
    let current: Map<string, string[]> | undefined;
    for (const raw of text.split('\n')) {
        const line = raw.trim();
        if (!line || line.startsWith('#') || line.startsWith(';')) continue;
        const section = /^\[(.+)\]$/.exec(line);
        if (section) {
            current = new Map();
            sections.set(section[1] as string, current);
            continue;
        }
        const [key, ...value] = line.split('=');
        if (!current || value.length === 0) throw new Error(`Not a unit file line: ${line}`);
        current.set(key as string, [...(current.get(key as string) ?? []), value.join('=')]);
    }
    return sections;
}

/** NAME=value lines, as systemd's EnvironmentFile= and a shell's `set -a; . file` both read them. */
function parseEnvFile(text: string): Record<string, string> {
    const values: Record<string, string> = {};
    for (const raw of text.split('\n')) {
        const line = raw.trim();
        if (!line || line.startsWith('#')) continue;
        const match = /^([A-Z_][A-Z0-9_]*)=(\S*)$/.exec(line);
        if (!match) throw new Error(`Not a NAME=value line (no quotes, no spaces): ${line}`);
        values[match[1] as string] = match[2] as string;
    }
    return values;
}

const unitText = readFileSync(UNIT_PATH, 'utf8');
const unit = parseUnit(unitText);
const service = unit.get('Service') ?? new Map<string, string[]>();
const setting = (key: string): string | undefined => service.get(key)?.at(-1);
const envExample = parseEnvFile(readFileSync(ENV_EXAMPLE_PATH, 'utf8'));

describe('the systemd unit', () => {
    it('runs the pinned Node.js from the installed repository as its own user', () => {
        const directory = setting('WorkingDirectory') as string;
        expect(setting('User')).toMatch(/^[a-z][a-z0-9-]*$/);
        expect(setting('ExecStart')).toBe(`${directory}/node_modules/.bin/node relay/src/main.ts`);
        expect(existsSync(join(ROOT, 'relay/src/main.ts'))).toBe(true);
        expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
    });

    it('takes secrets from an environment file, read again on reload, and keeps the journal in its state directory', () => {
        expect(setting('EnvironmentFile')).toMatch(/^\/etc\/.+\.env$/);
        expect(service.get('Environment')).toContain(
            `RELAY_ENV_FILE=${setting('EnvironmentFile')}`
        );
        expect(setting('StateDirectory')).toBe('userlike-lime-relay');
        // systemd hands the directory to the relay as STATE_DIRECTORY, which the configuration can name.
        const raw = parseYaml(readFileSync(join(ROOT, 'relay/config.example.yaml'), 'utf8'));
        raw.delivery = { store: '${STATE_DIRECTORY}/relay.sqlite' };
        const config = parseConfig(raw, {
            ...envExample,
            STATE_DIRECTORY: '/var/lib/userlike-lime-relay',
        });
        expect(config.delivery.store).toBe('/var/lib/userlike-lime-relay/relay.sqlite');
    });

    it('restarts after a failure, but not after a configuration error (exit code 78)', () => {
        expect(setting('Restart')).toBe('on-failure');
        expect(setting('RestartPreventExitStatus')).toBe('78');
    });

    it('reloads the configuration with SIGHUP to the node process (systemctl reload)', () => {
        expect(setting('ExecReload')).toBe('/bin/kill -HUP $MAINPID');
    });

    it("waits longer than the relay's own SIGTERM budget before it kills", () => {
        expect(setting('KillSignal') ?? 'SIGTERM').toBe('SIGTERM');
        const stopSeconds = Number(/^(\d+)s?$/.exec(setting('TimeoutStopSec') ?? '')?.[1]);
        const budgetMs = Number(envExample.SHUTDOWN_TIMEOUT_MS);
        expect(budgetMs).toBeGreaterThan(0);
        expect(stopSeconds * 1000).toBeGreaterThan(budgetMs);
    });

    it.runIf(HAS_SYSTEMD_ANALYZE)(
        'passes `systemd-analyze verify` installed over this repository',
        async () => {
            const directory = setting('WorkingDirectory') as string;
            const scratch = mkdtempSync(join(tmpdir(), 'relay-unit-'));
            const envFile = join(scratch, 'relay.env');
            writeFileSync(envFile, readFileSync(ENV_EXAMPLE_PATH));
            // verify checks that ExecStart= exists: point the unit at this repository.
            const installed = unitText
                .replaceAll(directory, ROOT.replace(/\/$/, ''))
                .replaceAll(setting('EnvironmentFile') as string, envFile);
            const unitPath = join(scratch, 'userlike-lime-relay.service');
            writeFileSync(unitPath, installed);
            const result = await run('systemd-analyze', ['verify', unitPath]).then(
                ({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}` }),
                (error: { code: number; stdout: string; stderr: string }) => ({
                    code: error.code,
                    output: `${error.stdout}${error.stderr}`,
                })
            );
            // Unknown keys and bad values are only warnings: any output is a finding.
            expect(result).toEqual({ code: 0, output: '' });
        }
    );
});

describe('the environment file', () => {
    it('names every variable the example configuration references, and nothing but NAME=value lines', () => {
        // The values' references (comments may name others, such as a rotation's next key).
        const config = JSON.stringify(
            parseYaml(readFileSync(join(ROOT, 'relay/config.example.yaml'), 'utf8'))
        );
        const referenced = [...config.matchAll(/\$\{([A-Z_][A-Z0-9_]*)\}/g)].map((m) => m[1]);
        expect(referenced.length).toBeGreaterThan(0);
        for (const name of referenced) expect(Object.keys(envExample)).toContain(name);
    });
});

describe('the relay process', () => {
    let sandbox: RunningSandbox;
    let configPath: string;
    beforeAll(async () => {
        sandbox = await startSandbox();
        const dir = mkdtempSync(join(tmpdir(), 'relay-deploy-'));
        const raw = parseYaml(readFileSync(join(ROOT, 'relay/config.example.yaml'), 'utf8'));
        raw.delivery = { store: join(dir, 'relay.sqlite') };
        configPath = join(dir, 'relay.yaml');
        writeFileSync(configPath, stringify(raw));
    });
    afterAll(async () => {
        await sandbox?.close();
    });
    const env = () => ({
        ...envExample,
        LIME_BASE_URL: sandbox.baseUrl,
        LIME_API_KEY: sandbox.apiKey,
    });

    it('listens on HOST only', async () => {
        const relay = await startRelayProcess({ configPath, env: env() });
        try {
            expect(relay.stdout()).toContain('"host":"127.0.0.1"');
            const answer = await fetch(`${relay.url}/healthz`);
            expect(answer.status).toBe(200);
        } finally {
            await relay.kill();
        }
    });

    it('says in one line that its port is busy, and exits 1', async () => {
        const port = await findFreePort();
        const blocker = createServer().listen(port, '127.0.0.1');
        await new Promise((resolve) => blocker.once('listening', resolve));
        try {
            const start = startRelayProcess({ configPath, env: env(), port });
            await expect(start).rejects.toThrow(
                new RegExp(`code 1,[\\s\\S]*Port ${port} is in use: stop what listens on it`)
            );
            await start.catch((error: Error) => {
                expect(error.message).not.toMatch(/\n\s+at /); // no stack trace
            });
        } finally {
            blocker.close();
        }
    });
});
