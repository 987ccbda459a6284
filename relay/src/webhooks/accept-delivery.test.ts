import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { DeliveryStore } from '../delivery/delivery-store.ts';
import { createSqliteDeliveryStore } from '../delivery/sqlite-delivery-store.ts';
import type { DeliveryWorker } from '../delivery/worker.ts';
import { parseConfig } from '../config/load-config.ts';
import { createMetrics } from '../ops/metrics.ts';
import type { TenantRuntime } from '../tenant-runtime.ts';
import { createDeliveryAcceptor } from './accept-delivery.ts';
import type { Conversation } from '../conversation/conversation-schema.ts';

describe('createDeliveryAcceptor', () => {
    it('answers 202 for a journaled delivery when the store cannot be read after the deadline', async () => {
        const journal = createSqliteDeliveryStore({ path: ':memory:' });
        await journal.migrate();
        // The journal takes the delivery, then stops answering (a database blip, or closed on SIGTERM).
        const store: DeliveryStore = {
            ...journal,
            get: async () => {
                throw new Error('Delivery store is closed');
            },
        };
        const worker = { wake() {}, waitFor: async () => null } as unknown as DeliveryWorker;
        const accept = createDeliveryAcceptor({
            store,
            worker,
            inlineDeadlineMs: 10,
            metrics: createMetrics(store),
        });
        const config = parseConfig(
            {
                tenants: {
                    acme: {
                        relayApiKey: '${RELAY_API_KEY}',
                        lime: {
                            baseUrl: 'https://lime.example.com/app',
                            apiKey: '${LIME_API_KEY}',
                        },
                        instances: [{ topic: 'Support', limetype: 'helpdesk' }],
                    },
                },
            },
            { RELAY_API_KEY: 'relay-key-0123456789', LIME_API_KEY: 'lime-key' }
        );
        const conversation = { id: 42, contact: {}, transcript: [] } as unknown as Conversation;
        const answer = await accept(
            { name: 'acme', config: config.tenants.acme } as TenantRuntime,
            conversation,
            JSON.stringify(conversation),
            pino({ level: 'silent' })
        );
        const [journaled] = await journal.list();
        expect(answer).toEqual({ status: 202, body: { status: 'queued', id: journaled?.id } });
        await journal.close();
    });
});
