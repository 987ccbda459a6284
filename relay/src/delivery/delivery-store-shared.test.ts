import { describe, expect, it } from 'vitest';
import {
    ERASE_SCAN_BATCH,
    findContactConversations,
    jobKeyRange,
    planErase,
    type ContactRow,
} from './delivery-store-shared.ts';

describe('findContactConversations', () => {
    /** A journal of `count` conversation deliveries; every 1,000th belongs to the contact. */
    const journal = (count: number): ContactRow[] =>
        Array.from({ length: count }, (_, index) => ({
            seq: index + 1,
            conversation_id: String(index % 1_000 === 999 ? 5_000 + index : index),
            contact_id: index % 1_000 === 999 ? 42 : index,
            contact_email: index % 1_000 === 999 ? 'Ann@Example.com' : null,
        }));

    it('reads the journal batch by batch, pausing between batches, and names the last row read', async () => {
        const rows = journal(2 * ERASE_SCAN_BATCH + 10);
        const reads: [number, number][] = [];
        let pauses = 0;
        const found = await findContactConversations(
            { contactEmail: ' ann@example.COM' },
            (afterSeq, limit) => {
                reads.push([afterSeq, limit]);
                return rows.filter((row) => Number(row.seq) > afterSeq).slice(0, limit);
            },
            async () => {
                pauses++;
            }
        );
        expect(reads).toEqual([
            [0, ERASE_SCAN_BATCH],
            [ERASE_SCAN_BATCH, ERASE_SCAN_BATCH],
            [2 * ERASE_SCAN_BATCH, ERASE_SCAN_BATCH],
        ]);
        expect(pauses).toBe(2);
        expect([...found.conversationIds]).toEqual(['5999', '6999']);
        expect(found.lastSeq).toBe(rows.length);
    });

    it('compares a contact id as text, whether stored as a number or a text', async () => {
        const rows: ContactRow[] = [
            { seq: 1, conversation_id: 'a', contact_id: 42, contact_email: null },
            { seq: 2, conversation_id: 'b', contact_id: '42', contact_email: null },
            { seq: 3, conversation_id: 'c', contact_id: 420, contact_email: null },
            { seq: 4, conversation_id: 'd', contact_id: null, contact_email: '42' },
        ];
        const found = await findContactConversations({ contactId: '42' }, () => rows);
        expect([...found.conversationIds]).toEqual(['a', 'b']);
        expect(found.lastSeq).toBe(4);
    });
});

describe('planErase', () => {
    it('stops what is unfinished, replaces the errors of dead ones, and counts by conversation', () => {
        const { updates, result } = planErase(
            [
                { id: '1', status: 'done', kind: 'conversation', conversation_id: '7' },
                { id: '2', status: 'queued', kind: 'conversation', conversation_id: '7' },
                { id: '3', status: 'running', kind: 'media', conversation_id: '7/media/m1' },
                { id: '4', status: 'dead', kind: 'conversation', conversation_id: '8' },
            ],
            { status: 410, code: 'erased', message: 'gone', retryable: false }
        );
        // As stored: JSON text.
        const gone = '{"status":410,"code":"erased","message":"gone","retryable":false}';
        expect(updates).toEqual([
            { id: '1', status: 'done', lastError: null },
            { id: '2', status: 'dead', lastError: gone },
            { id: '3', status: 'dead', lastError: gone },
            { id: '4', status: 'dead', lastError: gone },
        ]);
        expect(result).toEqual({
            conversations: 2,
            deliveries: 3,
            mediaJobs: 1,
            cancelled: 1,
            interrupted: 1,
        });
    });

    it('finds the jobs of a conversation, not those of another whose id starts alike', () => {
        const { from, to } = jobKeyRange('7');
        const inRange = (key: string) => key >= from && key < to;
        expect(['7/media/m1', '7/x'].every(inRange)).toBe(true);
        expect(['7', '70/media/m1', '70', '8/media/m1', '7.media'].some(inRange)).toBe(false);
    });
});
