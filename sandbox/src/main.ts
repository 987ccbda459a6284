/**
 * CLI: `node sandbox/src/main.ts [--port 8090] [--api-key K] [--restricted-api-key K] [--db path] [--no-seed]`.
 * Environment: SANDBOX_PORT, SANDBOX_API_KEY, SANDBOX_RESTRICTED_API_KEY, SANDBOX_DB (flags win).
 * Prints the base URL and the keys: they are sandbox keys, not secrets.
 */
import { parseArgs } from 'node:util';
import { startSandbox } from './start-sandbox.ts';
import type { SandboxOptions } from './start-sandbox.ts';

/** Turns command-line flags and environment variables into sandbox options. */
export function readSandboxOptions(args: string[], env: NodeJS.ProcessEnv): SandboxOptions {
    const { values } = parseArgs({
        args,
        options: {
            port: { type: 'string' },
            'api-key': { type: 'string' },
            'restricted-api-key': { type: 'string' },
            db: { type: 'string' },
            'no-seed': { type: 'boolean' },
        },
        strict: true,
    });
    const portText = values.port ?? env.SANDBOX_PORT ?? '8090';
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
        throw new Error(`invalid port "${portText}" (use --port or SANDBOX_PORT, 0-65535)`);
    }
    const options: SandboxOptions = { port, seed: !values['no-seed'] };
    const apiKey = values['api-key'] ?? env.SANDBOX_API_KEY;
    if (apiKey) options.apiKey = apiKey;
    const restrictedApiKey = values['restricted-api-key'] ?? env.SANDBOX_RESTRICTED_API_KEY;
    if (restrictedApiKey) options.restrictedApiKey = restrictedApiKey;
    const databasePath = values.db ?? env.SANDBOX_DB;
    if (databasePath) options.databasePath = databasePath;
    return options;
}

async function runSandbox(): Promise<void> {
    const sandbox = await startSandbox(readSandboxOptions(process.argv.slice(2), process.env));
    console.log(`Lime CRM sandbox listening
  LIME_BASE_URL       ${sandbox.baseUrl}
  full API key        ${sandbox.apiKey}
  restricted API key  ${sandbox.restrictedApiKey}
  web client page     ${sandbox.baseUrl}/client/object/<limetype>/<id>
  inspection          http://127.0.0.1:${sandbox.port}/_sandbox/{objects/<limetype>,requests,faults,reset}`);
    let closing = false;
    const stop = (signal: string): void => {
        if (closing) return;
        closing = true;
        console.log(`${signal}: closing the sandbox`);
        sandbox.close().then(
            () => process.exit(0),
            (error: unknown) => {
                console.error('sandbox: close failed', error);
                process.exit(1);
            }
        );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
}

if (import.meta.main) {
    runSandbox().catch((error: unknown) => {
        console.error('sandbox: could not start:', error instanceof Error ? error.message : error);
        process.exit(1);
    });
}
