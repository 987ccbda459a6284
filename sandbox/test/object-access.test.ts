import { describe, expect, it } from 'vitest';
import { readBody, readMessage, readObjects, useSandbox } from './support/sandbox-test-client.ts';

const { sandbox, client, ids } = await useSandbox();

describe('object access for the restricted key', () => {
    it('gets 403 reading, updating or deleting a restricted object; the full key is allowed', async () => {
        const path = `/api/v1/limeobject/person/${ids.personRestricted}/`;
        const read = await client.get(path, { key: 'restricted' });
        expect(read.status).toBe(403);
        expect(readMessage(read)).toContain(`person ${ids.personRestricted}`);
        expect((await client.put(path, { position: 'x' }, { key: 'restricted' })).status).toBe(403);
        expect((await client.delete(path, { key: 'restricted' })).status).toBe(403);
        expect((await client.get(path)).status).toBe(200);
    });

    it('never sees restricted objects in lists', async () => {
        const restricted = await client.get('/api/v1/limeobject/person/', { key: 'restricted' });
        expect(readObjects(restricted).map((object) => object._id)).not.toContain(
            ids.personRestricted
        );
        const byEmail = await client.get('/api/v1/limeobject/person/', {
            key: 'restricted',
            query: { email: 'vera.hidden@example.com' },
        });
        expect(readObjects(byEmail)).toEqual([]);
        const full = await client.get('/api/v1/limeobject/person/');
        expect(readObjects(full).map((object) => object._id)).toContain(ids.personRestricted);
    });

    it('never sees restricted objects in related lists, and gets 403 on a restricted parent', async () => {
        sandbox.restrict('history', ids.historyPrinterSecond);
        const notes = await client.get(
            `/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/history/`,
            {
                key: 'restricted',
            }
        );
        expect(readObjects(notes).map((object) => object._id)).toEqual([ids.historyPrinterFirst]);
        const parent = await client.get(
            `/api/v1/limeobject/company/${ids.companyRestricted}/person/`,
            {
                key: 'restricted',
            }
        );
        expect(parent.status).toBe(403);
    });

    it('never sees restricted objects in queries, nor through a belongsto', async () => {
        const query = {
            limetype: 'person',
            responseFormat: { object: { _id: '', company: { name: '' } } },
            filter: { key: 'email', op: '?', exp: 'example.com' },
            limit: 100,
        };
        const restricted = readBody(await client.query(query, { key: 'restricted' })).objects as {
            _id: number;
        }[];
        expect(restricted.map((object) => object._id)).not.toContain(ids.personRestricted);
        const full = readBody(await client.query(query)).objects as { _id: number }[];
        expect(full.map((object) => object._id)).toContain(ids.personRestricted);
        const hidden = sandbox.insert('person', {
            firstname: 'Visible',
            company: ids.companyRestricted,
        });
        const nested = readBody(
            await client.query(
                { ...query, filter: { key: '_id', op: '=', exp: hidden._id } },
                { key: 'restricted' }
            )
        ).objects;
        expect(nested).toEqual([{ _id: hidden._id, company: null }]);
    });

    it('embeds a restricted belongsto as null', async () => {
        const hidden = sandbox.insert('person', {
            firstname: 'Visible',
            company: ids.companyRestricted,
        });
        const response = await client.get('/api/v1/limeobject/person/', {
            key: 'restricted',
            query: { firstname: 'visible', _embed: 'company' },
        });
        expect(readObjects(response)[0]).toMatchObject({
            _id: hidden._id,
            company: ids.companyRestricted,
            _embedded: { relation_company: null },
        });
    });

    it('gets 403 writing a belongsto to an object it may not read', async () => {
        const response = await client.post(
            '/api/v1/limeobject/history/',
            {
                date: '2026-03-03T10:00:00Z',
                type: 'comment',
                note: 'x',
                person: ids.personRestricted,
            },
            { key: 'restricted' }
        );
        expect(response.status).toBe(403);
        expect(readMessage(response)).toContain('"person"');
        expect(sandbox.objects('history')).toHaveLength(2);
    });

    it('applies restrict() to objects created later', async () => {
        const created = readBody(
            await client.post('/api/v1/limeobject/company/', { name: 'Secret' })
        );
        sandbox.restrict('company', created._id as number);
        expect(
            (await client.get(`/api/v1/limeobject/company/${created._id}/`, { key: 'restricted' }))
                .status
        ).toBe(403);
        expect(() => sandbox.restrict('company', 999999)).toThrow(/does not exist/);
    });

    it('records which key made each request', async () => {
        sandbox.clearRequests();
        await client.get('/api/v1/', { key: 'restricted' });
        await client.get('/api/v1/', { key: 'none' });
        await client.get('/api/v1/');
        expect(sandbox.requests().map((request) => [request.keyRole, request.status])).toEqual([
            ['restricted', 200],
            ['none', 401],
            ['full', 200],
        ]);
    });
});

describe('a limetype the restricted key may not read at all', () => {
    it('gets 403 on its list, its objects, related lists of it and queries; the full key is allowed', async () => {
        sandbox.restrictLimetype('coworker');
        const forbidden = [
            await client.get('/api/v1/limeobject/coworker/', { key: 'restricted' }),
            await client.get(`/api/v1/limeobject/coworker/${ids.coworkerPeter}/`, {
                key: 'restricted',
            }),
            await client.get(`/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/coworker/`, {
                key: 'restricted',
            }),
            await client.query(
                { limetype: 'coworker', responseFormat: { object: { _id: '' } } },
                { key: 'restricted' }
            ),
        ];
        expect(forbidden.map((response) => response.status)).toEqual([403, 403, 403, 403]);
        expect(readMessage(forbidden[0]!)).toBe('this API key may not read coworker objects');
        expect((await client.get('/api/v1/limeobject/coworker/')).status).toBe(200);
        // Its metadata stays readable, and other limetypes are not affected.
        expect((await client.get('/api/v1/limetype/coworker/', { key: 'restricted' })).status).toBe(
            200
        );
        expect((await client.get('/api/v1/limeobject/person/', { key: 'restricted' })).status).toBe(
            200
        );
    });

    it('is readable again after reset()', async () => {
        sandbox.restrictLimetype('coworker');
        sandbox.reset();
        expect(
            (await client.get('/api/v1/limeobject/coworker/', { key: 'restricted' })).status
        ).toBe(200);
    });
});
