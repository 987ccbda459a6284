import { describe, expect, it } from 'vitest';
import { OpenApiValidationError } from '../../test/support/openapi-validator.ts';
import { limeContract } from './support/sandbox-test-client.ts';

// The validator itself must catch drift, or the validated tests prove nothing.
describe('openapi-validator on lime-crm.yaml', () => {
    const object = {
        firstname: 'Jane',
        company: 1003,
        type: { id: 1, key: 'comment', text: 'Comment' },
        _id: 1006,
        _timestamp: '2026-03-02T09:15:00.000Z',
        _createdtime: '2026-03-02T09:15:00.000Z',
        _createduser: 1,
        _updateduser: 1,
        _descriptive: 'Jane',
        _links: {
            self: { href: 'http://h/lime/api/v1/limeobject/person/1006/' },
            limetype: { href: 'http://h/x/' },
        },
    };

    it('matches concrete paths (with prefix, query string or origin) to templates', () => {
        expect(
            limeContract.matchPath('/lime/api/v1/limeobject/person/1006/history/?_limit=1')
        ).toBe('/api/v1/limeobject/{limetype}/{id}/{relation}/');
        expect(
            limeContract.matchPath('http://127.0.0.1:1/My%20App/api/v1/limeobject/person/')
        ).toBe('/api/v1/limeobject/{limetype}/');
        expect(() => limeContract.matchPath('/lime/api/v2/')).toThrow(OpenApiValidationError);
    });

    it('accepts a valid object and rejects drift', () => {
        const path = '/lime/api/v1/limeobject/person/1006/';
        limeContract.validateResponse({ method: 'GET', path, status: 200, body: object });
        const { _descriptive: _omitted, ...missing } = object;
        expect(() =>
            limeContract.validateResponse({ method: 'GET', path, status: 200, body: missing })
        ).toThrow(/_descriptive/);
        expect(() =>
            limeContract.validateResponse({
                method: 'GET',
                path,
                status: 200,
                body: { ...object, _secret: 1 },
            })
        ).toThrow(OpenApiValidationError);
        expect(() =>
            limeContract.validateResponse({
                method: 'GET',
                path,
                status: 200,
                body: { ...object, type: { key: 'x' } },
            })
        ).toThrow(OpenApiValidationError);
    });

    it('describes what real Lime sends beyond the sandbox: every property type, new_ links, no length', () => {
        // Lime's property types and optional `length` (docs/lime-rest-api.md §2);
        // `_links.new_<prop>` (docs/assumptions.md SB1).
        for (const type of ['user', 'set', 'hasone', 'hasandbelongstomany', 'date', 'xml']) {
            limeContract.validateSchema('#/components/schemas/Property', {
                name: 'p',
                localname: 'P',
                type,
                required: false,
            });
        }
        limeContract.validateResponse({
            method: 'GET',
            path: '/lime/api/v1/limeobject/person/1006/',
            status: 200,
            body: {
                ...object,
                _links: {
                    ...object._links,
                    relation_history: {
                        href: 'http://h/lime/api/v1/limeobject/person/1006/history/',
                    },
                    new_history: {
                        href: 'http://h/lime/api/v1/limeobject/person/1006/history/new/',
                    },
                },
            },
        });
    });

    it('rejects undocumented statuses and bodies on 204', () => {
        const path = '/lime/api/v1/limeobject/person/1006/';
        expect(() =>
            limeContract.validateResponse({ method: 'GET', path, status: 418, body: {} })
        ).toThrow(/418/);
        expect(() =>
            limeContract.validateResponse({ method: 'DELETE', path, status: 204, body: { a: 1 } })
        ).toThrow();
        limeContract.validateResponse({ method: 'DELETE', path, status: 204, body: undefined });
        expect(() =>
            limeContract.validateResponse({ method: 'PATCH', path, status: 200, body: {} })
        ).toThrow(/not documented/);
    });

    it('validates error bodies and request bodies', () => {
        const path = '/lime/api/v1/limeobject/person/';
        expect(() =>
            limeContract.validateResponse({
                method: 'POST',
                path,
                status: 400,
                body: { error: 'x' },
            })
        ).toThrow(/message/);
        limeContract.validateRequest({
            method: 'POST',
            path,
            body: { firstname: 'A', company: null },
        });
        expect(() =>
            limeContract.validateRequest({ method: 'POST', path, body: { _id: 1 } })
        ).toThrow();
        expect(() =>
            limeContract.validateRequest({ method: 'POST', path, body: { type: { key: 'x' } } })
        ).toThrow();
        expect(() =>
            limeContract.validateRequest({ method: 'POST', path, body: undefined })
        ).toThrow(/required/);
    });

    it('validates query strings: named parameters, free-form filters and the JSON q', () => {
        const list = '/lime/api/v1/limeobject/person/';
        const validate = (method: string, path: string, query: Record<string, string | string[]>) =>
            limeContract.validateQuery({ method, path, query });
        validate('GET', list, { email: 'a@b.c', _limit: '5', _offset: '0', _sort: '-_id' });
        expect(() => validate('GET', list, { _limit: '501' })).toThrow(/_limit/);
        expect(() => validate('GET', list, { _limit: 'ten' })).toThrow(/_limit/);
        expect(() => validate('GET', list, { _limt: '5' })).toThrow(OpenApiValidationError);
        expect(() => validate('GET', list, { _limit: ['1', '2'] })).toThrow(/more than once/);
        expect(() => validate('GET', `${list}1006/`, { email: 'x' })).toThrow(/undocumented/);
        expect(() => validate('POST', list, { email: 'x' })).toThrow(/undocumented/);
        const query = '/lime/api/v1/query/';
        const q = { limetype: 'person', responseFormat: { object: { _id: '' } } };
        validate('GET', query, { q: JSON.stringify(q) });
        expect(() => validate('GET', query, {})).toThrow(/required query parameter "q"/);
        expect(() => validate('GET', query, { q: '{' })).toThrow(/not valid JSON/);
        expect(() => validate('GET', query, { q: JSON.stringify({ ...q, limit: 501 }) })).toThrow(
            /limit/
        );
        expect(() => validate('GET', '/lime/api/v1/limetype/person/', { _embed: 'props' })).toThrow(
            /_embed/
        );
    });

    it('validates values against a schema by pointer', () => {
        limeContract.validateSchema('#/components/schemas/FilterExpression', {
            op: 'AND',
            exp: [
                { key: '_createdtime', op: '>=', exp: '2026-01-01T00:00:00Z' },
                { op: '!', exp: { key: 'a', op: '=', exp: 1 } },
            ],
        });
        expect(() =>
            limeContract.validateSchema('#/components/schemas/FilterExpression', {
                key: 'a',
                op: 'LIKE',
                exp: 'x',
            })
        ).toThrow(OpenApiValidationError);
    });
});
