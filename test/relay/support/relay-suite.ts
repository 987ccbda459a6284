/**
 * The relay test harness of a test file: a Lime CRM sandbox, the relay started against it, both stopped
 * after the file, and a clean slate before each test.
 *
 * ```ts
 * const { sandbox, relay } = useRelaySuite({ relay: { editConfig: (raw) => { … } } });
 *
 * it('…', async () => {
 *     const answer = await relay.post(samplePayload());
 *     expect(sandbox.objects('helpdesk')).toHaveLength(…);
 * });
 * ```
 *
 * `sandbox` and `relay` stand for the running sandbox and relay: helpers anywhere in the file may name
 * them, but they work only once the suite's `beforeAll` has started both (in tests and later hooks; used
 * earlier they throw an error that says so). Hooks the file registers before `useRelaySuite()` run before
 * the suite's start (a stand-in server they start can be named in the relay's options), and its `afterAll`
 * after the suite's stop (vitest runs after-hooks in reverse order).
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
    startSandbox,
    type RunningSandbox,
    type SandboxOptions,
} from '../../../sandbox/src/start-sandbox.ts';
import { startRelay, type RunningRelay, type StartRelayOptions } from './start-relay.ts';

/** Options of {@link useRelaySuite}. */
export interface RelaySuiteOptions {
    /** How the sandbox starts (data model, rate limit, page cap, …). */
    sandbox?: SandboxOptions;
    /** How the relay starts; as a function, called once the sandbox runs (for its restricted key). */
    relay?: StartRelayOptions | ((sandbox: RunningSandbox) => StartRelayOptions);
    /**
     * Before each test (the default): the sandbox back to its seed data (no faults, no recorded requests,
     * no restrictions), the relay's cached limetypes and coworkers dropped and its log lines forgotten.
     * `false` for a file whose tests build on what the ones before them did.
     */
    resetEach?: boolean;
}

/** What {@link useRelaySuite} gives a test file. */
export interface RelaySuite {
    sandbox: RunningSandbox;
    relay: RunningRelay;
    /**
     * Stops the relay and starts one with other options against the same sandbox, for the rest of this
     * test; the next test gets a relay started with the suite's options again.
     */
    restartRelay(options: StartRelayOptions): Promise<void>;
}

/** Starts a sandbox and a relay for the test file; see the module's description. */
export function useRelaySuite(options: RelaySuiteOptions = {}): RelaySuite {
    let sandbox: RunningSandbox | undefined;
    let relay: RunningRelay | undefined;
    let restarted = false;
    const suiteRelayOptions = (running: RunningSandbox): StartRelayOptions =>
        typeof options.relay === 'function' ? options.relay(running) : (options.relay ?? {});
    const replaceRelay = async (relayOptions: StartRelayOptions): Promise<void> => {
        await relay?.close();
        relay = undefined;
        relay = await startRelay(sandbox!, relayOptions);
    };

    beforeAll(async () => {
        sandbox = await startSandbox(options.sandbox);
        relay = await startRelay(sandbox, suiteRelayOptions(sandbox));
    });
    afterAll(async () => {
        await relay?.close();
        await sandbox?.close();
    });
    if (options.resetEach ?? true) {
        beforeEach(() => {
            sandbox!.reset();
            for (const tenant of relay!.tenants.values()) tenant.catalog.clear();
            relay!.logs.length = 0;
        });
    }
    afterEach(async () => {
        if (!restarted) return;
        restarted = false;
        await replaceRelay(suiteRelayOptions(sandbox!));
    });

    return {
        sandbox: standIn('sandbox', () => sandbox),
        relay: standIn('relay', () => relay),
        async restartRelay(relayOptions) {
            restarted = true;
            await replaceRelay(relayOptions);
        },
    };
}

/**
 * An object that stands for whatever `current()` returns when it is used: reading a property reads the
 * current value's, calling a method calls it on the current value, and before there is one it throws.
 */
function standIn<T extends object>(name: string, current: () => T | undefined): T {
    const target = (): T => {
        const value = current();
        if (value === undefined) {
            throw new Error(
                `The suite's ${name} is not running: use it in a test or in a hook after useRelaySuite().`
            );
        }
        return value;
    };
    return new Proxy({} as T, {
        get(_, key) {
            const value = target();
            const property: unknown = Reflect.get(value, key, value);
            return typeof property === 'function' ? property.bind(value) : property;
        },
        set: (_, key, property) => Reflect.set(target(), key, property),
        has: (_, key) => Reflect.has(target(), key),
        ownKeys: () => Reflect.ownKeys(target()),
        getOwnPropertyDescriptor(_, key) {
            const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
            // A proxy may not report a property of its (empty) target as non-configurable.
            return descriptor && { ...descriptor, configurable: true };
        },
    });
}
