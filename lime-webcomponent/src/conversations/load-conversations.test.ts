/**
 * Loading the conversations view's data against the strict Lime sandbox, in both data models: Lime Chat's
 * own (notes relate to the object) and the extended one (notes relate to the conversation record too).
 * The request counts are the point: at most 3 per load, whatever the number of conversations.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
    startSandbox,
    type RunningSandbox,
    type SeedIds,
} from '../../../sandbox/src/start-sandbox.ts';
import type { HttpClient } from '../platform/platform.types.ts';
import { createSandboxHttp } from '../../test-support/sandbox-http.ts';
import { TEST_SETTINGS } from '../../test-support/test-settings.ts';
import type { ConversationItem, ConversationPage } from './conversation.types.ts';
import { CONVERSATIONS_PER_PAGE, loadConversationPage } from './load-conversations.ts';

const MODELS = ['limeChat', 'extended'] as const;

describe.each(MODELS)('loadConversationPage on the %s data model', (dataModel) => {
    let sandbox: RunningSandbox;
    let seed: SeedIds;
    // A new http service per test: the history model is learned once per service (one web client session).
    let http: HttpClient;

    beforeAll(async () => {
        sandbox = await startSandbox({ dataModel, webClientPackages: [] });
    });
    afterAll(async () => {
        await sandbox.close();
    });
    beforeEach(() => {
        sandbox.reset();
        seed = sandbox.seedIds as SeedIds;
        http = createSandboxHttp(sandbox.baseUrl, sandbox.apiKey);
    });

    const apiRequests = () =>
        sandbox.requests().map((request) => `${request.method} ${request.path}`);

    it('reads a conversation with its notes and person in 3 requests, then 2', async () => {
        const target = { limetype: 'helpdesk', id: seed.helpdeskPrinter };
        const page = await loadConversationPage(http, target, TEST_SETTINGS);

        expect(page).toMatchObject({ hasMore: false, nextOffset: 1 });
        expect(page.items).toHaveLength(1);
        const [item] = page.items as [ConversationItem];
        expect(item).toMatchObject({
            conversationId: 5550001,
            recordUrl: `/lime/client/object/ulconversation/${seed.conversationPrinter}`,
            userlikeUrl: 'https://userlike.com/en/umc#/conversation/5550001',
            startedTime: '2026-03-02T09:01:00.000Z',
            person: { id: seed.personJane, name: 'Jane Doe' },
        });
        expect(item.notes).toEqual({
            kind: 'loaded',
            notes: [
                expect.objectContaining({
                    id: seed.historyPrinterSecond,
                    url: `/lime/client/object/history/${seed.historyPrinterSecond}`,
                }),
                expect.objectContaining({ id: seed.historyPrinterFirst }),
            ],
        });
        expect(apiRequests()).toEqual([
            `GET /lime/api/v1/limetype/history/`,
            `GET /lime/api/v1/limeobject/helpdesk/${seed.helpdeskPrinter}/ulconversation/`,
            'GET /lime/api/v1/query/',
        ]);

        sandbox.clearRequests();
        await loadConversationPage(http, target, TEST_SETTINGS);
        expect(apiRequests()).toHaveLength(2);
    });

    it('shows 200 conversations 50 at a time, each page in at most 3 requests', async () => {
        const deal = seed.dealAcme;
        for (let index = 0; index < 200; index++) {
            const record = sandbox.insert('ulconversation', {
                conversationid: 6_000_000 + index,
                link: '',
                contactid: '',
                deal,
            });
            sandbox.insert('history', {
                date: '2026-03-05T10:00:00Z',
                type: 'comment',
                note: `Userlike conversation ${6_000_000 + index} with Guest\n\n2026-03-05 10:00  Guest (contact): Hi`,
                deal,
                person: seed.personJane,
                ...(dataModel === 'extended' ? { ulconversation: record._id } : {}),
            });
        }
        const target = { limetype: 'deal', id: deal };
        const pages: ConversationPage[] = [];
        let offset = 0;
        do {
            sandbox.clearRequests();
            const page = await loadConversationPage(http, target, TEST_SETTINGS, offset);
            expect(apiRequests().length).toBeLessThanOrEqual(3);
            pages.push(page);
            offset = page.nextOffset;
        } while (pages.at(-1)?.hasMore);

        expect(pages.map((page) => page.items.length)).toEqual([50, 50, 50, 50]);
        const ids = pages.flatMap((page) => page.items.map((item) => item.conversationId));
        // Newest record first; every conversation once.
        expect(ids[0]).toBe(6_000_199);
        expect(new Set(ids).size).toBe(200);
        for (const item of pages.flatMap((page) => page.items)) {
            expect(item.notes).toMatchObject({ kind: 'loaded', notes: [expect.anything()] });
            expect(item.person?.name).toBe('Jane Doe');
        }
        expect(CONVERSATIONS_PER_PAGE).toBe(50);
    });

    it('gives the rows to onList before their notes are read', async () => {
        const target = { limetype: 'helpdesk', id: seed.helpdeskPrinter };
        const seen: ConversationPage[] = [];
        const requestsAtList: number[] = [];
        await loadConversationPage(http, target, TEST_SETTINGS, 0, undefined, (page) => {
            seen.push(page);
            requestsAtList.push(
                sandbox.requests().filter((request) => request.path.endsWith('/query/')).length
            );
        });
        expect(seen).toHaveLength(1);
        expect(seen[0]?.items[0]?.notes).toEqual({ kind: 'loading' });
        expect(requestsAtList).toEqual([0]);
    });

    it('lists the conversations with their notes failed when the notes query fails', async () => {
        sandbox.faults.set({ errorRate: 1, errorStatus: 500, match: { pathIncludes: '/query/' } });
        const page = await loadConversationPage(
            http,
            { limetype: 'helpdesk', id: seed.helpdeskPrinter },
            TEST_SETTINGS
        );
        expect(page.items.map((item) => item.notes)).toEqual([{ kind: 'failed' }]);
    });

    it('costs 2 requests and no query for an object without conversations', async () => {
        const page = await loadConversationPage(
            http,
            { limetype: 'deal', id: seed.dealAcme },
            TEST_SETTINGS
        );
        expect(page).toEqual({ items: [], hasMore: false, nextOffset: 0 });
        expect(apiRequests().filter((request) => request.endsWith('/query/'))).toEqual([]);
    });

    it('propagates a failure of the list itself', async () => {
        sandbox.faults.set({ errorRate: 1, errorStatus: 403 });
        await expect(
            loadConversationPage(
                http,
                { limetype: 'helpdesk', id: seed.helpdeskPrinter },
                TEST_SETTINGS
            )
        ).rejects.toMatchObject({ name: 'HttpResponseError', status: 403 });
    });

    it('stops with an AbortError once the signal aborts', async () => {
        const controller = new AbortController();
        controller.abort();
        await expect(
            loadConversationPage(
                http,
                { limetype: 'helpdesk', id: seed.helpdeskPrinter },
                TEST_SETTINGS,
                0,
                controller.signal
            )
        ).rejects.toMatchObject({ name: 'AbortError' });
    });
});

describe('loadConversationPage when Lime refuses a nested person', () => {
    let sandbox: RunningSandbox;

    beforeAll(async () => {
        sandbox = await startSandbox({ dataModel: 'limeChat', webClientPackages: [] });
    });
    afterAll(async () => {
        await sandbox.close();
    });

    it('reads the notes flat and the names with one more query, and remembers it', async () => {
        const seed = sandbox.seedIds as SeedIds;
        const sandboxHttp = createSandboxHttp(sandbox.baseUrl, sandbox.apiKey);
        let refused = 0;
        // A Lime without nested responseFormats: 400 for any query that nests an object.
        const http: HttpClient = {
            get: async (url) => {
                const query = url.startsWith('api/v1/query/?q=')
                    ? decodeURIComponent(url.slice('api/v1/query/?q='.length))
                    : '';
                if (query.includes('"person":{')) {
                    refused++;
                    throw Object.assign(new Error('HTTP 400'), {
                        name: 'HttpResponseError',
                        status: 400,
                        response: { message: 'responseFormat: nested objects are not supported' },
                    });
                }
                return sandboxHttp.get(url);
            },
            post: (url, data) => sandboxHttp.post(url, data),
        };
        const target = { limetype: 'helpdesk', id: seed.helpdeskPrinter };
        const first = await loadConversationPage(http, target, TEST_SETTINGS);
        expect(first.items[0]?.person?.name).toBe('Jane Doe');
        expect(refused).toBe(1);

        sandbox.clearRequests();
        const second = await loadConversationPage(http, target, TEST_SETTINGS);
        expect(second.items[0]?.person?.name).toBe('Jane Doe');
        expect(refused).toBe(1);
        // The list, the flat notes query, the person query.
        expect(sandbox.requests()).toHaveLength(3);
    });
});
