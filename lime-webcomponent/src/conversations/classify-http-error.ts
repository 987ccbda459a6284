/** What went wrong with a platform call, in the terms the user is told about. */
export type FailureKind =
    'aborted' | 'bad-request' | 'forbidden' | 'not-found' | 'server' | 'network' | 'unknown';

/** A classified failure: the kind, the HTTP status when there was one, and Lime's own message. */
export interface Failure {
    kind: FailureKind;
    status?: number;
    /** Lime's `message` from a 4xx body (not a secret: it describes the request that was sent). */
    serverMessage?: string;
}

/**
 * Classifies an error thrown by the platform's `http` service.
 *
 * The service throws an error named `HttpResponseError` with `status` on 4xx/5xx (lime-crm.md §3.2).
 * A browser fetch that never got a response throws a `TypeError`; an HttpResponseError with status 0
 * is treated the same way, since how Lime's client reports a dropped connection is [unknown].
 */
export function classifyHttpError(error: unknown): Failure {
    if (isAbortError(error)) {
        return { kind: 'aborted' };
    }
    if (!(error instanceof Error) && !isRecord(error)) {
        return { kind: 'unknown' };
    }
    const record = error as unknown as Record<string, unknown>;
    const status = typeof record.status === 'number' ? record.status : undefined;
    if (record.name === 'HttpResponseError' && status !== undefined && status > 0) {
        return classifyStatus(status, readServerMessage(record.response ?? record.body));
    }
    if (error instanceof TypeError || (record.name === 'HttpResponseError' && !status)) {
        return { kind: 'network' };
    }
    return { kind: 'unknown' };
}

/** True for the error raised when an `AbortSignal` cancels work. */
export function isAbortError(error: unknown): boolean {
    return isRecord(error) && (error as { name?: unknown }).name === 'AbortError';
}

function classifyStatus(status: number, serverMessage: string | undefined): Failure {
    const base = serverMessage === undefined ? { status } : { status, serverMessage };
    if (status === 401 || status === 403) {
        return { kind: 'forbidden', ...base };
    }
    if (status === 404) {
        return { kind: 'not-found', ...base };
    }
    if (status >= 500) {
        return { kind: 'server', ...base };
    }
    if (status >= 400) {
        return { kind: 'bad-request', ...base };
    }
    return { kind: 'unknown', ...base };
}

// Lime's error body is undocumented (lime-crm.md §1.10); `{message}` is what third-party code reads.
function readServerMessage(response: unknown): string | undefined {
    if (isRecord(response) && typeof response.message === 'string' && response.message !== '') {
        return response.message.slice(0, 300);
    }
    if (typeof response === 'string' && response.trim() !== '' && !response.includes('<')) {
        return response.trim().slice(0, 300);
    }
    return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null;
}
