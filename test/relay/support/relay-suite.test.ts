/** The relay test harness itself: what a test file gets from useRelaySuite(), and what it resets. */
import { describe, expect, it } from 'vitest';
import { useRelaySuite } from './relay-suite.ts';
import { conversation } from './start-relay.ts';

const { sandbox, relay, restartRelay } = useRelaySuite({
    sandbox: { apiKey: 'relay-suite-full-key' },
    relay: (running) => ({
        limeApiKey: running.restrictedApiKey,
        editConfig: (raw) => (raw.delivery.inlineDeadlineMs = 4_321),
    }),
});

// Named at load time, used only once the suite runs.
let early: unknown;
try {
    early = relay.url;
} catch (error) {
    early = error;
}

describe('useRelaySuite', () => {
    it('says so when the relay is used before the suite has started it', () => {
        expect(early).toEqual(
            new Error(
                "The suite's relay is not running: use it in a test or in a hook after useRelaySuite()."
            )
        );
    });

    it('starts the sandbox and the relay with the options given, the relay with the sandbox started', async () => {
        expect(relay.config.delivery.inlineDeadlineMs).toBe(4_321);
        expect(sandbox.apiKey).toBe('relay-suite-full-key');
        expect(relay.config.tenants.default!.lime.apiKey).toBe(sandbox.restrictedApiKey);
    });

    let seeded = 0;
    it('leaves the next test a sandbox, caches and logs as they were at the start (1/2)', async () => {
        seeded = sandbox.objects('ulconversation').length;
        expect((await relay.post(conversation(9_901, { topic: 'Support' }))).status).toBe(200);
        expect(sandbox.objects('ulconversation')).toHaveLength(seeded + 1);
        sandbox.faults.set({ latencyMs: 1 });
        sandbox.restrictLimetype('coworker');
        expect(relay.logs).not.toEqual([]);
    });

    it('leaves the next test a sandbox, caches and logs as they were at the start (2/2)', async () => {
        expect(sandbox.objects('ulconversation')).toHaveLength(seeded);
        expect(sandbox.requests()).toEqual([]);
        expect(sandbox.faults.current()).toEqual({});
        expect(relay.logs).toEqual([]);
        // The relay reads the limetypes and coworkers afresh, and may read coworkers again.
        expect((await relay.post(conversation(9_902, { topic: 'Support' }))).status).toBe(200);
        expect(sandbox.objects('ulconversation')).toHaveLength(seeded + 1);
        const requests = sandbox.requests();
        expect(requests.some((request) => request.path.includes('/limetype/'))).toBe(true);
        // The coworkers are readable again: the restriction went with the reset.
        const coworkers = requests.filter((request) =>
            String(request.query.q).includes('"limetype":"coworker"')
        );
        expect(new Set(coworkers.map((request) => request.status))).toEqual(new Set([200]));
    });

    it('restarts the relay with other options for one test (1/2)', async () => {
        const suiteRelay = relay.relay;
        await restartRelay({ editConfig: (raw) => (raw.delivery.inlineDeadlineMs = 1_234) });
        expect(relay.relay).not.toBe(suiteRelay);
        expect(relay.config.delivery.inlineDeadlineMs).toBe(1_234);
    });

    it('restarts the relay with other options for one test (2/2): the next gets the suite’s', () => {
        expect(relay.config.delivery.inlineDeadlineMs).toBe(4_321);
        expect(relay.config.tenants.default!.lime.apiKey).toBe(sandbox.restrictedApiKey);
    });
});
