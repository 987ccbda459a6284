import { describe, expect, it } from 'vitest';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversation } from './support/start-relay.ts';

// Identify by phone (E.164), then by a custom field, and create the person when nothing matches.

const { sandbox, relay } = useRelaySuite({
    relay: {
        editConfig: (raw) => {
            raw.tenants.default.person = {
                defaultPhoneRegion: 'SE',
                rules: [
                    { payloadPath: 'contact.email', property: 'email' },
                    { match: 'phone' },
                    // The sandbox's person has no customer number; `position` stands in for one.
                    { payloadPath: 'contact.custom_field_data.customer_no', property: 'position' },
                ],
                createPerson: { enabled: true, placeholderFirstname: 'Unknown' },
            };
        },
    },
});

const jane = () => sandbox.objects('person').find((p) => p.email === 'jane.doe@example.com')!;
const lastDeal = () => sandbox.objects('deal').at(-1)!;

/** A Sales conversation whose contact has the given details (and no email unless given). */
function salesConversation(id: number, contact: Record<string, unknown>): Record<string, any> {
    const payload = conversation(id, { topic: 'Sales' });
    Object.assign(payload.contact, contact);
    return payload;
}

describe('identify by phone', () => {
    it('matches a national number to the person whose mobile number is stored in another form', async () => {
        const answer = await relay.post(salesConversation(9201, { phone_number: '070-123 45 67' }));

        expect(answer.status).toBe(200);
        expect(lastDeal()).toMatchObject({ person: jane()._id, company: jane().company });
        const note = sandbox.objects('history').find((h) => h.deal === lastDeal()._id)!;
        expect(note.person).toBe(jane()._id);
    });

    it('compares whole numbers: a person sharing only the last seven digits is not matched', async () => {
        const nils = sandbox.insert('person', { firstname: 'Nils', phone: '08-123 45 67' });
        await relay.post(salesConversation(9202, { mobile_number: '+46 8 1234567' }));
        expect(lastDeal().person).toBe(nils._id);

        await relay.post(salesConversation(9203, { mobile_number: '+46 46 123 45 67' }));
        expect(lastDeal().person).toBe(jane()._id);
    });

    it('finds numbers stored in the usual Norwegian, Danish, French and British forms', async () => {
        const cases = [
            ['+47 41 23 45 67', '+4741234567'],
            ['+47 912 34 567', '+47 91234567'],
            ['+45 12 34 56 78', '004512345678'],
            ['+33 6 12 34 56 78', '+33612345678'],
            ['+44 7700 900123', '+447700900123'],
        ];
        for (const [index, [stored, given]] of cases.entries()) {
            const person = sandbox.insert('person', { firstname: `P${index}`, phone: stored });
            await relay.post(salesConversation(9206 + index * 10, { phone_number: given }));
            expect({ stored, person: lastDeal().person }).toEqual({ stored, person: person._id });
        }
    });

    it('goes on to the custom-field rule when the phone rule is ambiguous, and creates no person', async () => {
        sandbox.insert('person', { firstname: 'Twin', mobilephone: '+46701234567' });
        const persons = sandbox.objects('person').length;
        await relay.post(
            salesConversation(9204, {
                phone_number: '0701234567',
                custom_field_data: { customer_no: 'Office manager' },
            })
        );
        expect(lastDeal().person).toBe(jane()._id);

        await relay.post(salesConversation(9205, { phone_number: '0701234567' }));
        expect(lastDeal().person ?? null).toBeNull();
        expect(sandbox.objects('person')).toHaveLength(persons);
    });
});

describe('create the person when nothing matches', () => {
    it('creates the person with the name split, the email and the number in E.164, and finds it next time', async () => {
        const payload = salesConversation(9210, {
            name: 'Grace Brewster Hopper',
            email: 'grace@example.com',
            phone_number: '070 555 12 34',
        });
        const answer = await relay.post(payload);

        expect(answer.status).toBe(200);
        const grace = sandbox.objects('person').at(-1)!;
        expect(grace).toMatchObject({
            firstname: 'Grace',
            lastname: 'Brewster Hopper',
            email: 'grace@example.com',
            phone: '+46705551234',
        });
        expect(lastDeal().person).toBe(grace._id);

        const persons = sandbox.objects('person').length;
        payload.transcript.push({
            ...payload.transcript[3],
            id: 'x',
            body: 'Bye',
            body_plain: 'Bye',
        });
        await relay.post(payload);
        await relay.post(salesConversation(9211, { phone_number: '+46705551234' }));
        expect(sandbox.objects('person')).toHaveLength(persons);
        expect(lastDeal().person).toBe(grace._id);
        const notes = sandbox.objects('history').filter((h) => h.person === grace._id);
        expect(notes).toHaveLength(3);
    });

    it('uses the placeholder firstname for a contact without a name', async () => {
        await relay.post(salesConversation(9212, { email: 'anonymous@example.com' }));
        expect(sandbox.objects('person').at(-1)).toMatchObject({
            firstname: 'Unknown',
            email: 'anonymous@example.com',
        });
    });

    it('creates nothing for a contact with no value a rule could find again', async () => {
        const persons = sandbox.objects('person').length;
        const answer = await relay.post(salesConversation(9213, { name: 'Only A Name' }));
        expect(answer.status).toBe(200);
        expect(sandbox.objects('person')).toHaveLength(persons);
        expect(lastDeal().person ?? null).toBeNull();
    });

    it('never writes the contact details into the logs', async () => {
        await relay.post(
            salesConversation(9214, {
                name: 'Secret Person',
                email: 'secret.person@example.com',
                phone_number: '070 999 88 77',
            })
        );
        const text = relay.logText();
        for (const detail of ['secret.person', 'Secret Person', '999 88 77', '+46709998877'])
            expect(text).not.toContain(detail);
    });
});
