import { describe, expect, it } from 'vitest';
import { createFakeHttp, listBody } from '../../test-support/fake-http.ts';
import {
    fetchAllObjects,
    toApplicationRelativeUrl,
    UnexpectedResponseError,
} from './lime-records.ts';

describe('fetchAllObjects', () => {
    it('follows _links.next, made relative to the application root', async () => {
        const { http, requests } = createFakeHttp(({ url }) => {
            if (url === 'api/v1/limeobject/deal/?_limit=100') {
                return {
                    body: listBody(
                        [{ _id: 1 }],
                        'http://127.0.0.1:9/lime/api/v1/limeobject/deal/?_limit=100&_offset=100'
                    ),
                };
            }
            if (url === 'api/v1/limeobject/deal/?_limit=100&_offset=100') {
                return { body: listBody([{ _id: 2 }, { not: 'an object' }]) };
            }
            return undefined;
        });
        const objects = await fetchAllObjects(http, 'api/v1/limeobject/deal/');
        expect(objects.map((object) => object._id)).toEqual([1, 2]);
        expect(requests).toHaveLength(2);
    });

    it('adds _limit with & when the URL has a query', async () => {
        const { http, requests } = createFakeHttp(() => ({ body: listBody([]) }));
        await fetchAllObjects(http, 'api/v1/limeobject/ulconversation/?conversationid=5');
        expect(requests[0]?.url).toBe(
            'api/v1/limeobject/ulconversation/?conversationid=5&_limit=100'
        );
    });

    it('refuses an answer that is not a list', async () => {
        const { http } = createFakeHttp(() => ({ body: { message: 'hello' } }));
        await expect(fetchAllObjects(http, 'api/v1/limeobject/deal/')).rejects.toThrow(
            UnexpectedResponseError
        );
    });

    it('stops a next-chain that never ends', async () => {
        const { http } = createFakeHttp(() => ({
            body: listBody([{ _id: 1 }], 'http://x/lime/api/v1/limeobject/deal/?again'),
        }));
        await expect(fetchAllObjects(http, 'api/v1/limeobject/deal/')).rejects.toThrow(
            /more than 50 pages/
        );
    });

    it('stops with an AbortError once the signal aborts', async () => {
        const controller = new AbortController();
        const { http, requests } = createFakeHttp(() => {
            controller.abort();
            return { body: listBody([{ _id: 1 }], 'http://x/lime/api/v1/limeobject/deal/?p=2') };
        });
        await expect(
            fetchAllObjects(http, 'api/v1/limeobject/deal/', controller.signal)
        ).rejects.toMatchObject({ name: 'AbortError' });
        expect(requests).toHaveLength(1);
    });
});

describe('toApplicationRelativeUrl', () => {
    it('cuts everything before api/v1/', () => {
        expect(
            toApplicationRelativeUrl('https://h/Lime%20CRM/api/v1/limeobject/x/?_offset=1')
        ).toBe('api/v1/limeobject/x/?_offset=1');
        expect(toApplicationRelativeUrl('api/v1/a/')).toBe('api/v1/a/');
    });
});
