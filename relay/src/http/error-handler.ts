import type { ErrorRequestHandler, Request } from 'express';
import type { Logger } from 'pino';
import { RelayError } from '../errors.ts';

/** What the relay answers when a request's body cannot be read. */
interface BodyRefusal {
    status: number;
    code: string;
    message: string;
}

/** The content encodings the body parser decodes (besides none, `identity`). */
const SUPPORTED_ENCODINGS = 'gzip, deflate, br';

/**
 * body-parser's failures, as 4xx answers that say what is wrong with the request: too large, not JSON,
 * a content encoding that is not supported (415) or does not decode (400), a body shorter or longer than
 * its Content-Length, an aborted upload. Undefined for errors that are not about the body.
 */
export function describeBodyError(
    error: { type?: unknown; status?: unknown; encoding?: unknown; message?: unknown },
    request: Request,
    bodyLimitBytes: number
): BodyRefusal | undefined {
    switch (error.type) {
        case 'entity.too.large':
            return {
                status: 413,
                code: 'payload_too_large',
                message: `The conversation is larger than the relay accepts (${bodyLimitBytes} bytes). Ask the relay administrator to raise server.bodyLimitBytes.`,
            };
        case 'entity.parse.failed':
            return { status: 400, code: 'invalid_json', message: 'The body is not valid JSON.' };
        case 'encoding.unsupported':
            return {
                status: 415,
                code: 'unsupported_encoding',
                message: `The body's Content-Encoding "${shorten(String(error.encoding ?? request.get('content-encoding')))}" is not supported: send the body uncompressed, or compressed with one of ${SUPPORTED_ENCODINGS}.`,
            };
        case 'charset.unsupported':
            return {
                status: 415,
                code: 'unsupported_charset',
                message: 'The body uses an unsupported charset; send UTF-8 JSON.',
            };
        case 'request.aborted':
            return {
                status: 400,
                code: 'request_aborted',
                message: 'The request was aborted before its body was read.',
            };
        case 'request.size.invalid':
            return {
                status: 400,
                code: 'invalid_length',
                message: 'The body is not as long as its Content-Length header says.',
            };
    }
    const status = typeof error.status === 'number' ? error.status : 500;
    const encoding = request.get('content-encoding')?.trim().toLowerCase();
    if (status === 400 && error.type === undefined && encoding && encoding !== 'identity') {
        // A zlib failure: the bytes are not what the Content-Encoding says (or are cut short).
        return {
            status: 400,
            code: 'invalid_encoding',
            message: `The body cannot be decoded as its Content-Encoding "${shorten(encoding)}" says (${shorten(String(error.message))}): send it uncompressed, or compressed as the header says.`,
        };
    }
    return undefined;
}

/** A header value echoed in a message: one line, and short. */
function shorten(text: string): string {
    const line = text.replace(/[^\x20-\x7e]/g, '?');
    return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

/**
 * The one place errors become answers: `{"error": {"code", "message"}}`. Relay errors carry their own
 * status and a message that is safe to show; anything else is a 500 whose details stay in the log.
 */
export function createErrorHandler(logger: Logger, bodyLimitBytes: number): ErrorRequestHandler {
    return (error, request, response, _next) => {
        const log = (request as { log?: Logger }).log ?? logger;
        const bodyError =
            error !== null && typeof error === 'object'
                ? describeBodyError(error, request, bodyLimitBytes)
                : undefined;
        if (bodyError) {
            log.warn({ status: bodyError.status, code: bodyError.code }, 'Request refused');
            response
                .status(bodyError.status)
                .json({ error: { code: bodyError.code, message: bodyError.message } });
            return;
        }
        if (error instanceof RelayError) {
            const level = error.status >= 500 ? 'error' : 'warn';
            log[level](
                { status: error.status, code: error.code, err: { message: error.message } },
                'Request failed'
            );
            response
                .status(error.status)
                .json({ error: { code: error.code, message: error.message } });
            return;
        }
        log.error(
            { err: { name: error?.name, message: error?.message, stack: error?.stack } },
            'Unexpected error'
        );
        response.status(500).json({
            error: {
                code: 'internal_error',
                message: `The relay failed unexpectedly; the error is logged under request id ${response.getHeader('x-request-id') ?? 'unknown'}.`,
            },
        });
    };
}
