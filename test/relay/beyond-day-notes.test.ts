import { describe, expect, it } from 'vitest';
import { useRelaySuite } from './support/relay-suite.ts';
import { conversation } from './support/start-relay.ts';

// noteMode perDay: one note per calendar day (TimelinesAI), replaced on a re-send; and speakerStyle.

const { sandbox, relay } = useRelaySuite({
    relay: {
        editConfig: (raw) => {
            raw.delivery.inlineDeadlineMs = 5_000;
            raw.delivery.retry = { baseMs: 50, maxMs: 300, maxAttempts: 6 };
            raw.tenants.default.transcript = { timeZone: 'Europe/Stockholm' };
            const [support, sales] = raw.tenants.default.instances;
            support.noteMode = 'perDay';
            sales.noteMode = 'perDay';
            sales.speakerStyle = 'role';
        },
    },
});

const notesOf = (conversationId: number) => {
    const record = sandbox
        .objects('ulconversation')
        .find((r) => r.conversationid === conversationId);
    return sandbox
        .objects('history')
        .filter((h) => record && h.ulconversation === record._id)
        .sort((a, b) => (a._id as number) - (b._id as number));
};
const historyWrites = () =>
    sandbox
        .requests()
        .filter((r) => r.method !== 'GET' && r.path.includes('/limeobject/history/'))
        .map((r) => r.method);

/** A conversation with Ada, one message per given time. */
function chat(id: number, times: string[], topic = 'Support'): Record<string, any> {
    const payload = conversation(id, { topic, name: 'Ada Lovelace' });
    const message = payload.transcript[3];
    payload.transcript = times.map((sent_at, i) => ({
        ...message,
        id: `m${i}`,
        sent_at,
        body: `Message ${i}`,
        body_plain: `Message ${i}`,
    }));
    return payload;
}

describe('one note per day', () => {
    it('writes one titled note per calendar day in the configured time zone', async () => {
        // 23:30 UTC on the 22nd is already the 23rd in Stockholm.
        const answer = await relay.post(
            chat(9401, ['2024-02-22T15:49:00Z', '2024-02-22T23:30:00Z', '2024-02-24T08:00:00Z'])
        );

        expect(answer.status).toBe(200);
        expect(notesOf(9401).map((n) => n.note)).toEqual([
            'Chat with Ada Lovelace (22/02/2024)\nUserlike conversation 9401\n\n2024-02-22 16:49  Peter Testman (operator): Message 0',
            'Chat with Ada Lovelace (23/02/2024)\nUserlike conversation 9401\n\n2024-02-23 00:30  Peter Testman (operator): Message 1',
            'Chat with Ada Lovelace (24/02/2024)\nUserlike conversation 9401\n\n2024-02-24 09:00  Peter Testman (operator): Message 2',
        ]);
        const helpdesk = sandbox.objects('helpdesk').at(-1)!;
        expect(notesOf(9401).every((n) => n.helpdesk === helpdesk._id)).toBe(true);
        expect(new Date(notesOf(9401)[1]!.date as string).toISOString()).toBe(
            '2024-02-22T23:30:00.000Z'
        );
    });

    it("replaces the day's note on a re-send instead of adding one, and leaves other days alone", async () => {
        const payload = chat(9402, ['2024-02-22T10:00:00Z', '2024-02-23T10:00:00Z']);
        await relay.post(payload);
        const before = notesOf(9402);
        sandbox.clearRequests();

        payload.transcript.push({
            ...payload.transcript[1],
            id: 'later',
            sent_at: '2024-02-23T11:00:00Z',
            body: 'Later',
            body_plain: 'Later',
        });
        const again = await relay.post(payload);

        expect(again.status).toBe(200);
        expect(historyWrites()).toEqual(['PUT']);
        const after = notesOf(9402);
        expect(after.map((n) => n._id)).toEqual(before.map((n) => n._id));
        expect(after[0]!.note).toBe(before[0]!.note);
        expect(after[1]!.note).toBe(
            `${before[1]!.note}\n2024-02-23 12:00  Peter Testman (operator): Later`
        );
    });

    it('splits a long day into numbered parts, and updates them without duplicating', async () => {
        const times = Array.from({ length: 300 }, (_, i) =>
            new Date(Date.parse('2024-02-22T08:00:00Z') + i * 60_000).toISOString()
        );
        const payload = chat(9403, times);
        payload.transcript.forEach(
            (item: any, i: number) =>
                (item.body = item.body_plain = `Message number ${i} ${'lorem ipsum '.repeat(3)}`)
        );
        await relay.post(payload);
        const parts = notesOf(9403);
        expect(parts.length).toBeGreaterThan(1);
        parts.forEach((note, i) => {
            expect((note.note as string).length).toBeLessThanOrEqual(4000);
            expect((note.note as string).split('\n')[0]).toBe(
                `Chat with Ada Lovelace (22/02/2024) (part ${i + 1}/${parts.length})`
            );
        });
        const lines = parts.flatMap((n) => (n.note as string).split('\n').slice(3));
        expect(lines).toHaveLength(300);

        payload.transcript.push({
            ...payload.transcript[0],
            id: 'extra',
            sent_at: '2024-02-22T14:00:00Z',
            body: 'One more',
            body_plain: 'One more',
        });
        await relay.post(payload);
        const updated = notesOf(9403);
        expect(updated.length).toBeGreaterThanOrEqual(parts.length);
        expect(updated.flatMap((n) => (n.note as string).split('\n').slice(3))).toHaveLength(301);

        // A day that needs fewer parts than before: the parts no longer needed are deleted.
        payload.transcript = payload.transcript.slice(0, 5);
        await relay.post(payload);
        const shrunk = notesOf(9403);
        expect(shrunk).toHaveLength(1);
        expect(shrunk[0]!._id).toBe(parts[0]!._id);
        expect((shrunk[0]!.note as string).split('\n')[0]).toBe(
            'Chat with Ada Lovelace (22/02/2024)'
        );
    });

    it('writes no second day note when Lime wrote the note and then dropped the connection', async () => {
        sandbox.faults.set({
            writeThenDrop: 1,
            match: { method: 'POST', pathIncludes: '/limeobject/history/' },
        });
        const answer = await relay.post(chat(9404, ['2024-02-22T10:00:00Z']));
        if (answer.status === 202)
            expect(
                (await relay.relay.worker.waitFor(answer.body.id as string, 10_000))?.status
            ).toBe('done');
        expect(notesOf(9404)).toHaveLength(1);
    });

    it('finds the day note again when the contact name has a line break', async () => {
        const payload = chat(9406, ['2024-02-22T10:00:00Z']);
        payload.contact.name = 'Ada\nLovelace';
        await relay.post(payload);
        payload.transcript.push({ ...payload.transcript[0], id: 'later', body_plain: 'Later' });
        await relay.post(payload);

        const notes = notesOf(9406);
        expect(notes).toHaveLength(1);
        expect((notes[0]!.note as string).split('\n').slice(0, 2)).toEqual([
            'Chat with Ada Lovelace (22/02/2024)',
            'Userlike conversation 9406',
        ]);
        expect(notes[0]!.note).toContain('Later');
    });

    it('names speakers in the instance style', async () => {
        await relay.post(chat(9405, ['2024-02-22T10:00:00Z'], 'Sales'));
        expect(notesOf(9405)[0]!.note).toBe(
            'Chat with Ada Lovelace (22/02/2024)\nUserlike conversation 9405\n\n2024-02-22 11:00  Operator: Message 0'
        );
    });
});
