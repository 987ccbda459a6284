import { describe, expect, it } from 'vitest';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversation, samplePayload } from './support/start-relay.ts';

const { sandbox, relay, restartRelay } = useRelaySuite();

const byConversation = (id: number) =>
    sandbox.objects('ulconversation').filter((r) => r.conversationid === id);
const notesOf = (limetype: string, id: number) =>
    sandbox.objects('history').filter((h) => h[limetype] === id);
const writes = () => sandbox.requests().filter((r) => r.method !== 'GET');
const peter = () =>
    sandbox.objects('coworker').find((c) => c.email === 'peter.testman@userlike.com')!;

describe('first send', () => {
    it('creates the object, the conversation record and a note with the whole transcript, and answers with the link', async () => {
        const helpdesksBefore = sandbox.objects('helpdesk').length;
        const answer = await relay.post(samplePayload());

        expect(answer.status).toBe(200);
        const helpdesks = sandbox.objects('helpdesk');
        expect(helpdesks).toHaveLength(helpdesksBefore + 1);
        const helpdesk = helpdesks.at(-1)!;
        expect(answer.body).toEqual({
            url: `${sandbox.baseUrl}/client/object/helpdesk/${helpdesk._id}`,
        });
        expect(helpdesk).toMatchObject({ title: 'Userlike chat 63741936', coworker: peter()._id });

        const [record] = byConversation(63741936);
        expect(record).toMatchObject({
            helpdesk: helpdesk._id,
            link: 'https://userlike.com/en/umc#/conversation/63741936',
            contactid: '79189089',
        });
        expect(new Date(record!.startedtime as string).toISOString()).toBe(
            '2024-02-22T15:48:45.349Z'
        );
        expect(new Date(record!.contactfirstmessagetime as string).toISOString()).toBe(
            '2024-02-22T15:49:07.228Z'
        );

        const [note, ...more] = notesOf('helpdesk', helpdesk._id as number);
        expect(more).toHaveLength(0);
        expect(note).toMatchObject({ coworker: peter()._id, ulconversation: record!._id });
        expect(note!.note).toBe(
            'Userlike conversation 63741936\n\n' +
                '2024-02-22 15:49  Contact (contact): Hello, I have a question.\n' +
                '2024-02-22 15:49  Peter Testman (operator): Hello, how can I help you?'
        );
    });

    it("relates the contact's person and company, matched by email trimmed and case-insensitively", async () => {
        const company = sandbox.insert('company', { name: 'Relay Test AB' });
        const person = sandbox.insert('person', {
            firstname: 'Ada',
            lastname: 'Lovelace',
            email: 'ada@example.com',
            company: company._id,
        });
        const answer = await relay.post(
            conversation(9001, {
                email: '  Ada@Example.COM ',
                name: 'Ada Lovelace',
                topic: 'Sales',
            })
        );

        expect(answer.status).toBe(200);
        const deal = sandbox.objects('deal').at(-1)!;
        expect(answer.body.url).toBe(`${sandbox.baseUrl}/client/object/deal/${deal._id}`);
        expect(deal).toMatchObject({
            person: person._id,
            company: company._id,
            coworker: peter()._id,
            name: 'Userlike chat 9001',
        });
        const [note] = notesOf('deal', deal._id as number);
        expect(note).toMatchObject({ person: person._id, company: company._id });
        expect(note!.note).toMatch(/^Userlike conversation 9001 with Ada Lovelace\n/);
        expect(note!.note).toContain('Ada Lovelace (contact): Hello, I have a question.');
    });

    it('includes system events when the instance asks for them', async () => {
        await restartRelay({
            editConfig: (raw) => (raw.tenants.default.instances[0].includeSystemEvents = true),
        });
        await relay.post(samplePayload());
        const helpdesk = sandbox.objects('helpdesk').at(-1)!;
        expect(notesOf('helpdesk', helpdesk._id as number)[0]!.note).toContain(
            '[event] Conversation status changed from New to Open.'
        );
    });

    it('splits a transcript longer than the note field into numbered notes, losing nothing', async () => {
        const payload = conversation(9002, { topic: 'Support' });
        const message = payload.transcript[1];
        payload.transcript = Array.from({ length: 300 }, (_, i) => ({
            ...message,
            id: `m${i}`,
            body: `Message number ${i} ${'lorem ipsum '.repeat(3)}`,
            body_plain: undefined,
        }));
        const answer = await relay.post(payload);

        expect(answer.status).toBe(200);
        const helpdesk = sandbox.objects('helpdesk').at(-1)!;
        const notes = notesOf('helpdesk', helpdesk._id as number).map((n) => n.note as string);
        expect(notes.length).toBeGreaterThan(1);
        notes.forEach((note, i) => {
            expect(note.length).toBeLessThanOrEqual(4000);
            expect(note.split('\n')[0]).toBe(
                `Userlike conversation 9002 (part ${i + 1}/${notes.length})`
            );
        });
        const lines = notes.flatMap((note) => note.split('\n').slice(2));
        expect(lines).toHaveLength(300);
        expect(lines[299]).toContain('Message number 299');
    });
});

describe('note headings', () => {
    it('writes a contact name with line breaks, or a very long one, as one short heading line and sends', async () => {
        const long = await relay.post(
            conversation(9011, { topic: 'Support', name: `Ada ${'x'.repeat(5000)}` })
        );
        expect(long.status).toBe(200);
        const [note] = notesOf('helpdesk', sandbox.objects('helpdesk').at(-1)!._id as number);
        const heading = (note!.note as string).split('\n')[0]!;
        expect(heading).toMatch(/^Userlike conversation 9011 with Ada x+…$/);
        expect(heading.length).toBeLessThan(140);

        await relay.post(conversation(9012, { topic: 'Support', name: 'Ada\nLovelace' }));
        const [second] = notesOf('helpdesk', sandbox.objects('helpdesk').at(-1)!._id as number);
        expect((second!.note as string).split('\n').slice(0, 3)).toEqual([
            'Userlike conversation 9012 with Ada Lovelace',
            '',
            '2024-02-22 15:49  Ada Lovelace (contact): Hello, I have a question.',
        ]);
    });
});

describe('sending again', () => {
    it('writes a new complete note on the same object when the conversation changed, with the same link', async () => {
        const payload = conversation(9100, { topic: 'Support' });
        const first = await relay.post(payload);
        const helpdeskCount = sandbox.objects('helpdesk').length;
        payload.transcript.push({
            ...payload.transcript[3],
            id: 'later',
            sent_at: '2024-02-22T16:00:00.000Z',
            body: 'Anything else?',
            body_plain: 'Anything else?',
        });
        const second = await relay.post(payload);

        expect(second).toEqual(first);
        expect(sandbox.objects('helpdesk')).toHaveLength(helpdeskCount);
        expect(byConversation(9100)).toHaveLength(1);
        const helpdesk = sandbox.objects('helpdesk').at(-1)!;
        const notes = notesOf('helpdesk', helpdesk._id as number).map((n) => n.note as string);
        expect(notes).toHaveLength(2);
        expect(notes[1]).toBe(
            `${notes[0]}\n2024-02-22 16:00  Peter Testman (operator): Anything else?`
        );
    });

    it('writes nothing for a repeat of an unchanged conversation, and answers with the same link', async () => {
        const first = await relay.post(conversation(9101, { topic: 'Support' }));
        sandbox.clearRequests();
        const repeats = await Promise.all(
            [1, 2, 3].map(() => relay.post(conversation(9101, { topic: 'Support' })))
        );

        for (const repeat of repeats) expect(repeat).toEqual(first);
        expect(sandbox.requests()).toEqual([]);
        const helpdesk = sandbox.objects('helpdesk').at(-1)!;
        expect(notesOf('helpdesk', helpdesk._id as number)).toHaveLength(1);
    });

    it('writes nothing when only the read or delivery state of messages changed', async () => {
        const payload = conversation(9102, { topic: 'Support' });
        const first = await relay.post(payload);
        sandbox.clearRequests();
        // The contact read the operator's answer: Userlike marks it read; the transcript text is the same.
        Object.assign(payload.transcript[3], {
            marked_read_contact: true,
            state: { type: 4, error_code: null, message: 'Read by contact' },
        });
        const again = await relay.post(payload);

        expect(again).toEqual(first);
        expect(writes()).toEqual([]);
    });

    it('sends a conversation connected from Lime to that object and completes its record', async () => {
        const deal = sandbox.objects('deal')[0]!;
        const record = sandbox.insert('ulconversation', {
            conversationid: 9003,
            deal: deal._id,
            link: '',
            contactid: '',
        });
        const dealsBefore = sandbox.objects('deal').length;
        const answer = await relay.post(conversation(9003, { topic: 'Support' }));

        expect(answer).toEqual({
            status: 200,
            body: { url: `${sandbox.baseUrl}/client/object/deal/${deal._id}` },
        });
        expect(sandbox.objects('deal')).toHaveLength(dealsBefore);
        expect(sandbox.objects('helpdesk').some((h) => h.title === 'Userlike chat 9003')).toBe(
            false
        );
        expect(byConversation(9003)).toEqual([
            expect.objectContaining({
                _id: record._id,
                deal: deal._id,
                contactid: '79189089',
                link: 'https://userlike.com/en/umc#/conversation/9003',
            }),
        ]);
        expect(
            notesOf('deal', deal._id as number).some((n) =>
                (n.note as string).startsWith('Userlike conversation 9003')
            )
        ).toBe(true);
    });
});

describe('refusals that write nothing', () => {
    it('answers 409 naming the objects when a conversation is connected twice', async () => {
        const deal = sandbox.objects('deal')[0]!;
        const helpdesk = sandbox.objects('helpdesk')[0]!;
        sandbox.insert('ulconversation', { conversationid: 9004, deal: deal._id });
        sandbox.insert('ulconversation', { conversationid: 9004, helpdesk: helpdesk._id });
        sandbox.clearRequests();
        const answer = await relay.post(conversation(9004, { topic: 'Support' }));

        expect(answer.status).toBe(409);
        expect(answer.body.error).toMatchObject({ code: 'conversation_conflict' });
        const message = (answer.body.error as { message: string }).message;
        expect(message).toContain(`deal ${deal._id}`);
        expect(message).toContain(`helpdesk ${helpdesk._id}`);
        expect(writes()).toEqual([]);
    });

    it('answers 422 listing the configured topics when no instance matches', async () => {
        sandbox.clearRequests();
        const answer = await relay.post(conversation(9005, { topic: 'Billing' }));
        expect(answer.status).toBe(422);
        expect(answer.body.error).toMatchObject({ code: 'no_matching_instance' });
        expect((answer.body.error as { message: string }).message).toContain(
            'Configured topics: Support, Sales'
        );
        expect(writes()).toEqual([]);
    });

    it('answers 422 when the conversation has no topic and its widget no default', async () => {
        const payload = conversation(9006);
        payload.um_widget.id = 1;
        payload.um_widget.name = 'Another widget';
        const answer = await relay.post(payload);
        expect(answer.status).toBe(422);
        expect(writes()).toEqual([]);
    });
});

describe('object access', () => {
    it('leaves out the person and company the API user may not read, and writes the rest', async () => {
        await restartRelay({ limeApiKey: sandbox.restrictedApiKey });
        const hiddenCompany = sandbox.insert('company', { name: 'Hidden AB' });
        sandbox.restrict('company', hiddenCompany._id as number);
        sandbox.insert('person', {
            firstname: 'Vis',
            email: 'visible@example.com',
            company: hiddenCompany._id,
        });
        const hiddenPerson = sandbox.insert('person', {
            firstname: 'Hid',
            email: 'hidden@example.com',
        });
        sandbox.restrict('person', hiddenPerson._id as number);

        const visible = await relay.post(
            conversation(9007, { email: 'visible@example.com', topic: 'Support' })
        );
        expect(visible.status).toBe(200);
        const first = sandbox.objects('helpdesk').at(-1)!;
        expect(first.person).toEqual(expect.any(Number));
        expect(first.company ?? null).toBeNull();

        const hidden = await relay.post(
            conversation(9008, { email: 'hidden@example.com', topic: 'Support' })
        );
        expect(hidden.status).toBe(200);
        const second = sandbox.objects('helpdesk').at(-1)!;
        expect(second.person ?? null).toBeNull();
        expect(notesOf('helpdesk', second._id as number)).toHaveLength(1);
        expect(
            relay.logs.some(
                (line) =>
                    line.level === 30 && /not readable|no readable person/.test(String(line.msg))
            )
        ).toBe(true);
    });
});

describe('Lime calls', () => {
    it('uses the minimum number of requests for a first send and a re-send (warm caches)', async () => {
        sandbox.insert('person', { firstname: 'Cal', email: 'calls@example.com' });
        await relay.post(conversation(9009, { email: 'calls@example.com', topic: 'Support' })); // warms the caches
        sandbox.clearRequests();

        const payload = conversation(9010, { email: 'calls@example.com', topic: 'Support' });
        await relay.post(payload);
        const firstSend = sandbox
            .requests()
            .map((r) => `${r.method} ${r.path.replace(/\d+/g, ':id')}`);
        sandbox.clearRequests();
        payload.transcript.push({
            ...payload.transcript[1],
            id: 'more',
            sent_at: '2024-02-22T16:00:00.000Z',
        });
        await relay.post(payload);
        const resend = sandbox
            .requests()
            .map((r) => `${r.method} ${r.path.replace(/\d+/g, ':id')}`);

        // See README "Lime requests per send" for why these are the minimum.
        expect(firstSend).toEqual([
            'GET /lime/api/v:id/limeobject/ulconversation/',
            'GET /lime/api/v:id/query/',
            'POST /lime/api/v:id/limeobject/helpdesk/',
            'POST /lime/api/v:id/limeobject/ulconversation/',
            'POST /lime/api/v:id/limeobject/history/',
        ]);
        expect(resend).toEqual([
            'GET /lime/api/v:id/limeobject/ulconversation/',
            'GET /lime/api/v:id/query/',
            'POST /lime/api/v:id/limeobject/history/',
        ]);
        sandbox.clearRequests();
        await relay.post(payload); // unchanged: a duplicate, answered from the journal
        expect(sandbox.requests()).toEqual([]);
    });

    it('does not update the record on a re-send when the contact has no Userlike id', async () => {
        const payload = conversation(9011, { topic: 'Support' });
        payload.contact.id = null;
        expect((await relay.post(payload)).status).toBe(200);
        sandbox.clearRequests();
        payload.transcript.push({
            ...payload.transcript[1],
            id: 'more',
            sent_at: '2024-02-22T16:00:00.000Z',
        });
        expect((await relay.post(payload)).status).toBe(200);
        expect(sandbox.requests().filter((r) => r.method === 'PUT')).toEqual([]);
    });
});
