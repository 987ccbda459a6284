import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.ts';
import { NoMatchingInstanceError } from '../errors.ts';
import { ConversationSchema } from '../conversation/conversation-schema.ts';
import { selectInstance } from './select-instance.ts';

const tenant = parseConfig(
    {
        tenants: {
            default: {
                relayApiKey: '${RELAY_API_KEY}',
                lime: { baseUrl: 'https://lime.example.com/app', apiKey: '${LIME_API_KEY}' },
                widgetDefaultTopics: { '139611': 'Support', 'Sales widget': 'sales' },
                instances: [
                    { topic: 'Support', limetype: 'helpdesk' },
                    { topic: 'Sales', limetype: 'deal' },
                ],
            },
        },
    },
    { RELAY_API_KEY: 'relay-key-0123456789', LIME_API_KEY: 'lime-key' }
).tenants.default!;

const conversation = (extra: object) => ConversationSchema.parse({ id: 7, contact: {}, ...extra });

describe('selectInstance', () => {
    it('picks the instance of the first matching topic, case-insensitively', () => {
        expect(
            selectInstance(
                conversation({ topics: [{ text: 'Other' }, { text: ' sales ' }] }),
                tenant
            ).limetype
        ).toBe('deal');
    });

    it("uses the widget's default topic, by id or by name, when the conversation has no topic", () => {
        expect(
            selectInstance(
                conversation({ topics: [], um_widget: { id: 139611, name: 'x' } }),
                tenant
            ).limetype
        ).toBe('helpdesk');
        expect(
            selectInstance(conversation({ um_widget: { id: 1, name: 'Sales widget' } }), tenant)
                .limetype
        ).toBe('deal');
    });

    it('refuses a topic that matches no instance, listing the configured topics', () => {
        const attempt = () =>
            selectInstance(
                conversation({ topics: [{ text: 'Billing' }], um_widget: { id: 139611 } }),
                tenant
            );
        expect(attempt).toThrow(NoMatchingInstanceError);
        expect(attempt).toThrow(/"Billing".*Configured topics: Support, Sales/);
    });

    it('refuses a conversation without topic whose widget has no default', () => {
        expect(() =>
            selectInstance(conversation({ um_widget: { id: 5, name: 'Web' } }), tenant)
        ).toThrow(/no topic and its widget \(widget "Web", id 5\) has no default topic/);
    });
});
