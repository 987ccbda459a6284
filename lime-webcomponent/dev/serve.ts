/**
 * Dev harness: the Lime sandbox plus a vite dev server that mounts the conversations view with a
 * development platform. The page calls relative URLs (`api/v1/...`) exactly like Lime's web client; a
 * vite proxy forwards them to the sandbox and adds the `x-api-key` header, so no key reaches the page.
 *
 * Run: `node lime-webcomponent/dev/serve.ts` (prints the URL; PORT env var picks the port, default 5173).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import {
    startSandbox,
    type FaultSpec,
    type RunningSandbox,
} from '../../test/sandbox/start-sandbox.ts';

/** Options of {@link startDevHarness}. */
export interface DevHarnessOptions {
    /** Port of the dev server; 0 (the default) picks a free one. */
    port?: number;
    /** A sandbox to use; when absent one is started, and closed by `close()`. */
    sandbox?: RunningSandbox;
    /** Vite's log level; default 'info'. */
    logLevel?: 'info' | 'warn' | 'error' | 'silent';
}

/** A running harness. */
export interface DevHarness {
    /** The page, e.g. `http://127.0.0.1:5173/`. */
    url: string;
    sandbox: RunningSandbox;
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
export async function startDevHarness(options: DevHarnessOptions = {}): Promise<DevHarness> {
    const sandbox = options.sandbox ?? (await startSandbox());
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
export function listHarnessObjects(sandbox: RunningSandbox): HarnessObject[] {
    const read = (limetype: HarnessObject['limetype'], field: string): HarnessObject[] =>
        sandbox.objects(limetype).map((record) => ({
            limetype,
            id: record._id,
            name: typeof record[field] === 'string' ? record[field] : `${limetype} ${record._id}`,
        }));
    return [...read('helpdesk', 'title'), ...read('deal', 'name')];
}

const PLACEHOLDER_ICON =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="5" fill="currentColor"/></svg>';

// Endpoints the page uses to drive the harness; they are not part of Lime's API.
function createHarnessPlugin(
    sandbox: RunningSandbox,
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
    sandbox: RunningSandbox,
    state: { user: HarnessUser; offline: boolean },
    request: IncomingMessage,
    response: ServerResponse
): Promise<void> {
    const route = `${request.method} ${(request.url ?? '').split('?')[0]}`;
    switch (route) {
        case 'GET /__harness/objects':
            sendJson(response, 200, listHarnessObjects(sandbox));
            return;
        case 'POST /__harness/faults':
            sandbox.faults.set((await readJson(request)) as FaultSpec);
            sendJson(response, 200, sandbox.faults.current());
            return;
        case 'DELETE /__harness/faults':
            sandbox.faults.clear();
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
            sandbox.reset();
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
    const harness = await startDevHarness({ port });
    process.stdout.write(
        `Dev harness: ${harness.url}  (Lime sandbox: ${harness.sandbox.baseUrl})\n`
    );
    const stop = (): void => {
        void harness.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
}
