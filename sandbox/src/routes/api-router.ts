/**
 * Everything under `/<application>/api/v1/`: request recording, fault injection, the `x-api-key`
 * check (401), the per-key rate limit (429 + Retry-After), then the Lime APIs.
 */
import express from 'express';
import type { Router } from 'express';
import type { Request } from 'express';
import type { SandboxFaults } from '../fault-injector.ts';
import type { SlidingWindowRateLimiter } from '../rate-limiter.ts';
import { readQueryParameters } from '../read-query-parameters.ts';
import type { RequestLog } from '../request-log.ts';
import { buildApiUrl } from '../sandbox-context.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { SandboxError } from '../sandbox-error.ts';
import type { KeyRole } from '../validate-values.ts';
import { createFileRouter } from './file-routes.ts';
import { createErrorHandler, createNotFoundHandler } from './handle-errors.ts';
import { createLimeobjectRouter } from './limeobject-routes.ts';
import { createLimetypeRouter } from './limetype-routes.ts';
import { createQueryRouter } from './query-routes.ts';
import { createStrictRouter } from './strict-router.ts';

/** What the API router needs besides the shared context. */
export interface ApiRouterParts {
    context: SandboxContext;
    keys: { full: string; restricted: string };
    rateLimiter: SlidingWindowRateLimiter;
    faults: SandboxFaults;
    requestLog: RequestLog;
}

/** The role of the request's `x-api-key` (header names are case-insensitive in node). */
export function resolveKeyRole(
    request: Request,
    keys: { full: string; restricted: string }
): KeyRole {
    const key = request.get('x-api-key');
    if (key === keys.full) {
        return 'full';
    }
    return key === keys.restricted ? 'restricted' : 'none';
}

/** Builds the router mounted at `/<application>/api/v1`. */
export function createApiRouter(parts: ApiRouterParts): Router {
    const { context, keys, rateLimiter, faults, requestLog } = parts;
    const router = createStrictRouter();
    router.use(requestLog.createRecorder((request) => resolveKeyRole(request, keys)));
    router.use(faults.createMiddleware());
    router.use((request, response, next) => {
        const role = resolveKeyRole(request, keys);
        if (role === 'none') {
            const message = request.get('x-api-key')
                ? 'the x-api-key header does not hold a valid API key'
                : 'missing x-api-key header';
            next(new SandboxError(401, message));
            return;
        }
        const decision = rateLimiter.take(role);
        if (!decision.allowed) {
            next(
                new SandboxError(
                    429,
                    `rate limit exceeded for this API key; retry after ${decision.retryAfterSeconds} s`,
                    { 'Retry-After': String(decision.retryAfterSeconds) }
                )
            );
            return;
        }
        response.locals.keyRole = role;
        next();
    });
    router.use((request, _response, next) => {
        // Every Lime API path ends with `/` (docs/lime-rest-api.md §1); the strict routers below do
        // not match one without it, and this also covers the API root mounted at
        // `/<application>/api/v1`.
        const path = request.originalUrl.split('?')[0] ?? '';
        if (!path.endsWith('/')) {
            next(
                new SandboxError(
                    404,
                    `no such endpoint: ${request.method} ${path} (Lime's API paths end with /)`
                )
            );
            return;
        }
        next();
    });
    router.get('/', (request, response) => {
        readQueryParameters(request, []);
        response.json({
            _links: {
                self: { href: buildApiUrl(context, '') },
                limetypes: { href: buildApiUrl(context, 'limetype/') },
                query: { href: buildApiUrl(context, 'query/') },
                file: { href: buildApiUrl(context, 'file/') },
            },
        });
    });
    router.use(createFileRouter(context));
    // Only JSON content types are parsed; any other body reaches the handlers as undefined (a 400).
    router.use(express.json({ limit: '10mb', type: ['application/json', 'application/*+json'] }));
    router.use(createLimetypeRouter(context));
    router.use(createLimeobjectRouter(context));
    router.use(createQueryRouter(context));
    router.use(createNotFoundHandler());
    router.use(createErrorHandler(context.maxFileBytes));
    return router;
}
