import { parseArgs } from 'node:util';
import { checkTenant } from '../check/check-tenant.ts';
import { TestObjectLeftError, writeTestObject } from '../check/write-test-object.ts';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { createLogger } from '../logger.ts';
import { createTenantRuntimes } from '../tenant-runtime.ts';

/**
 * `npm run check-config [-- --config FILE] [--tenant NAME] [--write-test]`: loads the configuration, asks
 * each tenant's Lime whether the set-up fits, and prints each problem on its own line. Exit code 0 when
 * everything fits, 1 when a problem was found, 78 when the file itself is invalid.
 */
const { values } = parseArgs({
    options: {
        config: {
            type: 'string',
            default:
                process.env.RELAY_CONFIG ??
                new URL('../../config.example.yaml', import.meta.url).pathname,
        },
        tenant: { type: 'string' },
        'write-test': { type: 'boolean', default: false },
    },
});

let config;
try {
    config = loadConfig(values.config as string);
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
