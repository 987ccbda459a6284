import { describe, expect, it } from 'vitest';
import { ConversationSchema } from '../../conversation/conversation-schema.ts';
import { parseConfig } from '../../config/load-config.ts';
import type { Limetype } from '../../lime/types.ts';
import { personRule, rulePropertiesOf } from './person-rule.ts';

const person = parseConfig(
    {
        tenants: {
            acme: {
                relayApiKey: '${RELAY_API_KEY}',
                lime: { baseUrl: 'https://lime.example.com/app', apiKey: '${LIME_API_KEY}' },
                instances: [{ topic: 'Support', limetype: 'helpdesk' }],
                person: {
                    defaultPhoneRegion: 'SE',
                    rules: [
                        { payloadPath: 'contact.email', property: 'email' },
                        { match: 'phone', properties: ['mobilephone', 'phone'] },
                        {
                            payloadPath: 'contact.custom_field_data.customer_no',
                            property: 'customerno',
                        },
                    ],
                },
            },
        },
    },
    { RELAY_API_KEY: 'relay-key-0123456789', LIME_API_KEY: 'lime-key' }
).tenants.acme!.person;
const [email, phone, customField] = person.rules.map((rule) => personRule(rule, person));

const conversation = ConversationSchema.parse({
    id: 1,
    contact: {
        email: '  Ann@Example.com ',
        phone_number: '070-123 45 67',
        mobile_number: '+46 70 123 45 67',
        custom_field_data: { customer_no: 4711 },
    },
});
const personType: Limetype = {
    name: 'person',
    properties: new Map(
        [
            { name: 'email', type: 'string' },
            { name: 'mobilephone', type: 'phone' },
            { name: 'phone', type: 'integer' },
            { name: 'customerno', type: 'integer' },
        ].map((property) => [property.name, property])
    ),
};

describe('person rules', () => {
    it('name the properties they match against and the one a created person gets', () => {
        expect(rulePropertiesOf(person)).toEqual(['email', 'mobilephone', 'phone', 'customerno']);
        expect([email, phone, customField].map((rule) => rule?.writtenProperty)).toEqual([
            'email',
            'mobilephone',
            'customerno',
        ]);
    });

    it('read the contact’s value as a created person gets it: trimmed text, the first number in E.164', () => {
        expect(email?.contactValue(conversation)).toBe('Ann@Example.com');
        // Both numbers are the same one: it is read once.
        expect(phone?.contactValue(conversation)).toBe('+46701234567');
        expect(customField?.contactValue(conversation)).toBe('4711');
        const anonymous = ConversationSchema.parse({ id: 2, contact: {} });
        expect([email, phone, customField].map((rule) => rule?.contactValue(anonymous))).toEqual([
            undefined,
            undefined,
            undefined,
        ]);
    });

    it('check what a kind needs of the person limetype: phone properties hold text', () => {
        expect(email?.check(personType)).toEqual([]);
        expect(customField?.check(personType)).toEqual([]);
        expect(phone?.check(personType)).toEqual([
            'phone rule: property person.phone is a integer, expected a text or phone property',
        ]);
    });
});
