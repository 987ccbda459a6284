import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Task-style async state (as `@lit/task`): what the host renders. */
export type TaskState<T> =
    | { status: 'initial' }
    | { status: 'pending' }
    | { status: 'complete'; value: T }
    | { status: 'error'; error: unknown };

/**
 * Runs one async job at a time for a Lit host: starting a new run aborts the previous one through its
 * `AbortSignal`, and a stale run can never overwrite the state of a newer one (a context switch while
 * loading). Disconnecting the host aborts the current run.
 */
export class AbortableTask<T> implements ReactiveController {
    public state: TaskState<T> = { status: 'initial' };
    private readonly host: ReactiveControllerHost;
    private controller: AbortController | undefined;

    public constructor(host: ReactiveControllerHost) {
        this.host = host;
        host.addController(this);
    }

    /** Starts `work`, aborting any run in progress; resolves when this run has settled. */
    public async run(work: (signal: AbortSignal) => Promise<T>): Promise<void> {
        this.abort();
        const controller = new AbortController();
        this.controller = controller;
        this.setState({ status: 'pending' });
        try {
            const value = await work(controller.signal);
            if (this.controller === controller) {
                this.setState({ status: 'complete', value });
            }
        } catch (error) {
            if (this.controller === controller && !controller.signal.aborted) {
                this.setState({ status: 'error', error });
            }
        } finally {
            if (this.controller === controller) {
                this.controller = undefined;
            }
        }
    }

    /** Replaces a completed value (an optimistic change the host already knows is saved). */
    public setValue(value: T): void {
        this.abort();
        this.setState({ status: 'complete', value });
    }

    /** Aborts the current run, if any, and forgets it. */
    public abort(): void {
        this.controller?.abort();
        this.controller = undefined;
    }

    public hostDisconnected(): void {
        if (this.state.status === 'pending') {
            this.abort();
            // Reconnecting the host must load again rather than wait for the aborted run.
            this.setState({ status: 'initial' });
        }
    }

    private setState(state: TaskState<T>): void {
        this.state = state;
        this.host.requestUpdate();
    }
}
