/**
 * Object access for whole limetypes (product "Object access"): when the relay's Lime API user may not read
 * the coworker limetype, or the person limetype, at all (403 on every list and query), or reads an empty
 * list, that relation is left out and the rest is written.
 */
import { describe, expect, it } from 'vitest';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversation } from './support/start-relay.ts';

const { sandbox, relay } = useRelaySuite({
    relay: (sandbox) => ({
        limeApiKey: sandbox.restrictedApiKey,
        editConfig: (raw) => {
            raw.tenants.default.person.createPerson = { enabled: true };
        },
    }),
});

const helpdeskOf = (id: number) => {
    const record = sandbox.objects('ulconversation').find((r) => r.conversationid === id)!;
    return sandbox.objects('helpdesk').find((h) => h._id === record.helpdesk)!;
};
const notesOf = (helpdeskId: number) =>
    sandbox.objects('history').filter((h) => h.helpdesk === helpdeskId);
const logged = (pattern: RegExp) =>
    relay.logs.filter((line) => line.level === 30 && pattern.test(String(line.msg)));

describe('a limetype the API user may not read at all', () => {
    it('leaves out the coworker and writes the object, record and note with the person', async () => {
        sandbox.restrictLimetype('coworker');
        const answer = await relay.post(
            conversation(9401, { email: 'jane.doe@example.com', topic: 'Support' })
        );
        expect(answer.status).toBe(200);
        const helpdesk = helpdeskOf(9401);
        expect(helpdesk.coworker ?? null).toBeNull();
        expect(helpdesk.person).toEqual(sandbox.seedIds!.personJane);
        const [note, ...more] = notesOf(helpdesk._id);
        expect(more).toEqual([]);
        expect(note).toMatchObject({ person: sandbox.seedIds!.personJane, coworker: null });
        expect(logged(/may not read coworkers/)).toHaveLength(1);
    });

    it('asks Lime for the coworkers once per cache period, not on every send', async () => {
        sandbox.restrictLimetype('coworker');
        await relay.post(conversation(9402, { topic: 'Support' }));
        await relay.post(conversation(9403, { topic: 'Support' }));
        const coworkerQueries = sandbox
            .requests()
            .filter(
                (request) =>
                    request.path.endsWith('/query/') &&
                    String(request.query.q).includes('"limetype":"coworker"')
            );
        expect(coworkerQueries.map((request) => request.status)).toEqual([403]);
    });

    it('leaves out the person and their company, and creates no person it could not find', async () => {
        sandbox.restrictLimetype('person');
        const persons = sandbox.objects('person').length;
        const answer = await relay.post(
            conversation(9404, { email: 'jane.doe@example.com', topic: 'Support' })
        );
        expect(answer.status).toBe(200);
        const helpdesk = helpdeskOf(9404);
        expect(helpdesk.person ?? null).toBeNull();
        expect(helpdesk.company ?? null).toBeNull();
        expect(helpdesk.coworker).toEqual(sandbox.seedIds!.coworkerPeter);
        expect(notesOf(helpdesk._id)).toHaveLength(1);
        expect(sandbox.objects('person')).toHaveLength(persons);
        expect(logged(/may not read persons/)).toHaveLength(1);
    });

    it('leaves out a coworker it reads an empty list for', async () => {
        for (const coworker of sandbox.objects('coworker'))
            sandbox.restrict('coworker', coworker._id);
        const answer = await relay.post(conversation(9405, { topic: 'Support' }));
        expect(answer.status).toBe(200);
        expect(helpdeskOf(9405).coworker ?? null).toBeNull();
        expect(logged(/No readable coworker matches the operator/)).toHaveLength(1);
    });
});
