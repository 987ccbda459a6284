import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { RelayError } from '../errors.ts';

/** body-parser's error types, mapped to the relay's answers. */
const BODY_ERRORS: Record<
    string,
    { status: number; code: string; message: (limit: number) => string }
> = {
    'entity.too.large': {
        status: 413,
        code: 'payload_too_large',
        message: (limit) =>
            `The conversation is larger than the relay accepts (${limit} bytes). Ask the relay administrator to raise server.bodyLimitBytes.`,
    },
    'entity.parse.failed': {
        status: 400,
        code: 'invalid_json',
        message: () => 'The body is not valid JSON.',
    },
    'encoding.unsupported': {
        status: 415,
        code: 'unsupported_encoding',
        message: () => 'The body uses an unsupported content encoding.',
    },
    'charset.unsupported': {
        status: 415,
        code: 'unsupported_charset',
        message: () => 'The body uses an unsupported charset; send UTF-8 JSON.',
    },
    'request.aborted': {
        status: 400,
        code: 'request_aborted',
        message: () => 'The request was aborted before its body was read.',
    },
};

/**
 * The one place errors become answers: `{"error": {"code", "message"}}`. Relay errors carry their own
 * status and a message that is safe to show; anything else is a 500 whose details stay in the log.
 */
export function createErrorHandler(logger: Logger, bodyLimitBytes: number): ErrorRequestHandler {
    return (error, request, response, _next) => {
        const log = (request as { log?: Logger }).log ?? logger;
        const bodyError = typeof error?.type === 'string' ? BODY_ERRORS[error.type] : undefined;
        if (bodyError) {
            log.warn({ status: bodyError.status, code: bodyError.code }, 'Request refused');
            response.status(bodyError.status).json({
                error: { code: bodyError.code, message: bodyError.message(bodyLimitBytes) },
            });
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
