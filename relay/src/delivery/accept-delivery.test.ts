import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createDeliveryAcceptor } from './accept-delivery.ts';
import type { DeliveryStore } from './delivery-store.ts';
import { createSqliteDeliveryStore } from './sqlite-delivery-store.ts';
import type { DeliveryWorker } from './worker.ts';

describe('createDeliveryAcceptor', () => {
    it('answers queued for a journaled delivery when the store cannot be read after the deadline', async () => {
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
        const accept = createDeliveryAcceptor({ store, worker, inlineDeadlineMs: 10 });
        const outcome = await accept(
            {
                tenant: 'acme',
                conversationId: '42',
                contentHash: 'hash',
                payload: JSON.stringify({ id: 42, contact: {}, transcript: [] }),
            },
            pino({ level: 'silent' })
        );
        const [journaled] = await journal.list();
        expect(outcome).toEqual({ kind: 'queued', id: journaled?.id });
        await journal.close();
    });
});
