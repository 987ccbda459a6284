/**
 * `npm run dev` beside `npm run demo`: the dev harness uses a sandbox that already runs in another process
 * (SANDBOX_URL), so the page shows what the demo wrote.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevHarness, type DevHarness } from '../../lime-webcomponent/dev/serve.ts';
import { connectSandbox, type RemoteSandbox } from '../src/connect-sandbox.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

let child: ChildProcess;
let baseUrl: string;

beforeAll(async () => {
    // The demo's sandbox stands apart: a process of its own.
    child = spawn(process.execPath, [MAIN, '--port', '0'], {
        stdio: ['ignore', 'pipe', 'inherit'],
    });
    baseUrl = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
            out += chunk;
            const match = /LIME_BASE_URL\s+(\S+)/.exec(out);
            if (match) resolve(match[1] as string);
        });
        child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}): ${out}`)));
    });
});
afterAll(async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
});

/** Writes a helpdesk through the other process's Lime API, as the demo's relay would. */
async function writeHelpdesk(title: string): Promise<number> {
    const response = await fetch(`${baseUrl}/api/v1/limeobject/helpdesk/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'sandbox-full-key' },
        body: JSON.stringify({ title }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { _id: number })._id;
}

describe('a sandbox of another process', () => {
    let remote: RemoteSandbox;
    beforeAll(async () => {
        remote = await connectSandbox(baseUrl);
    });

    it('reads its objects and drives its faults', async () => {
        const id = await writeHelpdesk('Written by the demo');
        expect(
            (await remote.objects('helpdesk')).find((record) => record._id === id)
        ).toMatchObject({
            title: 'Written by the demo',
        });
        await remote.faults.set({ latencyMs: 5 });
        expect(await remote.faults.current()).toEqual({ latencyMs: 5 });
        await remote.faults.clear();
        expect(await remote.faults.current()).toEqual({});
    });

    it('says which URL does not answer', async () => {
        const closed = createServer().listen(0, '127.0.0.1');
        await new Promise((resolve) => closed.once('listening', resolve));
        const { port } = closed.address() as AddressInfo;
        await new Promise((resolve) => closed.close(resolve));
        await expect(connectSandbox(`http://127.0.0.1:${port}/lime`)).rejects.toThrow(
            `No Lime sandbox answers at http://127.0.0.1:${port}/lime (ECONNREFUSED): start one (npm run demo, npm run sandbox) or check the URL.`
        );
    });

    it('serves the dev harness with its data, leaving it running when the harness closes', async () => {
        const id = await writeHelpdesk('Shown in the harness');
        const harness: DevHarness<RemoteSandbox> = await startDevHarness({
            sandbox: remote,
            logLevel: 'silent',
        });
        try {
            const objects = (await (await fetch(`${harness.url}__harness/objects`)).json()) as {
                id: number;
                name: string;
            }[];
            expect(objects).toContainEqual({
                limetype: 'helpdesk',
                id,
                name: 'Shown in the harness',
            });
            const proxied = await fetch(`${harness.url}api/v1/limeobject/helpdesk/${id}/`);
            expect(proxied.status).toBe(200);
        } finally {
            await harness.close();
        }
        expect(
            (await fetch(`${baseUrl}/api/v1/`, { headers: { 'x-api-key': 'sandbox-full-key' } }))
                .status
        ).toBe(200);
    });
});
