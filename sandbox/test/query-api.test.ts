import { describe, expect, it } from 'vitest';
import {
    createSandboxClient,
    limeContract,
    readBody,
    readMessage,
    useSandbox,
} from './support/sandbox-test-client.ts';
import { startSandbox } from '../src/start-sandbox.ts';

const { sandbox, client, ids } = await useSandbox();

async function queryObjects(query: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const full = { responseFormat: { object: { _id: '' } }, ...query };
    // Every query the tests expect to succeed must also be valid per the contract.
    limeContract.validateSchema('#/components/schemas/LimeQuery', JSON.parse(JSON.stringify(full)));
    const response = await client.query(full);
    expect(response.status, readMessage(response)).toBe(200);
    return readBody(response).objects as Record<string, unknown>[];
}

async function queryIds(
    limetype: string,
    filter: unknown,
    extra: Record<string, unknown> = {}
): Promise<unknown[]> {
    return (await queryObjects({ limetype, filter, limit: 500, ...extra })).map(
        (object) => object._id
    );
}

describe('query API', () => {
    it('returns the requested properties, options as {id,key,text} and nested belongsto', async () => {
        const objects = await queryObjects({
            limetype: 'person',
            responseFormat: {
                object: {
                    _id: '',
                    firstname: '',
                    email: '',
                    company: { name: '', buyingstatus: '' },
                },
            },
            filter: { key: 'email', op: '=', exp: 'Jane.Doe@example.com ' },
        });
        expect(objects).toEqual([
            {
                _id: ids.personJane,
                firstname: 'Jane',
                email: 'jane.doe@example.com',
                company: {
                    name: 'Acme AB',
                    buyingstatus: { id: 11001, key: 'active', text: 'Active customer' },
                },
            },
        ]);
    });

    it('supports every comparison operator', async () => {
        const conversation = (id: number) => ({ key: 'conversationid', op: '=', exp: id });
        expect(await queryIds('ulconversation', conversation(5550001))).toEqual([
            ids.conversationPrinter,
        ]);
        expect(await queryIds('person', { key: 'firstname', op: '!=', exp: 'jane' })).toEqual([
            ids.personJohn,
            ids.personRestricted,
        ]);
        expect(await queryIds('deal', { key: 'value', op: '>', exp: 11999 })).toEqual([
            ids.dealAcme,
        ]);
        expect(await queryIds('deal', { key: 'value', op: '<', exp: 12000 })).toEqual([]);
        expect(await queryIds('deal', { key: 'value', op: '>=', exp: 12000 })).toEqual([
            ids.dealAcme,
        ]);
        expect(await queryIds('deal', { key: 'value', op: '<=', exp: 12000 })).toEqual([
            ids.dealAcme,
        ]);
        expect(
            await queryIds('company', {
                key: 'buyingstatus',
                op: 'IN',
                exp: ['prospect', 'excustomer'],
            })
        ).toEqual([ids.companyGlobex, ids.companyRestricted]);
        expect(await queryIds('person', { key: 'email', op: '=?', exp: 'JOHN' })).toEqual([
            ids.personJohn,
        ]);
        expect(await queryIds('person', { key: 'phone', op: '?', exp: '123 45' })).toEqual([
            ids.personJane,
        ]);
        expect(
            await queryIds('person', { key: 'email', op: '=$', exp: '@globex.example.com' })
        ).toEqual([ids.personJohn]);
    });

    it('supports AND, OR, ! and one belongsto hop in keys', async () => {
        const and = {
            op: 'AND',
            exp: [
                { key: 'helpdesk', op: '=', exp: ids.helpdeskPrinter },
                { key: 'note', op: '?', exp: 'The fire is out' },
            ],
        };
        expect(await queryIds('history', and)).toEqual([ids.historyPrinterSecond]);
        const or = {
            op: 'OR',
            exp: [
                { key: 'firstname', op: '=', exp: 'john' },
                { key: 'company.name', op: '=', exp: 'acme ab' },
            ],
        };
        expect(await queryIds('person', or)).toEqual([ids.personJane, ids.personJohn]);
        expect(await queryIds('person', { op: '!', exp: or })).toEqual([ids.personRestricted]);
    });

    it('filters and returns system properties (finding an object whose create answer was lost)', async () => {
        const before = new Date(Date.now() - 1000).toISOString();
        const created = sandbox.insert('ulconversation', { conversationid: 777 });
        const objects = await queryObjects({
            limetype: 'ulconversation',
            responseFormat: {
                object: {
                    _id: '',
                    _createdtime: '',
                    _timestamp: '',
                    _createduser: '',
                    conversationid: '',
                },
            },
            filter: {
                op: 'AND',
                exp: [
                    { key: 'conversationid', op: '=', exp: 777 },
                    { key: '_createdtime', op: '>=', exp: before },
                ],
            },
        });
        expect(objects).toEqual([
            {
                _id: created._id,
                _createdtime: created._createdtime,
                _timestamp: created._timestamp,
                _createduser: 1,
                conversationid: 777,
            },
        ]);
        const future = new Date(Date.now() + 60_000).toISOString();
        expect(
            await queryIds('ulconversation', { key: '_createdtime', op: '>=', exp: future })
        ).toEqual([]);
        expect(await queryIds('ulconversation', { key: '_id', op: '=', exp: created._id })).toEqual(
            [created._id]
        );
        expect(await queryIds('person', { key: '_createduser', op: '=', exp: 1 })).toHaveLength(3);
    });

    it('orders, limits and offsets', async () => {
        const orderBy = [{ lastname: 'DESC' }];
        expect(await queryIds('person', undefined, { orderBy })).toEqual([
            ids.personJohn,
            ids.personRestricted,
            ids.personJane,
        ]);
        expect(await queryIds('person', undefined, { orderBy, limit: 1, offset: 1 })).toEqual([
            ids.personRestricted,
        ]);
        for (let index = 0; index < 11; index += 1) {
            sandbox.insert('company', { name: `C${index}` });
        }
        expect(await queryObjects({ limetype: 'company' })).toHaveLength(10);
    });

    it('rejects malformed queries with a 400 saying what is wrong', async () => {
        // Valid per the contract, but wrong for this data model: the sandbox must still refuse them.
        const semantic: [unknown, string][] = [
            [{ limetype: 'ticket', responseFormat: { object: { _id: '' } } }, '"ticket"'],
            [{ limetype: 'person', responseFormat: { object: { nickname: '' } } }, '"nickname"'],
            [{ limetype: 'person', responseFormat: { object: { history: '' } } }, 'hasmany'],
            [
                {
                    limetype: 'person',
                    responseFormat: { object: { _id: '' } },
                    filter: { key: 'mail', op: '=', exp: 'x' },
                },
                '"mail"',
            ],
            [
                {
                    limetype: 'person',
                    responseFormat: { object: { _id: '' } },
                    filter: { key: '_createdtime', op: '>', exp: 'soon' },
                },
                'ISO-8601',
            ],
        ];
        // Not a LimeQuery of the contract at all.
        const malformed: [unknown, string][] = [
            [{ limetype: 'person' }, 'responseFormat'],
            [
                {
                    limetype: 'person',
                    responseFormat: { object: { _id: '' } },
                    filter: { key: 'email', op: 'LIKE', exp: 'x' },
                },
                'LIKE',
            ],
            [
                {
                    limetype: 'person',
                    responseFormat: { object: { _id: '' } },
                    filter: { op: 'AND', exp: {} },
                },
                'AND',
            ],
            [
                {
                    limetype: 'person',
                    responseFormat: { object: { _id: '' } },
                    orderBy: [{ name: 'UP' }],
                },
                'orderBy',
            ],
            [{ limetype: 'person', responseFormat: { object: { _id: '' } }, limit: 501 }, 'limit'],
            [{ limetype: 'person', responseFormat: { object: { _id: '' } }, where: {} }, 'where'],
        ];
        for (const [cases, violatesContract] of [
            [semantic, false],
            [malformed, true],
        ] as const) {
            for (const [query, fragment] of cases) {
                const response = await client.query(query, { violatesContract });
                expect(response.status, JSON.stringify(query)).toBe(400);
                expect(readMessage(response)).toContain(fragment);
            }
        }
    });

    it('rejects a missing or non-JSON q and extra parameters', async () => {
        const violatesContract = true;
        expect(readMessage(await client.get('/api/v1/query/', { violatesContract }))).toContain(
            'missing query parameter q'
        );
        expect(
            readMessage(
                await client.get('/api/v1/query/', {
                    query: { q: '{not json' },
                    violatesContract,
                })
            )
        ).toContain('not valid JSON');
        const extra = await client.get('/api/v1/query/', {
            query: { q: '{}', _limit: '1' },
            violatesContract,
        });
        expect(extra.status).toBe(400);
    });
});

describe('a Lime that caps its pages (pageCap)', () => {
    it('answers lists and queries with at most pageCap objects, whatever the limit asks for', async () => {
        const capped = await startSandbox({ pageCap: 2 });
        try {
            const cappedClient = createSandboxClient(capped);
            const query = await cappedClient.query({
                limetype: 'person',
                responseFormat: { object: { _id: '' } },
                limit: 200,
            });
            expect(readBody(query).objects).toHaveLength(2);
            const list = await cappedClient.get('/api/v1/limeobject/person/?_limit=200');
            const body = readBody(list) as { _embedded: { limeobjects: unknown[] }; _links: any };
            expect(body._embedded.limeobjects).toHaveLength(2);
            expect(body._links.next.href).toMatch(/_offset=2/);
        } finally {
            await capped.close();
        }
    });
});
