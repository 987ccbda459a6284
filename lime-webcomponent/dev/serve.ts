/**
 * Dev harness: the Lime sandbox plus a vite dev server that mounts the conversations view with a
 * development platform. The page calls relative URLs (`api/v1/...`) exactly like Lime's web client; a
 * vite proxy forwards them to the sandbox and adds the `x-api-key` header, so no key reaches the page.
 *
 * Run: `node lime-webcomponent/dev/serve.ts` (prints the URL; PORT env var picks the port, default 5173).
 * With `SANDBOX_URL` (e.g. `http://127.0.0.1:8090/lime`, the demo's) it uses that running sandbox and its
 * data instead of starting one (`SANDBOX_API_KEY`, `SANDBOX_RESTRICTED_API_KEY` if not the defaults).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import {
    startSandbox,
    type FaultSpec,
    type RunningSandbox,
} from '../../sandbox/src/start-sandbox.ts';
import { connectSandbox, type SandboxControl } from '../../sandbox/src/connect-sandbox.ts';

/** Options of {@link startDevHarness}. */
export interface DevHarnessOptions<S extends SandboxControl = RunningSandbox> {
    /** Port of the dev server; 0 (the default) picks a free one. */
    port?: number;
    /** A sandbox to use (also one of another process); when absent one is started, and closed by `close()`. */
    sandbox?: S;
    /** Vite's log level; default 'info'. */
    logLevel?: 'info' | 'warn' | 'error' | 'silent';
}

/** A running harness. */
export interface DevHarness<S extends SandboxControl = RunningSandbox> {
    /** The page, e.g. `http://127.0.0.1:5173/`. */
    url: string;
    sandbox: S;
    /** Which sandbox user the proxy acts as: full access, or the user that gets 403 on restricted objects. */
    setUser(user: HarnessUser): void;
    /** When offline, /api requests get their connection dropped (the browser reports a network error). */
    setOffline(offline: boolean): void;
    close(): Promise<void>;
}

export type HarnessUser = 'full' | 'restricted';

/** The objects the page offers, from the sandbox (limetype → id and name). */
export interface HarnessObject {
    limetype: 'helpdesk' | 'deal';
    id: number;
    name: string;
}

const devRoot = fileURLToPath(new URL('.', import.meta.url));
const limeElementsDist = fileURLToPath(
    new URL('../../node_modules/@limetech/lime-elements/dist', import.meta.url)
);

/** Starts the sandbox (unless given) and the vite dev server; resolves when both listen. */
export async function startDevHarness<S extends SandboxControl = RunningSandbox>(
    options: DevHarnessOptions<S> = {}
): Promise<DevHarness<S>> {
    const sandbox = options.sandbox ?? ((await startSandbox()) as SandboxControl as S);
    const ownsSandbox = options.sandbox === undefined;
    const state = { user: 'full' as HarnessUser, offline: false };
    const sandboxUrl = new URL(sandbox.baseUrl);
    const applicationPath = sandboxUrl.pathname.replace(/\/$/, '');
    const proxyTarget = sandboxUrl.origin;

    let server: ViteDevServer;
    try {
        server = await createServer({
            configFile: false,
            root: devRoot,
            // lime-elements' own dist (Stencil lazy loader + CSS), served as-is at /lime-elements/…
            publicDir: limeElementsDist,
            logLevel: options.logLevel ?? 'info',
            clearScreen: false,
            server: {
                host: '127.0.0.1',
                port: options.port ?? 0,
                strictPort: options.port !== undefined && options.port !== 0,
                proxy: {
                    '/api/': {
                        target: proxyTarget,
                        rewrite: (path) => `${applicationPath}${path}`,
                        configure: (proxy) => {
                            proxy.on('proxyReq', (proxyRequest) => {
                                proxyRequest.setHeader(
                                    'x-api-key',
                                    state.user === 'full'
                                        ? sandbox.apiKey
                                        : sandbox.restrictedApiKey
                                );
                            });
                        },
                    },
                    // The sandbox's stand-in web client: object pages (so links open) and the package's texts.
                    '/client/': {
                        target: proxyTarget,
                        rewrite: (path) => `${applicationPath}${path}`,
                    },
                    '/_webclient/': {
                        target: proxyTarget,
                        rewrite: (path) => `${applicationPath}${path}`,
                    },
                },
            },
            plugins: [createHarnessPlugin(sandbox, state)],
        });
        await server.listen();
    } catch (error) {
        if (ownsSandbox) {
            await sandbox.close();
        }
        throw error;
    }
    const address = server.httpServer?.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    return {
        url: `http://127.0.0.1:${port}/`,
        sandbox,
        setUser: (user) => {
            state.user = user;
        },
        setOffline: (offline) => {
            state.offline = offline;
        },
        async close() {
            await server.close();
            if (ownsSandbox) {
                await sandbox.close();
            }
        },
    };
}

/** Lists the helpdesk tickets and deals the page can mount the component on. */
export async function listHarnessObjects(sandbox: SandboxControl): Promise<HarnessObject[]> {
    const read = async (limetype: HarnessObject['limetype'], field: string) =>
        (await sandbox.objects(limetype)).map((record) => ({
            limetype,
            id: record._id,
            name: typeof record[field] === 'string' ? record[field] : `${limetype} ${record._id}`,
        }));
    return [...(await read('helpdesk', 'title')), ...(await read('deal', 'name'))];
}

const PLACEHOLDER_ICON =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="5" fill="currentColor"/></svg>';

// Endpoints the page uses to drive the harness; they are not part of Lime's API.
function createHarnessPlugin(
    sandbox: SandboxControl,
    state: { user: HarnessUser; offline: boolean }
): Plugin {
    return {
        name: 'lwc-userlike-dev-harness',
        configureServer(server) {
            // Registered before vite's proxy, so "offline" can cut /api requests first.
            server.middlewares.use((request, response, next) => {
                const path = request.url ?? '';
                if (path.startsWith('/assets/icons/')) {
                    // lime-elements fetches icons from /assets/icons/<name>.svg; Lime ships its licensed
                    // icon set, which cannot be redistributed, so the harness draws a neutral dot.
                    response.setHeader('content-type', 'image/svg+xml');
                    response.end(PLACEHOLDER_ICON);
                    return;
                }
                if (state.offline && path.startsWith('/api/')) {
                    request.socket.destroy();
                    return;
                }
                if (!path.startsWith('/__harness/')) {
                    next();
                    return;
                }
                handleHarnessRequest(sandbox, state, request, response).catch((error: unknown) => {
                    sendJson(response, 400, {
                        message: error instanceof Error ? error.message : String(error),
                    });
                });
            });
        },
    };
}

async function handleHarnessRequest(
    sandbox: SandboxControl,
    state: { user: HarnessUser; offline: boolean },
    request: IncomingMessage,
    response: ServerResponse
): Promise<void> {
    const route = `${request.method} ${(request.url ?? '').split('?')[0]}`;
    switch (route) {
        case 'GET /__harness/objects':
            sendJson(response, 200, await listHarnessObjects(sandbox));
            return;
        case 'POST /__harness/faults':
            await sandbox.faults.set((await readJson(request)) as FaultSpec);
            sendJson(response, 200, await sandbox.faults.current());
            return;
        case 'DELETE /__harness/faults':
            await sandbox.faults.clear();
            sendJson(response, 200, {});
            return;
        case 'POST /__harness/network': {
            const body = (await readJson(request)) as { offline?: unknown };
            state.offline = body.offline === true;
            sendJson(response, 200, { offline: state.offline });
            return;
        }
        case 'POST /__harness/user': {
            const body = (await readJson(request)) as { user?: unknown };
            state.user = body.user === 'restricted' ? 'restricted' : 'full';
            sendJson(response, 200, { user: state.user });
            return;
        }
        case 'POST /__harness/reset':
            await sandbox.reset();
            state.offline = false;
            state.user = 'full';
            sendJson(response, 200, {});
            return;
        default:
            sendJson(response, 404, { message: `No harness endpoint ${route}` });
    }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
        chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    return text === '' ? {} : JSON.parse(text);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
    response.statusCode = status;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(body));
}

if (import.meta.main) {
    const port = process.env.PORT ? Number(process.env.PORT) : 5173;
    const url = process.env.SANDBOX_URL;
    const sandbox = url
        ? await connectSandbox(url, {
              apiKey: process.env.SANDBOX_API_KEY,
              restrictedApiKey: process.env.SANDBOX_RESTRICTED_API_KEY,
          }).catch((error: Error) => {
              console.error(error.message);
              process.exit(1);
          })
        : undefined;
    const harness = await startDevHarness<SandboxControl>({ port, sandbox });
    process.stdout.write(
        `Dev harness: ${harness.url}  (Lime sandbox: ${harness.sandbox.baseUrl})\n`
    );
    const stop = (): void => {
        void harness.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
}
