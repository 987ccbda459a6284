/**
 * Demo data. Ids come from the global sequence (1001, 1002, ...) in the order created here, so
 * tests may rely on them only through the returned `SeedIds`.
 */
import type { DataModel } from './data-model.ts';
import { createObject } from './lime-objects.ts';
import type { SandboxContext } from './sandbox-context.ts';

/** Ids of the seeded objects tests and the demo refer to. */
export interface SeedIds {
    coworkerPeter: number;
    coworkerMaria: number;
    companyAcme: number;
    companyGlobex: number;
    companyRestricted: number;
    personJane: number;
    personJohn: number;
    personRestricted: number;
    helpdeskPrinter: number;
    conversationPrinter: number;
    historyPrinterFirst: number;
    historyPrinterSecond: number;
    dealAcme: number;
}

function requireModel(model: DataModel, name: string) {
    const limetype = model.findLimetype(name);
    if (!limetype) {
        throw new Error(`seed data needs limetype ${name}`);
    }
    return limetype;
}

/** Inserts the demo data into an empty store and marks the restricted objects. */
export function seedDemoData(context: SandboxContext): SeedIds {
    const create = (limetype: string, values: Record<string, unknown>): number =>
        createObject(context, 'full', requireModel(context.model, limetype), values)._id;

    const coworkerPeter = create('coworker', {
        firstname: 'Peter',
        lastname: 'Testman',
        name: 'Peter Testman',
        email: 'peter.testman@userlike.com',
        phone: '+49 221 1234 5678',
        username: 'peter.testman',
    });
    const coworkerMaria = create('coworker', {
        firstname: 'Maria',
        lastname: 'Svensson',
        name: 'Maria Svensson',
        email: 'maria.svensson@example.com',
        username: 'maria.svensson',
    });
    const companyAcme = create('company', {
        name: 'Acme AB',
        phone: '+46 46 123 45 00',
        www: 'https://acme.example.com',
        buyingstatus: 'active',
        coworker: coworkerPeter,
    });
    const companyGlobex = create('company', {
        name: 'Globex GmbH',
        www: 'https://globex.example.com',
        buyingstatus: 'prospect',
        coworker: coworkerMaria,
    });
    const companyRestricted = create('company', {
        name: 'Confidential Holding AB',
        buyingstatus: 'excustomer',
    });
    const personJane = create('person', {
        firstname: 'Jane',
        lastname: 'Doe',
        name: 'Jane Doe',
        email: 'jane.doe@example.com',
        phone: '+46 46 123 45 67',
        mobilephone: '+46 70 123 45 67',
        position: 'Office manager',
        company: companyAcme,
    });
    const personJohn = create('person', {
        firstname: 'John',
        lastname: 'Smith',
        name: 'John Smith',
        email: 'john.smith@globex.example.com',
        phone: '+49 30 987 65 43',
        company: companyGlobex,
    });
    const personRestricted = create('person', {
        firstname: 'Vera',
        lastname: 'Hidden',
        name: 'Vera Hidden',
        email: 'vera.hidden@example.com',
        company: companyRestricted,
    });
    const helpdeskPrinter = create('helpdesk', {
        title: 'Printer on fire',
        description: 'The office printer in Lund is on fire.',
        startdate: '2026-03-02T09:15:00Z',
        statuscolor: 'ongoing',
        person: personJane,
        company: companyAcme,
        coworker: coworkerPeter,
    });
    const conversationPrinter = create('ulconversation', {
        conversationid: 5550001,
        link: 'https://userlike.com/en/umc#/conversation/5550001',
        contactid: '7770001',
        startedtime: '2026-03-02T09:01:00Z',
        contactfirstmessagetime: '2026-03-02T09:01:30Z',
        helpdesk: helpdeskPrinter,
    });
    // Notes as the relay writes them (the marker line names the conversation); related to the conversation
    // record too where the data model has that relation (the extended model).
    const toConversation = context.model.findProperty('history', 'ulconversation')
        ? { ulconversation: conversationPrinter }
        : {};
    const note = (text: string, date: string): number =>
        create('history', {
            date,
            type: 'comment',
            note: text,
            person: personJane,
            company: companyAcme,
            coworker: coworkerPeter,
            helpdesk: helpdeskPrinter,
            ...toConversation,
        });
    const historyPrinterFirst = note(
        'Userlike conversation 5550001 with Jane Doe\n\n2026-03-02 09:01  Jane Doe (contact): Our printer is on fire.\n2026-03-02 09:02  Peter Testman (operator): Please leave the room, we are on our way.',
        '2026-03-02T09:05:00Z'
    );
    const historyPrinterSecond = note(
        'Userlike conversation 5550001 with Jane Doe\n\n2026-03-02 09:01  Jane Doe (contact): Our printer is on fire.\n2026-03-02 09:02  Peter Testman (operator): Please leave the room, we are on our way.\n2026-03-02 09:10  Jane Doe (contact): The fire is out.\n2026-03-02 09:11  Peter Testman (operator): Good, a technician comes tomorrow.',
        '2026-03-02T09:12:00Z'
    );
    const dealAcme = create('deal', {
        name: 'Acme printer service contract',
        value: 12000,
        probability: 0.5,
        dealstatus: 'tender',
        company: companyAcme,
        person: personJane,
        coworker: coworkerPeter,
    });

    context.store.restrict('company', companyRestricted);
    context.store.restrict('person', personRestricted);

    return {
        coworkerPeter,
        coworkerMaria,
        companyAcme,
        companyGlobex,
        companyRestricted,
        personJane,
        personJohn,
        personRestricted,
        helpdeskPrinter,
        conversationPrinter,
        historyPrinterFirst,
        historyPrinterSecond,
        dealAcme,
    };
}
