import { describe, expect, it } from 'vitest';
import { ValueSourceSchema } from '../config/schema.ts';
import { ConfigurationError } from '../errors.ts';
import type { Limetype } from '../lime/types.ts';
import { checkObjectValues } from './check-object-values.ts';
import { resolveObjectValues } from './object-values.ts';

const limetype: Limetype = {
    name: 'helpdesk',
    properties: new Map(
        [
            { name: 'title', type: 'string', length: 10 },
            { name: 'channel', type: 'option', options: [{ key: 'web' }, { key: 'messaging' }] },
            { name: 'startdate', type: 'time' },
            { name: 'history', type: 'hasmany' },
        ].map((property) => [property.name, property])
    ),
};
const sources = (raw: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, ValueSourceSchema.parse(v)]));

describe('resolveObjectValues: maps and dates', () => {
    it('maps payload values to option keys, case-insensitively, with the default for unmapped values', () => {
        const config = sources({
            channel: {
                path: 'contact_channel.type',
                map: { WEB: 'web', whatsapp: 'messaging' },
                default: 'web',
            },
        });
        const resolve = (type: string) =>
            resolveObjectValues(config, { contact_channel: { type } }, limetype);
        expect(resolve('whatsapp')).toEqual({ channel: 'messaging' });
        expect(resolve('web')).toEqual({ channel: 'web' });
        expect(resolve('telegram')).toEqual({ channel: 'web' });
    });

    it('converts ISO dates and Unix times in seconds or milliseconds', () => {
        const config = sources({ startdate: { path: 'custom.started' } });
        for (const started of ['2024-02-22T15:48:45Z', 1708616925, '1708616925000'])
            expect(resolveObjectValues(config, { custom: { started } }, limetype)).toEqual({
                startdate: '2024-02-22T15:48:45.000Z',
            });
    });

    it('refuses text that is not an ISO-8601 date or a Unix time, instead of guessing a date', () => {
        const config = sources({ startdate: { path: 'custom.started' } });
        for (const started of ['hello 5', '12', '2024-02-30', '22/02/2024', 'Feb 22 2024']) {
            const rejected: string[] = [];
            expect(
                resolveObjectValues(config, { custom: { started } }, limetype, (property) =>
                    rejected.push(property)
                )
            ).toEqual({});
            expect(rejected).toEqual(['startdate']);
        }
        for (const started of ['2024-02-22', '2024-02-22T16:48:45+01:00'])
            expect(
                new Date(
                    resolveObjectValues(config, { custom: { started } }, limetype)
                        .startdate as string
                ).getUTCDate()
            ).toBe(22);
    });

    it('cuts a text to the property length without splitting a surrogate pair', () => {
        const config = sources({ title: { path: 'subject' } });
        expect(resolveObjectValues(config, { subject: 'abcdefgh😀xyz' }, limetype)).toEqual({
            title: 'abcdefgh…',
        });
        expect(resolveObjectValues(config, { subject: 'abcdefg😀xyz' }, limetype)).toEqual({
            title: 'abcdefg😀…',
        });
    });

    it('leaves out a payload value that does not fit when asked to, and throws otherwise', () => {
        const config = sources({
            channel: { path: 'contact_channel.type' },
            title: { value: 'Chat' },
        });
        const payload = { contact_channel: { type: 'fax' } };
        const rejected: string[] = [];
        expect(
            resolveObjectValues(config, payload, limetype, (property) => rejected.push(property))
        ).toEqual({ title: 'Chat' });
        expect(rejected).toEqual(['channel']);
        expect(() => resolveObjectValues(config, payload, limetype)).toThrow(ConfigurationError);
    });
});

describe('checkObjectValues', () => {
    it('names missing or unwritable properties, unknown map targets and texts longer than the property', () => {
        const problems = checkObjectValues(
            sources({
                title: { value: 'Far too long a title' },
                channel: { path: 'contact_channel.type', map: { web: 'web', sms: 'text' } },
                nosuch: { path: 'subject' },
                history: { value: 1 },
                startdate: { path: 'custom.started', default: 'not a date' },
            }),
            limetype
        );
        expect(problems).toEqual([
            'helpdesk.title (value) is 20 characters long; the property holds 10',
            'helpdesk.channel (map["sms"]): "text" is not an option key of helpdesk.channel; known keys: web, messaging.',
            'the limetype helpdesk has no property nosuch',
            'helpdesk.history is a hasmany property; the relay cannot write values into it',
            'helpdesk.startdate (default): The value configured for helpdesk.startdate is not a date.',
        ]);
    });

    it('finds nothing wrong in a fitting configuration', () => {
        expect(
            checkObjectValues(
                sources({
                    title: { template: 'Chat {id}' },
                    channel: { path: 'contact_channel.type', map: { whatsapp: 'messaging' } },
                }),
                limetype
            )
        ).toEqual([]);
    });
});
