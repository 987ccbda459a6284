import type { ErrorRequestHandler, RequestHandler } from 'express';
import { SandboxError } from '../sandbox-error.ts';

/** 404 for paths no route knows. */
export function createNotFoundHandler(): RequestHandler {
    return (request, response) => {
        response
            .status(404)
            .json({ message: `no such endpoint: ${request.method} ${request.path}` });
    };
}

function readBodyParserType(error: unknown): string | undefined {
    if (typeof error === 'object' && error !== null && 'type' in error) {
        return typeof error.type === 'string' ? error.type : undefined;
    }
    return undefined;
}

/** Maps SandboxErrors and body-parser errors to `{message}` JSON answers. */
export function createErrorHandler(maxFileBytes: number): ErrorRequestHandler {
    return (error: unknown, _request, response, _next) => {
        if (response.headersSent) {
            response.socket?.destroy();
            return;
        }
        if (error instanceof SandboxError) {
            response.set(error.headers).status(error.status).json({ message: error.message });
            return;
        }
        const type = readBodyParserType(error);
        if (type === 'entity.parse.failed') {
            response.status(400).json({ message: 'the request body is not valid JSON' });
        } else if (type === 'entity.too.large') {
            response.status(413).json({
                message: `the request body is larger than the limit of ${maxFileBytes} bytes`,
            });
        } else if (type === 'request.aborted') {
            // The client gave up on its own request (the relay stops an upload whose download failed or
            // whose lease was revoked): nothing went wrong here, and nobody is left to read an answer.
            response.socket?.destroy();
        } else {
            console.error('sandbox: unexpected error', error);
            response.status(500).json({ message: 'internal sandbox error' });
        }
    };
}
