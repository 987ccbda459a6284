import { describe, expect, it } from 'vitest';
import { checkTenant } from '../../relay/src/check/check-tenant.ts';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversation, startRelay } from './support/start-relay.ts';

// Send filters (Chat2Desk's tag modes), field mapping with value maps and dates, and their config check.

function configure(raw: Record<string, any>): void {
    const [support, sales] = raw.tenants.default.instances;
    support.filter = { mode: 'reject', tags: ['spam'] };
    support.values.statuscolor = {
        path: 'contact_channel.type',
        map: { web: 'new', whatsapp: 'ongoing' },
        default: 'new',
    };
    support.values.description = { template: 'Source: {custom.utm_source}' };
    support.values.startdate = { path: 'custom.started_at' };
    sales.filter = { mode: 'acceptOnly', tags: ['vip'] };
    sales.values.dealstatus = { path: 'custom.stage' };
}

const { sandbox, relay } = useRelaySuite({ relay: { editConfig: configure } });

const writes = () => sandbox.requests().filter((r) => r.method !== 'GET');

describe('send filters', () => {
    it('answers 422 filtered naming the rule, and writes nothing, for a rejected tag', async () => {
        const payload = conversation(9301, { topic: 'Support' });
        payload.tags = [{ name: 'Spam' }];
        sandbox.clearRequests();
        const answer = await relay.post(payload);

        expect(answer.status).toBe(422);
        expect(answer.body.error).toMatchObject({
            code: 'filtered',
            message:
                'Not sent: the send filter of instance "Support" rejects conversations with tag "spam", and this conversation has tag "Spam". Nothing was written.',
        });
        expect(writes()).toEqual([]);
    });

    it('sends only tagged conversations to an acceptOnly instance', async () => {
        const untagged = await relay.post(conversation(9302, { topic: 'Sales' }));
        expect(untagged.status).toBe(422);
        expect((untagged.body.error as { message: string }).message).toContain(
            'accepts only conversations with tag "vip"; this conversation has topics "Sales" and no tag'
        );
        expect(sandbox.objects('deal').some((d) => d.name === 'Userlike chat 9302')).toBe(false);

        const tagged = conversation(9303, { topic: 'Sales' });
        tagged.tags = ['VIP'];
        expect((await relay.post(tagged)).status).toBe(200);
        expect(sandbox.objects('deal').at(-1)).toMatchObject({ name: 'Userlike chat 9303' });
    });
});

describe('field mapping', () => {
    it('maps channel, UTM values and dates from the payload into the object', async () => {
        const payload = conversation(9310, { topic: 'Support' });
        payload.contact_channel.type = 'WhatsApp';
        payload.custom = { utm_source: 'newsletter', started_at: 1708616925 };
        expect((await relay.post(payload)).status).toBe(200);

        const helpdesk = sandbox.objects('helpdesk').at(-1)!;
        expect(helpdesk).toMatchObject({
            title: 'Userlike chat 9310',
            statuscolor: 'ongoing',
            description: 'Source: newsletter',
        });
        expect(new Date(helpdesk.startdate as string).toISOString()).toBe(
            '2024-02-22T15:48:45.000Z'
        );
    });

    it('leaves out a payload value that is no option key, writes the rest, and logs no value', async () => {
        const payload = conversation(9311, { topic: 'Sales' });
        payload.tags = ['vip'];
        payload.custom = { stage: 'secret-stage-value' };
        expect((await relay.post(payload)).status).toBe(200);
        const deal = sandbox.objects('deal').at(-1)!;
        expect(deal.name).toBe('Userlike chat 9311');
        expect(deal.dealstatus ?? null).toBeNull();
        expect(relay.logText()).toContain('deal.dealstatus');
        expect(relay.logText()).not.toContain('secret-stage-value');

        payload.id = 9312;
        payload.custom = { stage: 'tender' };
        await relay.post(payload);
        expect(sandbox.objects('deal').at(-1)).toMatchObject({ dealstatus: 'tender' });
    });
});

describe('check-config', () => {
    it('finds nothing wrong in a fitting configuration with these options', async () => {
        expect(await checkTenant(relay.tenants.get('default')!)).toEqual([]);
    });

    it('names a required property whose value comes only from the payload, without a default', async () => {
        const bad = await startRelay(sandbox, {
            editConfig: (raw) => {
                configure(raw);
                raw.tenants.default.instances[0].values.title = { path: 'subject' };
            },
        });
        try {
            expect(await checkTenant(bad.tenants.get('default')!)).toEqual([
                'instance "Support": helpdesk.title is required in Lime, but its value comes from the payload path subject without a default',
            ]);
        } finally {
            await bad.close();
        }
    });

    it('names unknown map targets, too-long texts, missing phone properties and an unfit placeholder', async () => {
        const bad = await startRelay(sandbox, {
            editConfig: (raw) => {
                configure(raw);
                const [support] = raw.tenants.default.instances;
                support.values.statuscolor.map.sms = 'texting';
                support.values.title = { value: 'x'.repeat(130) };
                raw.tenants.default.person = {
                    rules: [{ match: 'phone', properties: ['phone', 'fax'] }],
                    createPerson: { enabled: true, placeholderFirstname: 'p'.repeat(40) },
                };
            },
        });
        try {
            expect(await checkTenant(bad.tenants.get('default')!)).toEqual([
                'property person.fax is missing',
                'createPerson: the placeholder firstname is 40 characters long; person.firstname holds 32',
                'instance "Support": helpdesk.title (value) is 130 characters long; the property holds 128',
                'instance "Support": helpdesk.statuscolor (map["sms"]): "texting" is not an option key of helpdesk.statuscolor; known keys: new, ongoing, parked, finished.',
            ]);
        } finally {
            await bad.close();
        }
    });
});
