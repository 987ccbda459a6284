import { describe, expect, it } from 'vitest';
import { readBody, readMessage, useSandbox } from './support/sandbox-test-client.ts';
import type { SandboxResponse } from './support/sandbox-test-client.ts';

const { sandbox, client, ids } = await useSandbox();

const note = { date: '2026-03-03T10:00:00Z', type: 'comment', note: 'hello' };

function expectBadRequest(response: SandboxResponse, ...fragments: string[]): void {
    expect(response.status).toBe(400);
    for (const fragment of fragments) {
        expect(readMessage(response)).toContain(fragment);
    }
}

describe('strict writes', () => {
    it('rejects null for every text-like type (string, text, phone, link)', async () => {
        for (const [property, type] of [
            ['lastname', 'string'],
            ['phone', 'phone'],
            ['email', 'link'],
        ] as const) {
            const response = await client.post('/api/v1/limeobject/person/', {
                firstname: 'A',
                [property]: null,
            });
            expectBadRequest(response, `"${property}"`, type, '""');
        }
        const text = await client.put(`/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/`, {
            description: null,
        });
        expectBadRequest(text, '"description"');
        expect(sandbox.objects('person')).toHaveLength(3);
    });

    it('enforces required properties on create, naming them', async () => {
        expectBadRequest(
            await client.post('/api/v1/limeobject/history/', { note: 'x' }),
            'date',
            'type'
        );
        expectBadRequest(
            await client.post('/api/v1/limeobject/ulconversation/', { link: 'https://x' }),
            'conversationid'
        );
        expectBadRequest(
            await client.post('/api/v1/limeobject/person/', { firstname: '' }),
            '"firstname"',
            'required'
        );
    });

    it('does not let PUT clear a required property', async () => {
        const path = `/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/`;
        expectBadRequest(await client.put(path, { title: '' }), '"title"', 'required');
        expectBadRequest(await client.put(path, { title: null }), '"title"');
        expect(sandbox.objects('helpdesk')[0]?.title).toBe('Printer on fire');
    });

    it('writes options as keys, reads them back as {id, key, text}, rejects unknown keys', async () => {
        const created = await client.post('/api/v1/limeobject/company/', {
            name: 'Initech',
            buyingstatus: 'prospect',
        });
        expect(readBody(created).buyingstatus).toEqual({
            id: 11004,
            key: 'prospect',
            text: 'Prospect',
        });
        const unknown = await client.post('/api/v1/limeobject/history/', { ...note, type: 'chat' });
        expectBadRequest(unknown, '"type"', 'comment', '"chat"');
        const asObject = await client.post(
            '/api/v1/limeobject/history/',
            {
                ...note,
                type: { key: 'comment' },
            },
            { violatesContract: true }
        );
        expectBadRequest(asObject, '"type"');
    });

    it('rejects text longer than the property length, and never truncates', async () => {
        const exact = await client.post('/api/v1/limeobject/history/', {
            ...note,
            note: 'x'.repeat(4000),
        });
        expect(exact.status).toBe(201);
        const tooLong = await client.post('/api/v1/limeobject/history/', {
            ...note,
            note: 'x'.repeat(4001),
        });
        expectBadRequest(tooLong, '"note"', '4000', '4001');
        const longTitle = await client.put(`/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/`, {
            title: 't'.repeat(129),
        });
        expectBadRequest(longTitle, '"title"', '128');
    });

    it('treats length 0 as unlimited', async () => {
        const response = await client.put(`/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/`, {
            description: 'd'.repeat(20_000),
        });
        expect(response.status).toBe(200);
    });

    it('requires belongsto ids to exist in the related limetype', async () => {
        expectBadRequest(
            await client.post('/api/v1/limeobject/history/', { ...note, helpdesk: 999999 }),
            '"helpdesk"',
            '999999'
        );
        // An existing id of the wrong limetype is no helpdesk either.
        expectBadRequest(
            await client.post('/api/v1/limeobject/history/', { ...note, helpdesk: ids.personJane }),
            '"helpdesk"'
        );
        expectBadRequest(
            await client.post('/api/v1/limeobject/history/', { ...note, helpdesk: '1009' }),
            '"helpdesk"',
            'integer'
        );
        const cleared = await client.put(`/api/v1/limeobject/person/${ids.personJane}/`, {
            company: null,
        });
        expect(readBody(cleared).company).toBeNull();
    });

    it('rejects unknown properties', async () => {
        expectBadRequest(
            await client.post('/api/v1/limeobject/person/', { firstname: 'A', nickname: 'B' }),
            '"nickname"'
        );
    });

    it('rejects system properties and hasmany relations', async () => {
        expectBadRequest(
            await client.post(
                '/api/v1/limeobject/person/',
                { firstname: 'A', _id: 5 },
                { violatesContract: true }
            ),
            '"_id"',
            'system property'
        );
        expectBadRequest(
            await client.put(
                `/api/v1/limeobject/person/${ids.personJane}/`,
                { _timestamp: 'x' },
                { violatesContract: true }
            ),
            '"_timestamp"'
        );
        expectBadRequest(
            await client.put(`/api/v1/limeobject/helpdesk/${ids.helpdeskPrinter}/`, {
                ulconversation: 1,
            }),
            '"ulconversation"',
            'hasmany'
        );
    });

    it('checks integer, decimal, percent, yesno and time types', async () => {
        const conversation = { conversationid: 1, link: '' };
        expectBadRequest(
            await client.post('/api/v1/limeobject/ulconversation/', {
                ...conversation,
                conversationid: '42',
            }),
            '"conversationid"',
            'integer'
        );
        expectBadRequest(
            await client.post('/api/v1/limeobject/ulconversation/', {
                ...conversation,
                conversationid: 4.2,
            }),
            '"conversationid"'
        );
        expectBadRequest(
            await client.post('/api/v1/limeobject/ulconversation/', {
                ...conversation,
                startedtime: 'yesterday',
            }),
            '"startedtime"',
            'ISO-8601'
        );
        expectBadRequest(
            await client.post('/api/v1/limeobject/ulconversation/', {
                ...conversation,
                startedtime: 1700000000,
            }),
            '"startedtime"'
        );
        const deal = { name: 'D', value: 10.5, probability: 0.25 };
        expect((await client.post('/api/v1/limeobject/deal/', deal)).status).toBe(201);
        expectBadRequest(
            await client.post('/api/v1/limeobject/deal/', { ...deal, value: '10' }),
            '"value"'
        );
        expectBadRequest(
            await client.post('/api/v1/limeobject/deal/', { ...deal, probability: 'high' }),
            '"probability"'
        );
        expectBadRequest(
            await client.put(`/api/v1/limeobject/person/${ids.personJane}/`, { inactive: 'false' }),
            '"inactive"',
            'yesno'
        );
        const dateOnly = await client.post('/api/v1/limeobject/ulconversation/', {
            ...conversation,
            startedtime: '2026-03-02',
        });
        expect(readBody(dateOnly).startedtime).toBe('2026-03-02T00:00:00.000Z');
    });

    it('rejects dates that do not exist instead of rolling them over', async () => {
        for (const date of [
            '2026-02-30T10:00:00Z',
            '2026-02-29',
            '2026-04-31T00:00:00Z',
            '2026-03-02T24:00:00Z',
            '2026-03-02T10:60:00Z',
        ]) {
            expectBadRequest(
                await client.post('/api/v1/limeobject/history/', { ...note, date }),
                '"date"',
                'ISO-8601'
            );
        }
        const leap = await client.post('/api/v1/limeobject/history/', {
            ...note,
            date: '2024-02-29T23:59:59.999+01:00',
        });
        expect(readBody(leap).date).toBe('2024-02-29T22:59:59.999Z');
        expect(sandbox.objects('history')).toHaveLength(3);
    });

    it('rejects bodies that are not a JSON object', async () => {
        const array = await client.post('/api/v1/limeobject/person/', [{ firstname: 'A' }], {
            violatesContract: true,
        });
        expectBadRequest(array, 'JSON object');
        const invalid = await fetch(`${sandbox.baseUrl}/api/v1/limeobject/person/`, {
            method: 'POST',
            headers: { 'x-api-key': sandbox.apiKey, 'content-type': 'application/json' },
            body: '{"firstname": ',
        });
        expect(invalid.status).toBe(400);
        expect(await invalid.json()).toEqual({ message: 'the request body is not valid JSON' });
        const form = await fetch(`${sandbox.baseUrl}/api/v1/limeobject/person/`, {
            method: 'POST',
            headers: {
                'x-api-key': sandbox.apiKey,
                'content-type': 'application/x-www-form-urlencoded',
            },
            body: 'firstname=A',
        });
        expect(form.status).toBe(400);
    });
});
