import { describe, expect, it } from 'vitest';
import {
    createFakeHttp,
    createHttpResponseError,
    listBody,
    type FakeAnswer,
    type FakeRequest,
} from '../testing/fake-http.ts';
import { TEST_SETTINGS } from '../testing/test-settings.ts';
import { QUERY_PAGE_SIZE } from './lime-query.ts';
import { loadConversations } from './load-conversations.ts';

const target = { limetype: 'helpdesk', id: 1009 };
const LIST_URL = 'api/v1/limeobject/helpdesk/1009/ulconversation/?_limit=100';
const QUERY_PREFIX = 'api/v1/query/?q=';
const conversation = (id: number, conversationid: number, startedtime: string | null) => ({
    _id: id,
    conversationid,
    contactid: `7770${id}`,
    startedtime,
    helpdesk: 1009,
});

interface Note {
    _id: number;
    date: string;
    ulconversation: number;
    person: number | null;
}

/** A query the fake received, decoded from `q`. */
interface SentQuery {
    limetype: string;
    responseFormat: { object: Record<string, string> };
    filter: { key: string; op: string; exp: number[] };
    orderBy?: unknown;
    limit: number;
    offset: number;
}

function readQuery(url: string): SentQuery | undefined {
    return url.startsWith(QUERY_PREFIX)
        ? (JSON.parse(decodeURIComponent(url.slice(QUERY_PREFIX.length))) as SentQuery)
        : undefined;
}

/**
 * A fake Lime with the record list, history notes and persons, answering the limeobject list, the
 * per-record history hasmany, single persons and the Query API (`IN` on one key, limit/offset, and only
 * the persons in `readable`, as the sandbox's query engine does). `override` answers first.
 */
function createFakeLime(
    options: {
        records: object[];
        notes?: Note[];
        persons?: Record<number, string>;
        readable?: (personId: number) => boolean;
    },
    override: (request: FakeRequest) => FakeAnswer | undefined = () => undefined
) {
    const notes = options.notes ?? [];
    const persons = options.persons ?? {};
    const readable = options.readable ?? (() => true);
    return createFakeHttp((request) => {
        const overridden = override(request);
        if (overridden) {
            return overridden;
        }
        const { url } = request;
        if (url === LIST_URL) {
            return { body: listBody(options.records) };
        }
        const query = readQuery(url);
        if (query?.limetype === 'history' && query.filter.key === 'ulconversation') {
            const rows = notes
                .filter((note) => query.filter.exp.includes(note.ulconversation))
                .slice(query.offset, query.offset + query.limit);
            return { body: { objects: rows } };
        }
        if (query?.limetype === 'person' && query.filter.key === '_id') {
            const rows = query.filter.exp
                .filter((id) => persons[id] !== undefined && readable(id))
                .map((id) => ({ _id: id, _descriptive: persons[id] }));
            return { body: { objects: rows } };
        }
        const hasmany = /^api\/v1\/limeobject\/ulconversation\/(\d+)\/history\/\?_limit=100$/.exec(
            url
        );
        if (hasmany) {
            const id = Number(hasmany[1]);
            return { body: listBody(notes.filter((note) => note.ulconversation === id)) };
        }
        const person = /^api\/v1\/limeobject\/person\/(\d+)\/$/.exec(url);
        if (person) {
            const id = Number(person[1]);
            const name = persons[id];
            if (name === undefined) {
                return { error: createHttpResponseError(404) };
            }
            return readable(id)
                ? { body: { _id: id, _descriptive: name } }
                : { error: createHttpResponseError(403) };
        }
        return undefined;
    });
}

const printerNotes: Note[] = [
    { _id: 11, date: '2026-01-01T01:00:00Z', ulconversation: 1, person: 301 },
    { _id: 12, date: '2026-01-01T02:00:00Z', ulconversation: 1, person: 301 },
    { _id: 21, date: '2026-02-01T01:00:00Z', ulconversation: 2, person: 302 },
];
const printerRecords = [
    conversation(1, 100, '2026-01-01T00:00:00Z'),
    conversation(2, 200, '2026-02-01T00:00:00Z'),
];
const names = { 301: 'Jane Doe', 302: 'John Smith' };

describe('loadConversations', () => {
    it('reads the notes of all conversations and their persons in one query each', async () => {
        const { http, requests } = createFakeLime({
            records: printerRecords,
            notes: printerNotes,
            persons: names,
        });
        const items = await loadConversations(http, target, TEST_SETTINGS);

        expect(requests.map((request) => request.url.slice(0, QUERY_PREFIX.length))).toEqual([
            LIST_URL.slice(0, QUERY_PREFIX.length),
            QUERY_PREFIX,
            QUERY_PREFIX,
        ]);
        expect(requests.every((request) => request.method === 'GET')).toBe(true);
        expect(readQuery(requests[1]?.url ?? '')).toEqual({
            limetype: 'history',
            responseFormat: { object: { _id: '', date: '', ulconversation: '', person: '' } },
            filter: { key: 'ulconversation', op: 'IN', exp: [1, 2] },
            orderBy: [{ _id: 'ASC' }],
            limit: QUERY_PAGE_SIZE,
            offset: 0,
        });
        expect(readQuery(requests[2]?.url ?? '')).toEqual({
            limetype: 'person',
            responseFormat: { object: { _id: '', _descriptive: '' } },
            filter: { key: '_id', op: 'IN', exp: [301, 302] },
            orderBy: [{ _id: 'ASC' }],
            limit: QUERY_PAGE_SIZE,
            offset: 0,
        });

        expect(items.map((item) => item.conversationId)).toEqual([200, 100]);
        expect(items[1]).toMatchObject({
            notesLoaded: true,
            person: { id: 301, name: 'Jane Doe', url: '/lime/client/object/person/301' },
            userlikeContactId: '77701',
            notes: [
                { id: 12, date: '2026-01-01T02:00:00Z', url: '/lime/client/object/history/12' },
                { id: 11, date: '2026-01-01T01:00:00Z', url: '/lime/client/object/history/11' },
            ],
        });
        expect(items[0]?.person?.name).toBe('John Smith');
    });

    it.each([1, 10, 100])('costs 3 requests for %i conversations', async (count) => {
        const records = Array.from({ length: count }, (_, index) =>
            conversation(index + 1, index + 100, null)
        );
        const notes = records.map((record, index) => ({
            _id: 5000 + index,
            date: '2026-01-01T00:00:00Z',
            ulconversation: record._id,
            person: 300 + (index % 3),
        }));
        const { http, requests } = createFakeLime({
            records,
            notes,
            persons: { 300: 'A', 301: 'B', 302: 'C' },
        });
        const items = await loadConversations(http, target, TEST_SETTINGS);
        expect(requests).toHaveLength(3);
        expect(items.every((item) => item.person !== null && item.notes.length === 1)).toBe(true);
    });

    it('asks no person query when no note names a person, and nothing more without conversations', async () => {
        const withoutPersons = createFakeLime({
            records: printerRecords,
            notes: printerNotes.map((note) => ({ ...note, person: null })),
        });
        const items = await loadConversations(withoutPersons.http, target, TEST_SETTINGS);
        expect(withoutPersons.requests).toHaveLength(2);
        expect(items.map((item) => [item.person, item.userlikeContactId])).toEqual([
            [null, '77702'],
            [null, '77701'],
        ]);

        const empty = createFakeLime({ records: [] });
        expect(await loadConversations(empty.http, target, TEST_SETTINGS)).toEqual([]);
        expect(empty.requests).toHaveLength(1);
    });

    it('shows the Userlike contact id for a person the user may not read', async () => {
        const { http } = createFakeLime({
            records: printerRecords,
            notes: printerNotes,
            persons: names,
            readable: (id) => id !== 302,
        });
        const items = await loadConversations(http, target, TEST_SETTINGS);
        expect(items.map((item) => item.person?.name ?? item.userlikeContactId)).toEqual([
            '77702',
            'Jane Doe',
        ]);
    });

    it('queries 100 conversations at a time and pages a long notes answer', async () => {
        const records = Array.from({ length: 150 }, (_, index) =>
            conversation(index + 1, index + 100, null)
        );
        // Two notes per conversation: 200 notes for the first 100 conversations fill exactly one page.
        const notes = records.flatMap((record) =>
            [0, 1].map((n) => ({
                _id: record._id * 10 + n,
                date: '2026-01-01T00:00:00Z',
                ulconversation: record._id,
                person: null,
            }))
        );
        const { http, requests } = createFakeLime({ records, notes });
        const items = await loadConversations(http, target, TEST_SETTINGS);
        const queries = requests.flatMap((request) => readQuery(request.url) ?? []);
        expect(queries.map((query) => [query.filter.exp.length, query.offset])).toEqual([
            [100, 0],
            [100, QUERY_PAGE_SIZE],
            [50, 0],
        ]);
        expect(items.every((item) => item.notes.length === 2)).toBe(true);
    });

    it.each([400, 403, 404])(
        'falls back to one notes request per conversation when the notes query answers %i',
        async (status) => {
            const { http, requests } = createFakeLime(
                { records: printerRecords, notes: printerNotes, persons: names },
                ({ url }) =>
                    readQuery(url)?.limetype === 'history'
                        ? { error: createHttpResponseError(status) }
                        : undefined
            );
            const items = await loadConversations(http, target, TEST_SETTINGS);
            expect(items.map((item) => [item.notes.length, item.person?.name])).toEqual([
                [1, 'John Smith'],
                [2, 'Jane Doe'],
            ]);
            const urls = requests.map((request) => request.url);
            expect(urls).toContain('api/v1/limeobject/ulconversation/1/history/?_limit=100');
            expect(urls).toContain('api/v1/limeobject/ulconversation/2/history/?_limit=100');
            // A 400 is about this query (a relation the model lacks): the person query is still tried.
            // Without a usable Query API (404, 403) the persons are read one by one.
            const personRequests = urls.filter(
                (url) => readQuery(url)?.limetype === 'person' || url.includes('/person/')
            );
            expect(personRequests).toHaveLength(status === 400 ? 1 : 2);
            expect(requests).toHaveLength(status === 400 ? 5 : 6);
        }
    );

    it('reads the names one by one when the person query cannot be used', async () => {
        const { http, requests } = createFakeLime(
            {
                records: printerRecords,
                notes: printerNotes,
                persons: names,
                readable: (id) => id !== 302,
            },
            ({ url }) =>
                readQuery(url)?.limetype === 'person'
                    ? { error: createHttpResponseError(400) }
                    : undefined
        );
        const items = await loadConversations(http, target, TEST_SETTINGS);
        expect(items.map((item) => item.person?.name ?? item.userlikeContactId)).toEqual([
            '77702',
            'Jane Doe',
        ]);
        expect(requests.slice(3).map((request) => request.url)).toEqual([
            'api/v1/limeobject/person/301/',
            'api/v1/limeobject/person/302/',
        ]);
    });

    it('marks the notes as unreadable (no fallback) when the notes query fails with a 500', async () => {
        const { http, requests } = createFakeLime({ records: printerRecords }, ({ url }) =>
            url.startsWith(QUERY_PREFIX) ? { error: createHttpResponseError(500) } : undefined
        );
        const items = await loadConversations(http, target, TEST_SETTINGS);
        expect(items.map((item) => [item.notesLoaded, item.person])).toEqual([
            [false, null],
            [false, null],
        ]);
        expect(requests).toHaveLength(2);
    });

    it('keeps the list without names when the person query fails with a 500', async () => {
        const { http, requests } = createFakeLime(
            { records: printerRecords, notes: printerNotes, persons: names },
            ({ url }) =>
                readQuery(url)?.limetype === 'person'
                    ? { error: createHttpResponseError(500) }
                    : undefined
        );
        const items = await loadConversations(http, target, TEST_SETTINGS);
        expect(items.map((item) => [item.notes.length, item.person])).toEqual([
            [1, null],
            [2, null],
        ]);
        expect(requests).toHaveLength(3);
    });

    it('falls back when the query answer is not the Query API', async () => {
        const { http } = createFakeLime(
            { records: printerRecords, notes: printerNotes, persons: names },
            ({ url }) => (url.startsWith(QUERY_PREFIX) ? { body: '<html></html>' } : undefined)
        );
        const items = await loadConversations(http, target, TEST_SETTINGS);
        expect(items.map((item) => item.person?.name)).toEqual(['John Smith', 'Jane Doe']);
    });

    it('uses the configured relation and limetype names', async () => {
        const { http, requests } = createFakeHttp(({ url }) =>
            url.startsWith(QUERY_PREFIX)
                ? { body: { objects: [] } }
                : { body: listBody([conversation(1, 100, null)]) }
        );
        await loadConversations(
            http,
            { limetype: 'deal', id: 3 },
            {
                ...TEST_SETTINGS,
                relationName: 'chats',
                conversationLimetype: 'chat',
                historyLimetype: 'note',
            }
        );
        expect(requests[0]?.url).toBe('api/v1/limeobject/deal/3/chats/?_limit=100');
        expect(readQuery(requests[1]?.url ?? '')).toMatchObject({
            limetype: 'note',
            filter: { key: 'chat', op: 'IN', exp: [1] },
        });
    });

    it('shows no notes when the history relation does not exist (404), and marks other note failures', async () => {
        const { http } = createFakeHttp(({ url }) => {
            if (url === LIST_URL) {
                return { body: listBody([conversation(1, 100, null), conversation(2, 200, null)]) };
            }
            if (url.startsWith('api/v1/limeobject/ulconversation/1/')) {
                return { error: createHttpResponseError(404) };
            }
            if (url.startsWith(QUERY_PREFIX)) {
                return { error: createHttpResponseError(400) };
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

    it('stops when aborted during the per-record fallback', async () => {
        const controller = new AbortController();
        const { http, requests } = createFakeLime({ records: printerRecords }, ({ url }) => {
            if (url.startsWith(QUERY_PREFIX)) {
                controller.abort();
                return { error: createHttpResponseError(404) };
            }
            return undefined;
        });
        await expect(
            loadConversations(http, target, TEST_SETTINGS, controller.signal)
        ).rejects.toMatchObject({ name: 'AbortError' });
        expect(requests).toHaveLength(2);
    });

    it('reads notes at most four at a time in the fallback', async () => {
        let running = 0;
        let peak = 0;
        const records = Array.from({ length: 10 }, (_, index) =>
            conversation(index + 1, index + 100, null)
        );
        const { http } = createFakeLime({ records }, ({ url }) =>
            url.startsWith(QUERY_PREFIX) ? { error: createHttpResponseError(404) } : undefined
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
