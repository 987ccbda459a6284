import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describe, expect, it } from 'vitest';
import { AbortableTask } from './abortable-task.ts';

function createHost() {
    const controllers: ReactiveController[] = [];
    let updates = 0;
    const host: ReactiveControllerHost = {
        addController: (controller) => controllers.push(controller),
        removeController: () => undefined,
        requestUpdate: () => {
            updates++;
        },
        updateComplete: Promise.resolve(true),
    };
    return { host, controllers, updates: () => updates };
}

function deferred<T>() {
    let resolve!: (value: T) => void;
    const promise = new Promise<T>((done) => {
        resolve = done;
    });
    return { promise, resolve };
}

describe('AbortableTask', () => {
    it('goes pending, then complete, asking the host to update', async () => {
        const { host, controllers, updates } = createHost();
        const task = new AbortableTask<number>(host);
        expect(controllers).toEqual([task]);
        const run = task.run(async () => 42);
        expect(task.state).toEqual({ status: 'pending' });
        await run;
        expect(task.state).toEqual({ status: 'complete', value: 42 });
        expect(updates()).toBe(2);
    });

    it('records an error', async () => {
        const { host } = createHost();
        const task = new AbortableTask<number>(host);
        const error = new Error('403');
        await task.run(async () => {
            throw error;
        });
        expect(task.state).toEqual({ status: 'error', error });
    });

    it('aborts a stale run, whose late result never overwrites the newer one', async () => {
        const { host } = createHost();
        const task = new AbortableTask<string>(host);
        const slow = deferred<string>();
        let firstSignal: AbortSignal | undefined;
        const first = task.run((signal) => {
            firstSignal = signal;
            return slow.promise;
        });
        await task.run(async () => 'second object');
        expect(firstSignal?.aborted).toBe(true);
        slow.resolve('first object');
        await first;
        expect(task.state).toEqual({ status: 'complete', value: 'second object' });
    });

    it('ignores the error of an aborted run', async () => {
        const { host } = createHost();
        const task = new AbortableTask<string>(host);
        const first = task.run(
            (signal) =>
                new Promise<string>((_resolve, reject) =>
                    signal.addEventListener('abort', () => reject(signal.reason))
                )
        );
        task.abort();
        await first;
        expect(task.state).toEqual({ status: 'pending' });
    });

    it('aborts when the host disconnects and goes back to initial, so a reconnect loads again', async () => {
        const { host } = createHost();
        const task = new AbortableTask<string>(host);
        let signal: AbortSignal | undefined;
        void task.run((given) => {
            signal = given;
            return new Promise<string>(() => undefined);
        });
        task.hostDisconnected();
        expect(signal?.aborted).toBe(true);
        expect(task.state).toEqual({ status: 'initial' });
    });

    it('setValue replaces the value', () => {
        const { host } = createHost();
        const task = new AbortableTask<number[]>(host);
        task.setValue([1]);
        expect(task.state).toEqual({ status: 'complete', value: [1] });
    });
});
