import { parseArgs } from 'node:util';
import { checkTenant } from '../check/check-tenant.ts';
import { TestObjectLeftError, writeTestObject } from '../check/write-test-object.ts';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { createLogger } from '../logger.ts';
import { createTenantRuntimes } from '../tenant-runtime.ts';

const USAGE = `Usage: npm run check-config -- [--config FILE] [--tenant NAME] [--write-test]

Checks the relay configuration against each tenant's Lime: the API key is valid, and every limetype,
property, relation and option key the configuration names exists. Each problem is printed on its own line.

  --config FILE   the configuration file (default: RELAY_CONFIG, else relay/config.example.yaml)
  --tenant NAME   check this tenant only
  --write-test    also create a test object per instance, and delete it again
  --help          print this text

The flags go after "--": without it, npm takes them for itself.
Exit codes: 0 everything fits, 1 a problem was found, 64 wrong arguments, 78 the file is invalid.`;

/** EX_USAGE: the command was used the wrong way. */
const EXIT_USAGE = 64;

/**
 * `npm run check-config -- [--config FILE] [--tenant NAME] [--write-test]`: loads the configuration, asks
 * each tenant's Lime whether the set-up fits, and prints each problem on its own line. Exit code 0 when
 * everything fits, 1 when a problem was found, 64 for arguments it does not take (with the usage), 78 when
 * the file itself is invalid.
 */
const values = readArguments(process.argv.slice(2), process.env);

let config;
try {
    config = loadConfig(values.config);
} catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(78);
}

if (values.tenant && !Object.hasOwn(config.tenants, values.tenant)) {
    console.error(
        `No tenant "${values.tenant}" in the configuration (tenants: ${Object.keys(config.tenants).join(', ')}).`
    );
    process.exit(1);
}

const runtimes = createTenantRuntimes(config, createLogger({ level: 'silent' }));
let problems = 0;
for (const runtime of runtimes.values()) {
    if (values.tenant && runtime.name !== values.tenant) continue;
    const findings = await checkTenant(runtime);
    if (findings.length === 0 && values['write-test']) {
        for (const instance of runtime.config.instances) {
            try {
                const { id } = await writeTestObject(runtime, instance);
                console.log(
                    `tenant ${runtime.name}: instance "${instance.topic}": created and deleted test ${instance.limetype} ${id}`
                );
            } catch (error) {
                findings.push(
                    error instanceof TestObjectLeftError
                        ? `instance "${instance.topic}": created test ${instance.limetype} ${error.id} but could not delete it: ${error.message}; delete it in Lime`
                        : `instance "${instance.topic}": the test ${instance.limetype} could not be written: ${(error as Error).message}`
                );
            }
        }
    }
    for (const finding of findings) console.log(`tenant ${runtime.name}: PROBLEM ${finding}`);
    if (findings.length === 0)
        console.log(
            `tenant ${runtime.name}: OK (${runtime.config.instances.length} instance(s), ${runtime.config.lime.baseUrl})`
        );
    problems += findings.length;
}
process.exit(problems > 0 ? 1 : 0);

/**
 * The command's flags, strictly: an unknown flag, a stray argument or a flag npm took for itself (written
 * before "--") ends the command with the usage and code 64; --help prints the usage and exits 0.
 */
function readArguments(
    args: string[],
    env: NodeJS.ProcessEnv
): { config: string; tenant: string | undefined; 'write-test': boolean } {
    const options = {
        config: { type: 'string' },
        tenant: { type: 'string' },
        'write-test': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
    } as const;
    if (env.npm_lifecycle_event === 'check-config') {
        // npm keeps the flags written before "--" as its own configuration (npm_config_<flag>).
        const taken = Object.keys(options).filter(
            (flag) => env[`npm_config_${flag.replace('-', '_')}`] !== undefined
        );
        if (taken.length > 0)
            usageError(
                `${taken.map((flag) => `--${flag}`).join(', ')} went to npm, not to check-config: write the flags after "--", as in npm run check-config -- --${taken[0]}`
            );
    }
    let parsed;
    try {
        parsed = parseArgs({ args, options, strict: true, allowPositionals: false }).values;
    } catch (error) {
        usageError((error as Error).message);
    }
    if (parsed.help) {
        console.log(USAGE);
        process.exit(0);
    }
    return {
        config:
            parsed.config ??
            process.env.RELAY_CONFIG ??
            new URL('../../config.example.yaml', import.meta.url).pathname,
        tenant: parsed.tenant,
        'write-test': parsed['write-test'],
    };
}

function usageError(message: string): never {
    console.error(`check-config: ${message}\n\n${USAGE}`);
    process.exit(EXIT_USAGE);
}
