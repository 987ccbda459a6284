/**
 * A sandbox that runs in another process (`npm run demo`, `npm run sandbox`), driven over its inspection
 * routes (`/_sandbox/...`): what the web component's dev harness needs to show the data the demo wrote.
 */
import type { FaultSpec } from './fault-injector.ts';
import type { LimeObjectRecord } from './object-store.ts';

/**
 * What a harness drives: the sandbox of this process (a RunningSandbox fits), or one of another process
 * (RemoteSandbox).
 */
export interface SandboxControl {
    readonly baseUrl: string;
    readonly apiKey: string;
    readonly restrictedApiKey: string;
    objects(limetype: string): LimeObjectRecord[] | Promise<LimeObjectRecord[]>;
    faults: {
        set(spec: FaultSpec): unknown;
        current(): FaultSpec | Promise<FaultSpec>;
        clear(): unknown;
    };
    reset(): unknown;
    close(): Promise<void>;
}

/** A sandbox of another process. `close()` leaves it running: it is not this process's. */
export interface RemoteSandbox extends SandboxControl {
    objects(limetype: string): Promise<LimeObjectRecord[]>;
    faults: {
        set(spec: FaultSpec): Promise<void>;
        current(): Promise<FaultSpec>;
        clear(): Promise<void>;
    };
    reset(): Promise<void>;
}

/**
 * Connects to the sandbox whose base URL is `baseUrl` (e.g. `http://127.0.0.1:8090/lime`, as the demo
 * prints it), with the keys it was started with (the sandbox's defaults unless given). Rejects with a
 * message naming the URL when no sandbox answers there or it refuses the key.
 */
export async function connectSandbox(
    baseUrl: string,
    keys: { apiKey?: string; restrictedApiKey?: string } = {}
): Promise<RemoteSandbox> {
    const base = baseUrl.replace(/\/+$/, '');
    const apiKey = keys.apiKey ?? 'sandbox-full-key';
    const restrictedApiKey = keys.restrictedApiKey ?? 'sandbox-restricted-key';
    let answer: Response;
    try {
        answer = await fetch(`${base}/api/v1/`, { headers: { 'x-api-key': apiKey } });
    } catch (error) {
        throw new Error(
            `No Lime sandbox answers at ${base} (${reasonOf(error)}): start one (npm run demo, npm run sandbox) or check the URL.`,
            { cause: error }
        );
    }
    if (answer.status !== 200) {
        throw new Error(
            `The Lime sandbox at ${base} answers ${answer.status} to its API key: give the key it was started with.`
        );
    }

    async function call(method: string, path: string, body?: unknown): Promise<unknown> {
        const response = await fetch(`${base}/_sandbox/${path}`, {
            method,
            headers: body === undefined ? {} : { 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        if (!response.ok)
            throw new Error(
                `The sandbox at ${base} answered ${method} ${path} with ${response.status}: ${text}`
            );
        return text ? JSON.parse(text) : undefined;
    }

    return {
        baseUrl: base,
        apiKey,
        restrictedApiKey,
        async objects(limetype) {
            const { objects } = (await call('GET', `objects/${encodeURIComponent(limetype)}`)) as {
                objects: (LimeObjectRecord & { _restricted?: boolean })[];
            };
            return objects.map(
                ({ _restricted: _ignored, ...record }) => record as LimeObjectRecord
            );
        },
        faults: {
            async set(spec) {
                await call('POST', 'faults', spec);
            },
            async current() {
                return ((await call('GET', 'faults')) as { faults: FaultSpec }).faults;
            },
            async clear() {
                await call('DELETE', 'faults');
            },
        },
        async reset() {
            await call('POST', 'reset');
        },
        async close() {},
    };
}

/** Why fetch failed, in a word: the network error's code (ECONNREFUSED), else its message. */
function reasonOf(error: unknown): string {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? String(error);
}
