import { describe, expect, it } from 'vitest';
import { readBody, readMessage, useSandbox } from './support/sandbox-test-client.ts';

const { sandbox, client, ids } = await useSandbox();

const historyNote = {
    date: '2026-03-03T10:00:00+01:00',
    type: 'comment',
    note: 'Chat transcript',
};

describe('limeobject CRUD', () => {
    it('creates with 201, a Location header and the full HAL object', async () => {
        const response = await client.post('/api/v1/limeobject/history/', {
            ...historyNote,
            helpdesk: ids.helpdeskPrinter,
            person: ids.personJane,
        });
        expect(response.status).toBe(201);
        const body = readBody(response);
        expect(body).toMatchObject({
            date: '2026-03-03T09:00:00.000Z',
            type: { id: 12001, key: 'comment', text: 'Comment' },
            note: 'Chat transcript',
            helpdesk: ids.helpdeskPrinter,
            person: ids.personJane,
            company: null,
            _createduser: 1,
            _descriptive: 'Chat transcript',
        });
        const id = body._id as number;
        expect(id).toBeGreaterThan(ids.dealAcme);
        expect(response.headers.get('location')).toBe(
            `${sandbox.baseUrl}/api/v1/limeobject/history/${id}/`
        );
        expect(body._links).toMatchObject({
            self: { href: `${sandbox.baseUrl}/api/v1/limeobject/history/${id}/` },
            limetype: { href: `${sandbox.baseUrl}/api/v1/limetype/history/`, name: 'history' },
            relation_helpdesk: {
                href: `${sandbox.baseUrl}/api/v1/limeobject/history/${id}/helpdesk/`,
            },
            relation_ulconversation: { name: 'ulconversation' },
        });
        expect(sandbox.objects('history').find((record) => record._id === id)).toMatchObject({
            type: 'comment',
            helpdesk: ids.helpdeskPrinter,
        });
    });

    it('fills defaults for properties a create leaves out', async () => {
        const response = await client.post('/api/v1/limeobject/person/', { firstname: 'Ann' });
        expect(readBody(response)).toMatchObject({
            lastname: '',
            email: '',
            company: null,
            inactive: false,
        });
    });

    it('reads an object with belongsto as id and hasmany only as a link', async () => {
        const response = await client.get(`/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/`);
        expect(response.status).toBe(200);
        const body = readBody(response);
        expect(body).toMatchObject({
            title: 'Printer on fire',
            person: ids.personJane,
            statuscolor: { key: 'ongoing', text: 'Ongoing' },
            _id: ids.helpdeskPrinter,
            _descriptive: 'Printer on fire',
        });
        expect(body).not.toHaveProperty('history');
        expect(body).not.toHaveProperty('ulconversation');
        expect(body._links).toHaveProperty('relation_ulconversation');
        expect(body._links).toHaveProperty('relation_history');
    });

    it('updates partially with PUT and answers 200 with the full object', async () => {
        const before = readBody(
            await client.get(`/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/`)
        );
        await new Promise((resolve) => setTimeout(resolve, 5));
        const response = await client.put(`/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/`, {
            statuscolor: 'finished',
        });
        expect(response.status).toBe(200);
        const body = readBody(response);
        expect(body).toMatchObject({
            title: 'Printer on fire',
            statuscolor: { key: 'finished', text: 'Done' },
            _createdtime: before._createdtime,
        });
        expect(body._timestamp).not.toBe(before._timestamp);
    });

    it('deletes with 204 and an empty body; the object is gone and references are cleared', async () => {
        const response = await client.delete(
            `/api/v1/limeobject/ulconversation/${ids.conversationPrinter}/`
        );
        expect(response.status).toBe(204);
        expect(response.bytes.length).toBe(0);
        expect(
            (await client.get(`/api/v1/limeobject/ulconversation/${ids.conversationPrinter}/`))
                .status
        ).toBe(404);
        const notes = sandbox
            .objects('history')
            .filter((record) => record._id === ids.historyPrinterFirst);
        expect(notes[0]?.ulconversation).toBeNull();
    });

    it('answers 404 naming an unknown limetype', async () => {
        const response = await client.get('/api/v1/limeobject/ticket/');
        expect(response.status).toBe(404);
        expect(readMessage(response)).toContain('"ticket"');
        expect((await client.post('/api/v1/limeobject/ticket/', { title: 'x' })).status).toBe(404);
    });

    it('answers 404 for an unknown id, for PUT and DELETE too', async () => {
        expect((await client.get('/api/v1/limeobject/person/999999/')).status).toBe(404);
        expect(
            (await client.put('/api/v1/limeobject/person/999999/', { lastname: 'x' })).status
        ).toBe(404);
        expect((await client.delete('/api/v1/limeobject/person/999999/')).status).toBe(404);
        // An id of another limetype does not exist in this one.
        expect((await client.get(`/api/v1/limeobject/person/${ids.companyAcme}/`)).status).toBe(
            404
        );
    });

    it('answers 404 for a path without the trailing slash or in another case, as routing does', async () => {
        const headers = { 'x-api-key': sandbox.apiKey, 'content-type': 'application/json' };
        const cases: [string, string, string?][] = [
            ['GET', '/api/v1/limeobject/person'],
            ['POST', '/api/v1/limeobject/person', JSON.stringify({ firstname: 'Slashless' })],
            ['GET', `/api/v1/limeobject/person/${ids.personJane}`],
            ['PUT', `/api/v1/limeobject/person/${ids.personJane}`, JSON.stringify({ name: 'X' })],
            ['DELETE', `/api/v1/limeobject/person/${ids.personJohn}`],
            ['GET', `/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/history`],
            ['GET', '/api/v1/limetype/person'],
            ['GET', '/api/v1/query?q=%7B%7D'],
            ['GET', '/api/v1/LIMEOBJECT/person/'],
            ['GET', '/API/V1/limeobject/person/'],
        ];
        for (const [method, path, body] of cases) {
            const response = await fetch(`${sandbox.baseUrl}${path}`, { method, headers, body });
            expect(response.status, `${method} ${path}`).toBe(404);
            expect(((await response.json()) as { message: string }).message).toContain(
                'no such endpoint'
            );
        }
        const slashless = await fetch(`${sandbox.baseUrl}/api/v1/limeobject/person`, { headers });
        expect(((await slashless.json()) as { message: string }).message).toContain(
            'paths end with /'
        );
        expect(sandbox.objects('person').map((person) => person.firstname)).not.toContain(
            'Slashless'
        );
        expect(sandbox.objects('person')).toHaveLength(3);
    });

    it('rejects unknown query parameters starting with _', async () => {
        const response = await client.get(`/api/v1/limeobject/person/${ids.personJane}/`, {
            query: { _format: 'x' },
            violatesContract: true,
        });
        expect(response.status).toBe(400);
        expect(readMessage(response)).toContain('_format');
    });

    it('hands out ids from one global sequence starting at 1001', async () => {
        expect(ids.coworkerPeter).toBe(1001);
        const person = readBody(
            await client.post('/api/v1/limeobject/person/', { firstname: 'A' })
        );
        const company = readBody(await client.post('/api/v1/limeobject/company/', { name: 'B' }));
        expect(company._id).toBe((person._id as number) + 1);
    });

    it('insert() bypasses relation checks for test set-up but still validates values', () => {
        const record = sandbox.insert('history', { ...historyNote, helpdesk: 424242 });
        expect(record.helpdesk).toBe(424242);
        expect(() => sandbox.insert('history', { ...historyNote, note: null })).toThrow(/note/);
        expect(() => sandbox.objects('ticket')).toThrow(/ticket/);
    });
});
