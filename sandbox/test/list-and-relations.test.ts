import { describe, expect, it } from 'vitest';
import { readBody, readMessage, readObjects, useSandbox } from './support/sandbox-test-client.ts';

const { sandbox, client, ids } = await useSandbox();

function insertCompanies(count: number): void {
    for (let index = 0; index < count; index += 1) {
        sandbox.insert('company', { name: `Bulk ${String(index).padStart(3, '0')}` });
    }
}

describe('list filters', () => {
    it('filters by equality, case-insensitively and ignoring trailing spaces', async () => {
        for (const email of [
            'jane.doe@example.com',
            'JANE.Doe@Example.COM',
            'jane.doe@example.com  ',
        ]) {
            const response = await client.get('/api/v1/limeobject/person/', {
                query: { email, _limit: '1' },
            });
            expect(response.status).toBe(200);
            expect(readObjects(response).map((object) => object._id)).toEqual([ids.personJane]);
        }
        const leading = await client.get('/api/v1/limeobject/person/', {
            query: { email: ' jane.doe@example.com' },
        });
        expect(readObjects(leading)).toEqual([]);
        const partial = await client.get('/api/v1/limeobject/person/', {
            query: { email: 'jane.doe' },
        });
        expect(readObjects(partial)).toEqual([]);
    });

    it('filters by relation id, option key, integer and several properties at once', async () => {
        const byCompany = await client.get('/api/v1/limeobject/person/', {
            query: { company: String(ids.companyAcme) },
        });
        expect(readObjects(byCompany).map((object) => object._id)).toEqual([ids.personJane]);
        const byOption = await client.get('/api/v1/limeobject/company/', {
            query: { buyingstatus: 'prospect' },
        });
        expect(readObjects(byOption).map((object) => object.name)).toEqual(['Globex GmbH']);
        const byInteger = await client.get('/api/v1/limeobject/ulconversation/', {
            query: { conversationid: '5550001' },
        });
        expect(readObjects(byInteger).map((object) => object._id)).toEqual([
            ids.conversationPrinter,
        ]);
        const both = await client.get('/api/v1/limeobject/person/', {
            query: { firstname: 'jane', lastname: 'smith' },
        });
        expect(readObjects(both)).toEqual([]);
    });

    it('rejects filters on unknown or hasmany properties and bad operands', async () => {
        const unknown = await client.get('/api/v1/limeobject/person/', { query: { mail: 'x' } });
        expect(unknown.status).toBe(400);
        expect(readMessage(unknown)).toContain('"mail"');
        expect(
            (await client.get('/api/v1/limeobject/company/', { query: { person: '1' } })).status
        ).toBe(400);
        expect(
            (await client.get('/api/v1/limeobject/company/', { query: { buyingstatus: 'rich' } }))
                .status
        ).toBe(400);
        expect(
            (await client.get('/api/v1/limeobject/person/', { query: { company: 'acme' } })).status
        ).toBe(400);
    });

    it('rejects unknown parameters starting with _', async () => {
        const response = await client.get('/api/v1/limeobject/person/', {
            query: { _limt: '5' },
            violatesContract: true,
        });
        expect(response.status).toBe(400);
        expect(readMessage(response)).toContain('"_limt"');
    });
});

describe('paging and sorting', () => {
    it('defaults _limit to 10 and links next only while there are more', async () => {
        insertCompanies(12);
        const total = sandbox.objects('company').length;
        const first = await client.get('/api/v1/limeobject/company/');
        expect(readObjects(first)).toHaveLength(10);
        const links = readBody(first)._links as Record<string, { href: string }>;
        expect(links.self?.href).toBe(`${sandbox.baseUrl}/api/v1/limeobject/company/`);
        expect(links.next?.href).toBe(`${sandbox.baseUrl}/api/v1/limeobject/company/?_offset=10`);
        const second = await fetch(links.next?.href ?? '', {
            headers: { 'x-api-key': sandbox.apiKey },
        });
        const secondBody = (await second.json()) as {
            _embedded: { limeobjects: unknown[] };
            _links: object;
        };
        expect(secondBody._embedded.limeobjects).toHaveLength(total - 10);
        expect(secondBody._links).not.toHaveProperty('next');
    });

    it('keeps filters in the next link', async () => {
        insertCompanies(3);
        const response = await client.get('/api/v1/limeobject/company/', {
            query: { _limit: '2', buyingstatus: '' },
        });
        const next =
            (readBody(response)._links as Record<string, { href: string }>).next?.href ?? '';
        expect(new URL(next).searchParams.get('buyingstatus')).toBe('');
        expect(new URL(next).searchParams.get('_offset')).toBe('2');
        expect(new URL(next).searchParams.get('_limit')).toBe('2');
    });

    it('allows _limit up to 500 and rejects more, zero or garbage', async () => {
        expect(
            (await client.get('/api/v1/limeobject/company/', { query: { _limit: '500' } })).status
        ).toBe(200);
        for (const limit of ['501', '0', '-1', 'ten']) {
            const response = await client.get('/api/v1/limeobject/company/', {
                query: { _limit: limit },
                violatesContract: true,
            });
            expect(response.status).toBe(400);
            expect(readMessage(response)).toContain('_limit');
        }
        expect(
            (
                await client.get('/api/v1/limeobject/company/', {
                    query: { _offset: 'x' },
                    violatesContract: true,
                })
            ).status
        ).toBe(400);
    });

    it('sorts by a comma list, a leading - meaning descending', async () => {
        const byName = await client.get('/api/v1/limeobject/company/', {
            query: { _sort: '-name' },
        });
        expect(readObjects(byName).map((object) => object.name)).toEqual([
            'Globex GmbH',
            'Confidential Holding AB',
            'Acme AB',
        ]);
        sandbox.insert('person', { firstname: 'Jane', lastname: 'Adams' });
        const twoKeys = await client.get('/api/v1/limeobject/person/', {
            query: { _sort: 'firstname,-lastname', firstname: 'jane' },
        });
        expect(readObjects(twoKeys).map((object) => object.lastname)).toEqual(['Doe', 'Adams']);
        const newest = await client.get('/api/v1/limeobject/history/', {
            query: { _sort: '-_id', _limit: '1' },
        });
        expect(readObjects(newest)[0]?._id).toBe(ids.historyPrinterSecond);
        expect(
            (await client.get('/api/v1/limeobject/company/', { query: { _sort: 'size' } })).status
        ).toBe(400);
    });

    it('embeds belongsto objects with _embed', async () => {
        const response = await client.get('/api/v1/limeobject/person/', {
            query: { email: 'jane.doe@example.com', _embed: 'company' },
        });
        const [jane] = readObjects(response);
        expect(jane?._embedded).toMatchObject({
            relation_company: { _id: ids.companyAcme, name: 'Acme AB' },
        });
        const bad = await client.get('/api/v1/limeobject/person/', {
            query: { _embed: 'history' },
        });
        expect(bad.status).toBe(400);
        expect(readMessage(bad)).toContain('"history"');
    });
});

describe('related lists', () => {
    it('lists hasmany relations in the list shape', async () => {
        const conversations = await client.get(
            `/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/ulconversation/`
        );
        expect(conversations.status).toBe(200);
        expect(readObjects(conversations)).toMatchObject([{ conversationid: 5550001 }]);
        const notes = await client.get(
            `/api/v1/limeobject/ulconversation/${ids.conversationPrinter}/history/`,
            {
                query: { _sort: '-date' },
            }
        );
        expect(readObjects(notes).map((object) => object._id)).toEqual([
            ids.historyPrinterSecond,
            ids.historyPrinterFirst,
        ]);
        const persons = await client.get(`/api/v1/limeobject/company/${ids.companyAcme}/person/`);
        expect(readObjects(persons).map((object) => object._id)).toEqual([ids.personJane]);
    });

    it('follows the relation links of an object', async () => {
        const helpdesk = readBody(
            await client.get(`/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/`)
        );
        const href =
            (helpdesk._links as Record<string, { href: string }>).relation_history?.href ?? '';
        const response = await client.get(href.slice(sandbox.baseUrl.length));
        expect(readObjects(response)).toHaveLength(2);
    });

    it('answers 404 for an unknown relation or parent', async () => {
        const relation = await client.get(
            `/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/tickets/`
        );
        expect(relation.status).toBe(404);
        expect(readMessage(relation)).toContain('"tickets"');
        expect((await client.get('/api/v1/limeobject/helpdesk/999999/history/')).status).toBe(404);
    });
});
