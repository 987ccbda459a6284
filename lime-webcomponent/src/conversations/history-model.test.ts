import { describe, expect, it } from 'vitest';
import { createFakeHttp } from '../../test-support/fake-http.ts';
import { learnHistoryModel, readHistoryModel } from './history-model.ts';

const property = (name: string, type: string, related?: string) => ({
    name,
    type,
    ...(related ? { _links: { related_type: { href: 'x', name: related } } } : {}),
});
const metadata = {
    name: 'history',
    _embedded: {
        properties: [
            property('note', 'text'),
            property('date', 'time'),
            property('person', 'belongsto', 'person'),
            property('helpdesk', 'belongsto', 'helpdesk'),
            property('ticket2', 'belongsto', 'helpdesk'),
            property('deal_ref', 'belongsto', 'deal'),
            property('todo', 'hasandbelongstomany', 'todo'),
        ],
    },
};

describe('readHistoryModel', () => {
    it('finds the belongsto to a limetype, preferring the one named like it', () => {
        const model = readHistoryModel(metadata, 'url');
        expect(model.relationTo('helpdesk')).toBe('helpdesk');
        expect(model.relationTo('deal')).toBe('deal_ref');
        expect(model.relationTo('ulconversation')).toBeNull();
        expect(model.relationTo('todo')).toBeNull();
        expect(model.has('note')).toBe(true);
        expect(model.has('subject')).toBe(false);
    });

    it('refuses an answer without properties', () => {
        expect(() => readHistoryModel({ name: 'history' }, 'the url')).toThrow(
            "Lime's answer to the url has no _embedded.properties"
        );
    });
});

describe('learnHistoryModel', () => {
    it('reads the metadata once per http service, and again after a failure', async () => {
        let fail = true;
        const { http, requests } = createFakeHttp(() => {
            if (fail) {
                fail = false;
                return { error: new TypeError('Failed to fetch') };
            }
            return { body: metadata };
        });
        await expect(learnHistoryModel(http, 'history')).rejects.toThrow('Failed to fetch');
        await learnHistoryModel(http, 'history');
        await learnHistoryModel(http, 'history');
        expect(requests.map((request) => request.url)).toEqual([
            'api/v1/limetype/history/?_embed=properties',
            'api/v1/limetype/history/?_embed=properties',
        ]);
    });
});
