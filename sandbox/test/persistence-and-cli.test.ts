import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSandboxOptions } from '../src/main.ts';
import { createSandboxClient, readBody } from './support/sandbox-test-client.ts';
import { startSandbox } from '../src/start-sandbox.ts';

const directory = mkdtempSync(join(tmpdir(), 'lime-sandbox-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('SQLite persistence', () => {
    it('keeps objects, files, restrictions and the id sequence across restarts', async () => {
        const databasePath = join(directory, 'state.db');
        const first = await startSandbox({ databasePath });
        const client = createSandboxClient(first);
        const company = readBody(
            await client.post('/api/v1/limeobject/company/', { name: 'Persisted AB' })
        );
        const file = readBody(
            await client.request('POST', '/api/v1/file/', {
                raw: 'bytes',
                headers: {
                    'content-type': 'text/plain',
                    'content-disposition': 'attachment; filename="p.txt"',
                },
            })
        );
        await client.delete(`/api/v1/limeobject/deal/${first.seedIds?.dealAcme}/`);
        await first.close();

        const second = await startSandbox({ databasePath });
        try {
            // The demo objects are still there, so their ids are known too.
            expect(second.seedIds).toEqual(first.seedIds);
            const again = createSandboxClient(second);
            expect(
                readBody(await again.get(`/api/v1/limeobject/company/${company._id}/`)).name
            ).toBe('Persisted AB');
            expect(second.objects('deal')).toEqual([]);
            expect((await again.get(`/api/v1/file/${file.id}/contents/`)).bytes.toString()).toBe(
                'bytes'
            );
            const restricted = second
                .objects('person')
                .find((person) => person.firstname === 'Vera');
            expect(
                (
                    await again.get(`/api/v1/limeobject/person/${restricted?._id}/`, {
                        key: 'restricted',
                    })
                ).status
            ).toBe(403);
            const next = readBody(
                await again.post('/api/v1/limeobject/company/', { name: 'Later' })
            );
            expect(next._id).toBe((file.id as number) + 1);
            second.reset();
            expect(second.objects('company').map((c) => c.name)).not.toContain('Persisted AB');
        } finally {
            await second.close();
        }
        const third = await startSandbox({ databasePath });
        try {
            expect(third.seedIds?.companyAcme).toBe(1003);
            expect(third.objects('company').map((c) => c.name)).toEqual([
                'Acme AB',
                'Globex GmbH',
                'Confidential Holding AB',
            ]);
        } finally {
            await third.close();
        }
    });
});

describe('CLI options', () => {
    it('reads flags, falling back to environment variables and defaults', () => {
        expect(readSandboxOptions([], {})).toEqual({ port: 8090, seed: true });
        expect(
            readSandboxOptions([], {
                SANDBOX_PORT: '9000',
                SANDBOX_API_KEY: 'a',
                SANDBOX_RESTRICTED_API_KEY: 'b',
                SANDBOX_DB: '/tmp/x.db',
            })
        ).toEqual({
            port: 9000,
            seed: true,
            apiKey: 'a',
            restrictedApiKey: 'b',
            databasePath: '/tmp/x.db',
        });
        expect(
            readSandboxOptions(
                [
                    '--port',
                    '0',
                    '--api-key',
                    'k',
                    '--restricted-api-key',
                    'r',
                    '--db',
                    'd.db',
                    '--no-seed',
                ],
                {
                    SANDBOX_PORT: '9000',
                    SANDBOX_API_KEY: 'a',
                }
            )
        ).toEqual({
            port: 0,
            seed: false,
            apiKey: 'k',
            restrictedApiKey: 'r',
            databasePath: 'd.db',
        });
    });

    it('rejects a bad port and unknown flags', () => {
        expect(() => readSandboxOptions(['--port', 'http'], {})).toThrow(/port/);
        expect(() => readSandboxOptions(['--verbose'], {})).toThrow();
    });
});
