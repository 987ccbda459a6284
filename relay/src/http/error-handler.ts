import type { ErrorRequestHandler, Request } from 'express';
import type { Logger } from 'pino';
import { describeError, errorAnswer, RelayError } from '../errors.ts';

/** The content encodings the body parser decodes (besides none, `identity`). */
const SUPPORTED_ENCODINGS = 'gzip, deflate, br';

/**
 * body-parser's failures, as the relay's 4xx errors that say what is wrong with the request: too large,
 * not JSON, a content encoding that is not supported (415) or does not decode (400), a body shorter or
 * longer than its Content-Length, an aborted upload. Undefined for errors that are not about the body.
 */
function bodyErrorOf(
    error: { type?: unknown; status?: unknown; encoding?: unknown; message?: unknown },
    request: Request,
    bodyLimitBytes: number
): RelayError | undefined {
    switch (error.type) {
        case 'entity.too.large':
            return new RelayError(
                413,
                'payload_too_large',
                `The conversation is larger than the relay accepts (${bodyLimitBytes} bytes). Ask the relay administrator to raise server.bodyLimitBytes.`
            );
        case 'entity.parse.failed':
            return new RelayError(400, 'invalid_json', 'The body is not valid JSON.');
        case 'encoding.unsupported':
            return new RelayError(
                415,
                'unsupported_encoding',
                `The body's Content-Encoding "${shorten(String(error.encoding ?? request.get('content-encoding')))}" is not supported: send the body uncompressed, or compressed with one of ${SUPPORTED_ENCODINGS}.`
            );
        case 'charset.unsupported':
            return new RelayError(
                415,
                'unsupported_charset',
                'The body uses an unsupported charset; send UTF-8 JSON.'
            );
        case 'request.aborted':
            return new RelayError(
                400,
                'request_aborted',
                'The request was aborted before its body was read.'
            );
        case 'request.size.invalid':
            return new RelayError(
                400,
                'invalid_length',
                'The body is not as long as its Content-Length header says.'
            );
    }
    const status = typeof error.status === 'number' ? error.status : 500;
    const encoding = request.get('content-encoding')?.trim().toLowerCase();
    if (status === 400 && error.type === undefined && encoding && encoding !== 'identity') {
        // A zlib failure: the bytes are not what the Content-Encoding says (or are cut short).
        return new RelayError(
            400,
            'invalid_encoding',
            `The body cannot be decoded as its Content-Encoding "${shorten(encoding)}" says (${shorten(String(error.message))}): send it uncompressed, or compressed as the header says.`
        );
    }
    return undefined;
}

/** A header value echoed in a message: one line, and short. */
function shorten(text: string): string {
    const line = text.replace(/[^\x20-\x7e]/g, '?');
    return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

/**
 * Every route's errors become answers here, through describeError (errors.ts): `{"error": {"code",
 * "message"}}` with the status the error carries. An unexpected error is a 500 whose details stay in the
 * log: the answer names the request id, never the error.
 */
export function createErrorHandler(logger: Logger, bodyLimitBytes: number): ErrorRequestHandler {
    return (error, request, response, _next) => {
        const log = (request as { log?: Logger }).log ?? logger;
        // The relay's own errors are never body-parser's (an invalid payload is a 400 too).
        const bodyError =
            error !== null && typeof error === 'object' && !(error instanceof RelayError)
                ? bodyErrorOf(error, request, bodyLimitBytes)
                : undefined;
        const report = describeError(bodyError ?? error);
        if (bodyError) {
            log.warn({ status: report.status, code: report.code }, 'Request refused');
        } else if (error instanceof RelayError) {
            log[report.status >= 500 ? 'error' : 'warn'](
                { status: report.status, code: report.code, err: { message: report.message } },
                'Request failed'
            );
        } else {
            log.error(
                { err: { name: error?.name, message: error?.message, stack: error?.stack } },
                'Unexpected error'
            );
            report.message = `The relay failed unexpectedly; the error is logged under request id ${response.getHeader('x-request-id') ?? 'unknown'}.`;
        }
        const answer = errorAnswer(report);
        response.status(answer.status).json(answer.body);
    };
}
