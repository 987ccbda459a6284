import { describe, expect, it } from 'vitest';
import { createFakeHttp } from '../../test-support/fake-http.ts';
import { buildQueryUrl, chunk, QUERY_PAGE_SIZE, queryAllObjects } from './lime-query.ts';
import { UnexpectedResponseError } from './lime-records.ts';

const query = {
    limetype: 'person',
    responseFormat: { object: { _id: '' as const } },
    filter: { key: '_id', op: 'IN', exp: [1, 2] },
    orderBy: [{ _id: 'ASC' as const }],
};

describe('buildQueryUrl', () => {
    it('sends the JSON url-encoded in q, relative to the application root', () => {
        const url = buildQueryUrl({
            limetype: 'person',
            filter: { key: 'x', op: '=', exp: 'a&b' },
        });
        expect(url.startsWith('api/v1/query/?q=%7B%22limetype%22')).toBe(true);
        expect(url).not.toMatch(/[&{}"[\] ]/);
        expect(JSON.parse(decodeURIComponent(url.slice('api/v1/query/?q='.length)))).toEqual({
            limetype: 'person',
            filter: { key: 'x', op: '=', exp: 'a&b' },
        });
    });
});

describe('queryAllObjects', () => {
    it('pages with limit and offset until a page comes back short', async () => {
        const page = (from: number, count: number) =>
            Array.from({ length: count }, (_, index) => ({ _id: from + index }));
        const { http, requests } = createFakeHttp(({ url }) => {
            const sent = JSON.parse(decodeURIComponent(url.split('?q=')[1] ?? '')) as {
                offset: number;
            };
            return {
                body: { objects: sent.offset === 0 ? page(1, QUERY_PAGE_SIZE) : page(1000, 3) },
            };
        });
        const objects = await queryAllObjects(http, query);
        expect(objects).toHaveLength(QUERY_PAGE_SIZE + 3);
        expect(requests).toHaveLength(2);
    });

    it('refuses an answer without an objects list', async () => {
        const { http } = createFakeHttp(() => ({ body: { _embedded: {} } }));
        await expect(queryAllObjects(http, query)).rejects.toBeInstanceOf(UnexpectedResponseError);
    });
});

describe('chunk', () => {
    it('splits into pieces of at most the size', () => {
        expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
        expect(chunk([], 2)).toEqual([]);
    });
});
