import { describe, expect, it } from 'vitest';
import { createFakeHttp, createHttpResponseError, listBody } from '../testing/fake-http.ts';
import { TEST_SETTINGS } from '../testing/test-settings.ts';
import { loadConversations } from './load-conversations.ts';

const target = { limetype: 'helpdesk', id: 1009 };
const LIST_URL = 'api/v1/limeobject/helpdesk/1009/ulconversation/?_limit=100';
const conversation = (id: number, conversationid: number, startedtime: string | null) => ({
    _id: id,
    conversationid,
    contactid: '',
    startedtime,
    helpdesk: 1009,
});

describe('loadConversations', () => {
    it('lists the conversations newest first, each with its notes', async () => {
        const { http, requests } = createFakeHttp(({ url }) => {
            if (url === LIST_URL) {
                return {
                    body: listBody([
                        conversation(1, 100, '2026-01-01T00:00:00Z'),
                        conversation(2, 200, '2026-02-01T00:00:00Z'),
                    ]),
                };
            }
            if (url === 'api/v1/limeobject/ulconversation/1/history/?_limit=100') {
                return { body: listBody([{ _id: 11, date: '2026-01-01T01:00:00Z' }]) };
            }
            if (url === 'api/v1/limeobject/ulconversation/2/history/?_limit=100') {
                return { body: listBody([]) };
            }
            return undefined;
        });
        const items = await loadConversations(http, target, TEST_SETTINGS);
        expect(items.map((item) => item.conversationId)).toEqual([200, 100]);
        expect(items[1]?.notes).toEqual([
            { id: 11, date: '2026-01-01T01:00:00Z', url: '/lime/client/object/history/11' },
        ]);
        expect(requests.every((request) => request.method === 'GET')).toBe(true);
    });

    it('uses the configured relation and limetype names', async () => {
        const { http, requests } = createFakeHttp(() => ({ body: listBody([]) }));
        await loadConversations(
            http,
            { limetype: 'deal', id: 3 },
            {
                ...TEST_SETTINGS,
                relationName: 'chats',
            }
        );
        expect(requests[0]?.url).toBe('api/v1/limeobject/deal/3/chats/?_limit=100');
    });

    it('shows no notes when the history relation does not exist (404), and marks other note failures', async () => {
        const { http } = createFakeHttp(({ url }) => {
            if (url === LIST_URL) {
                return { body: listBody([conversation(1, 100, null), conversation(2, 200, null)]) };
            }
            if (url.startsWith('api/v1/limeobject/ulconversation/1/')) {
                return { error: createHttpResponseError(404) };
            }
            return { error: createHttpResponseError(500) };
        });
        const items = await loadConversations(http, target, TEST_SETTINGS);
        const byId = new Map(items.map((item) => [item.conversationId, item]));
        expect(byId.get(100)).toMatchObject({ notes: [], notesLoaded: true });
        expect(byId.get(200)).toMatchObject({ notes: [], notesLoaded: false });
    });

    it('propagates a failure of the list itself', async () => {
        const { http } = createFakeHttp(() => ({ error: createHttpResponseError(403) }));
        await expect(loadConversations(http, target, TEST_SETTINGS)).rejects.toMatchObject({
            status: 403,
        });
    });

    it('stops when aborted, without reading notes', async () => {
        const controller = new AbortController();
        const { http, requests } = createFakeHttp(() => {
            controller.abort();
            return { body: listBody([conversation(1, 100, null)]) };
        });
        await expect(
            loadConversations(http, target, TEST_SETTINGS, controller.signal)
        ).rejects.toMatchObject({ name: 'AbortError' });
        expect(requests).toHaveLength(1);
    });

    it('reads notes at most four at a time', async () => {
        let running = 0;
        let peak = 0;
        const records = Array.from({ length: 10 }, (_, index) =>
            conversation(index + 1, index + 100, null)
        );
        const { http } = createFakeHttp(({ url }) =>
            url === LIST_URL ? { body: listBody(records) } : { body: listBody([]) }
        );
        const slowHttp = {
            ...http,
            get: async (url: string) => {
                running++;
                peak = Math.max(peak, running);
                await new Promise((resolve) => setTimeout(resolve, 5));
                running--;
                return http.get(url);
            },
        };
        const items = await loadConversations(slowHttp, target, TEST_SETTINGS);
        expect(items).toHaveLength(10);
        expect(peak).toBe(4);
    });
});
