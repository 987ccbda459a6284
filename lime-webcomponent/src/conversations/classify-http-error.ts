/** What went wrong with a platform call, in the terms the user is told about. */
export type FailureKind =
    'aborted' | 'bad-request' | 'forbidden' | 'not-found' | 'server' | 'network' | 'unknown';

/** A classified failure: the kind, and the HTTP status when there was one. */
export interface Failure {
    kind: FailureKind;
    status?: number;
}

/**
 * Classifies an error thrown by the platform's `http` service.
 *
 * The service throws an error named `HttpResponseError` with `status` on 4xx/5xx. A browser fetch that
 * never got a response throws a `TypeError`; an HttpResponseError with status 0 is treated the same way,
 * since how Lime's client reports a dropped connection is not documented (docs/assumptions.md W9).
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
        return classifyStatus(status);
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

function classifyStatus(status: number): Failure {
    if (status === 401 || status === 403) {
        return { kind: 'forbidden', status };
    }
    if (status === 404) {
        return { kind: 'not-found', status };
    }
    if (status >= 500) {
        return { kind: 'server', status };
    }
    if (status >= 400) {
        return { kind: 'bad-request', status };
    }
    return { kind: 'unknown', status };
}

/**
 * Lime's own message in a refusal, read from the error's `response` as the web client's http service
 * delivers it: a fetch `Response` whose body is still unread (v6), or the parsed body itself. The body
 * is JSON with a `message` (or `error.message`), or plain text; its shape is not documented
 * (docs/assumptions.md W9). Undefined when there is none, never a rejection.
 */
export async function readLimeMessage(error: unknown): Promise<string | undefined> {
    const response = isRecord(error) ? (error.response ?? error.body) : undefined;
    try {
        return readMessage(isResponse(response) ? await readBody(response) : response);
    } catch {
        return undefined;
    }
}

interface ResponseLike {
    clone?(): ResponseLike;
    text(): Promise<string>;
    bodyUsed?: boolean;
}

function isResponse(value: unknown): value is ResponseLike {
    return isRecord(value) && typeof value.text === 'function';
}

async function readBody(response: ResponseLike): Promise<unknown> {
    const readable = response.bodyUsed !== true && response.clone ? response.clone() : response;
    const text = await readable.text();
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return text;
    }
}

const MAX_MESSAGE_LENGTH = 300;

function readMessage(body: unknown): string | undefined {
    const nested = isRecord(body) && isRecord(body.error) ? body.error.message : undefined;
    const message = isRecord(body) ? (body.message ?? nested) : body;
    if (typeof message !== 'string') {
        return undefined;
    }
    const text = message.trim();
    // An HTML error page (a proxy's) says nothing a user can act on.
    return text === '' || text.startsWith('<') ? undefined : text.slice(0, MAX_MESSAGE_LENGTH);
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null;
}
