import { describe, expect, it } from 'vitest';
import {
    createSandboxClient,
    readBody,
    readObjects,
    useSandbox,
} from './support/sandbox-test-client.ts';
import { startSandbox } from '../src/start-sandbox.ts';

const { sandbox, client, ids } = await useSandbox();

const origin = `http://127.0.0.1:${sandbox.port}`;

describe('seed data', () => {
    it('has the sample payload operator, Jane Doe at Acme AB and the printer helpdesk', async () => {
        const [peter] = readObjects(
            await client.get('/api/v1/limeobject/coworker/', {
                query: { email: 'peter.testman@userlike.com' },
            })
        );
        expect(peter).toMatchObject({ _id: 1001, name: 'Peter Testman' });
        expect(sandbox.objects('coworker')).toHaveLength(2);
        const [jane] = readObjects(
            await client.get('/api/v1/limeobject/person/', {
                query: { email: 'jane.doe@example.com', _embed: 'company' },
            })
        );
        expect(jane?._embedded).toMatchObject({ relation_company: { name: 'Acme AB' } });
        const conversations = await client.get(
            `/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/ulconversation/`
        );
        expect(readObjects(conversations)).toMatchObject([
            { conversationid: 5550001, helpdesk: ids.helpdeskPrinter },
        ]);
        const notes = sandbox
            .objects('history')
            .filter(
                (note) =>
                    note.helpdesk === ids.helpdeskPrinter &&
                    note.ulconversation === ids.conversationPrinter
            );
        expect(notes).toHaveLength(2);
        expect(sandbox.objects('deal')).toHaveLength(1);
    });

    it('starts empty with seed: false', async () => {
        const empty = await startSandbox({ seed: false });
        try {
            expect(empty.seedIds).toBeNull();
            expect(empty.objects('person')).toEqual([]);
            expect(empty.insert('company', { name: 'First' })._id).toBe(1001);
        } finally {
            await empty.close();
        }
    });

    it('reset() restores the seed data and the sequence', async () => {
        await client.post('/api/v1/limeobject/company/', { name: 'Temp' });
        sandbox.faults.set({ latencyMs: 1 });
        sandbox.reset();
        expect(sandbox.objects('company').map((company) => company.name)).not.toContain('Temp');
        expect(sandbox.faults.current()).toEqual({});
        expect(sandbox.requests()).toEqual([]);
        expect(sandbox.insert('company', { name: 'Next' })._id).toBe(ids.dealAcme + 1);
    });
});

describe('limetype API', () => {
    it('lists limetypes with properties', async () => {
        const response = await client.get('/api/v1/limetype/', {
            query: { _embed: 'limetypes.properties' },
        });
        const limetypes = (readBody(response)._embedded as { limetypes: { name: string }[] })
            .limetypes;
        expect(limetypes.map((limetype) => limetype.name).sort()).toEqual(
            [
                'company',
                'coworker',
                'deal',
                'document',
                'helpdesk',
                'history',
                'person',
                'ulconversation',
            ].sort()
        );
        const plain = await client.get('/api/v1/limetype/');
        expect(
            (readBody(plain)._embedded as { limetypes: object[] }).limetypes[0]
        ).not.toHaveProperty('_embedded');
    });

    it('describes one limetype: lengths, required, options, relations', async () => {
        const response = await client.get('/api/v1/limetype/history/', {
            query: { _embed: 'properties' },
        });
        const body = readBody(response);
        expect(body.localname).toEqual({ singular: 'History', plural: 'History' });
        const properties = (body._embedded as { properties: Record<string, unknown>[] }).properties;
        const byName = new Map(properties.map((property) => [property.name, property]));
        expect(byName.get('note')).toMatchObject({ type: 'text', length: 4000, required: true });
        expect(byName.get('type')).toMatchObject({ type: 'option', required: true });
        expect(
            (byName.get('type')?.options as { key: string }[]).map((option) => option.key)
        ).toEqual([
            'comment',
            'customervisit',
            'talkedto',
            'salescall',
            'sentemail',
            'receivedemail',
            'noanswer',
        ]);
        expect(byName.get('ulconversation')).toMatchObject({
            type: 'belongsto',
            _links: { related_type: { name: 'ulconversation' } },
        });
        const conversation = readBody(
            await client.get('/api/v1/limetype/ulconversation/', {
                query: { _embed: 'properties' },
            })
        );
        const conversationProperties = (
            conversation._embedded as { properties: Record<string, unknown>[] }
        ).properties;
        expect(conversationProperties.find((property) => property.name === 'link')).toMatchObject({
            type: 'link',
            length: 512,
        });
        expect(
            conversationProperties.find((property) => property.name === 'conversationid')
        ).toMatchObject({
            type: 'integer',
            required: true,
        });
    });

    it('answers 404 for an unknown limetype and 400 for a wrong _embed', async () => {
        expect((await client.get('/api/v1/limetype/ticket/')).status).toBe(404);
        expect(
            (
                await client.get('/api/v1/limetype/person/', {
                    query: { _embed: 'props' },
                    violatesContract: true,
                })
            ).status
        ).toBe(400);
    });
});

describe('inspection endpoints and the client page', () => {
    it('lists stored objects and recorded requests without a key', async () => {
        // Reading one object takes no filters (the sandbox ignores them): the request log keeps them.
        await client.get(`/api/v1/limeobject/person/${ids.personJane}/`, {
            query: { email: 'x' },
            violatesContract: true,
        });
        const objects = await fetch(`${origin}/_sandbox/objects/person`);
        const body = (await objects.json()) as { objects: { _id: number; _restricted: boolean }[] };
        expect(
            body.objects.find((object) => object._id === ids.personRestricted)?._restricted
        ).toBe(true);
        const requests = (await (await fetch(`${origin}/_sandbox/requests`)).json()) as {
            requests: {
                method: string;
                path: string;
                query: object;
                keyRole: string;
                status: number;
                at: string;
            }[];
        };
        expect(requests.requests).toEqual([
            {
                method: 'GET',
                path: `/lime/api/v1/limeobject/person/${ids.personJane}/`,
                query: { email: 'x' },
                status: 200,
                keyRole: 'full',
                at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
            },
        ]);
        expect((await fetch(`${origin}/_sandbox/requests`, { method: 'DELETE' })).status).toBe(204);
        expect(sandbox.requests()).toEqual([]);
        expect((await fetch(`${origin}/_sandbox/objects/ticket`)).status).toBe(404);
    });

    it('resets over HTTP', async () => {
        sandbox.insert('company', { name: 'Temp' });
        expect((await fetch(`${origin}/_sandbox/reset`, { method: 'POST' })).status).toBe(204);
        expect(sandbox.objects('company').map((company) => company.name)).not.toContain('Temp');
    });

    it('serves an HTML object page with values and history notes, escaping them', async () => {
        await client.put(`/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/`, {
            description: '<script>x</script>',
        });
        const response = await fetch(
            `${sandbox.baseUrl}/client/object/helpdesk/${ids.helpdeskPrinter}`
        );
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain('text/html');
        const html = await response.text();
        expect(html).toContain('Printer on fire');
        expect(html).toContain('History (2)');
        expect(html).toContain('Our printer is on fire.');
        expect(html).not.toContain('<script>x');
        expect(html).toContain('&#60;script&#62;x&#60;/script&#62;');
        // The web client loads the Lime package from the static route its Python module declares.
        expect(html).toContain(
            '/lime/static/limepkg-userlike-relay/lwc-components-0.1.0/limepkg-userlike-relay-lwc-components/limepkg-userlike-relay-lwc-components.esm.js'
        );
        const missing = await fetch(`${sandbox.baseUrl}/client/object/helpdesk/999999`);
        expect(missing.status).toBe(404);
    });
});

describe('changing the data model (removeProperty)', () => {
    it('takes a property out of the metadata and the writes, and puts it back', async () => {
        const changed = await startSandbox();
        try {
            const changedClient = createSandboxClient(changed);
            const restore = changed.removeProperty('ulconversation', 'deal');
            const metadata = async () =>
                (
                    readBody(
                        await changedClient.get('/api/v1/limetype/ulconversation/', {
                            query: { _embed: 'properties' },
                        })
                    ) as { _embedded: { properties: { name: string }[] } }
                )._embedded.properties.map((property) => property.name);
            expect(await metadata()).not.toContain('deal');
            const write = await changedClient.post('/api/v1/limeobject/ulconversation/', {
                conversationid: 1,
                deal: changed.seedIds!.dealAcme,
            });
            expect(write.status).toBe(400);
            restore();
            expect(await metadata()).toContain('deal');
        } finally {
            await changed.close();
        }
    });
});
