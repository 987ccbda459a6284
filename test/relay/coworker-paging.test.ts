/**
 * The coworker list is read the way Lime allows: 200 per page (as Lime's own n8n nodes do), until a page
 * comes back empty, so that a Lime whose pages hold fewer than asked loses no coworker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLimeCatalog, COWORKER_PAGE_SIZE } from '../../relay/src/lime/lime-catalog.ts';
import { createLimeClient } from '../../relay/src/lime/client.ts';
import { createLogger } from '../../relay/src/logger.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/src/start-sandbox.ts';

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
});

/** A sandbox with `count` more coworkers, and the catalog of a relay reading it. */
async function setUp(count: number, pageCap?: number) {
    sandbox = await startSandbox({ pageCap });
    for (let index = 0; index < count; index++)
        sandbox.insert('coworker', {
            firstname: 'Agent',
            lastname: String(index),
            email: `agent${index}@example.com`,
        });
    const client = createLimeClient({
        baseUrl: sandbox.baseUrl,
        apiKey: sandbox.apiKey,
        timeoutMs: 5_000,
        logger: createLogger({ level: 'silent' }),
    });
    const catalog = createLimeCatalog({ client, ttlMs: 60_000 });
    sandbox.clearRequests();
    return { sandbox, catalog };
}

/** The pages the coworker list was read with: [limit, offset] of each query. */
function pagesRead(running: RunningSandbox): [number, number][] {
    return running
        .requests()
        .filter((request) => request.path.endsWith('/query/'))
        .map((request) => {
            const query = JSON.parse(String(request.query.q)) as { limit: number; offset: number };
            return [query.limit, query.offset];
        });
}

const where = { limetype: 'coworker', property: 'email' };

describe('the coworker list', () => {
    it(`is read ${COWORKER_PAGE_SIZE} per page until a page is empty`, async () => {
        const { sandbox: running, catalog } = await setUp(450);
        expect(await catalog.coworkerId('AGENT449@example.com', where)).toEqual(expect.any(Number));
        expect(await catalog.coworkerId('agent0@example.com', where)).toEqual(expect.any(Number));
        const total = running.objects('coworker').length;
        expect(pagesRead(running)).toEqual([
            [200, 0],
            [200, 200],
            [200, 400],
            [200, total], // the empty page: nothing told the relay that 452 was all
        ]);
    });

    it('loses no coworker when Lime caps its pages below what the relay asks for', async () => {
        const { sandbox: running, catalog } = await setUp(120, 50);
        for (const index of [0, 49, 50, 99, 119])
            expect(await catalog.coworkerId(`agent${index}@example.com`, where)).toEqual(
                expect.any(Number)
            );
        const total = running.objects('coworker').length;
        expect(pagesRead(running).map(([, offset]) => offset)).toEqual([0, 50, 100, total]);
    });
});
