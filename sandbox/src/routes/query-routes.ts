/** `GET /api/v1/query/?q=<url-encoded JSON>` (docs/lime-rest-api.md §4). */
import type { Router } from 'express';
import { runQuery } from '../query-engine.ts';
import { readQueryParameters } from '../read-query-parameters.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { badRequest } from '../sandbox-error.ts';
import { readRole } from './read-role.ts';
import { createStrictRouter } from './strict-router.ts';

/** Routes for the Query API. */
export function createQueryRouter(context: SandboxContext): Router {
    const router = createStrictRouter();
    router.get('/query/', (request, response) => {
        const parameters = readQueryParameters(request, []);
        const unknown = [...parameters.keys()].filter((name) => name !== 'q');
        if (unknown.length > 0) {
            throw badRequest(
                `unknown query parameters: ${unknown.join(', ')} (only q is accepted)`
            );
        }
        const text = parameters.get('q');
        if (text === undefined) {
            throw badRequest('missing query parameter q (the url-encoded JSON query)');
        }
        let query: unknown;
        try {
            query = JSON.parse(text);
        } catch {
            throw badRequest('query parameter q is not valid JSON');
        }
        response.json(runQuery(context, readRole(response), query));
    });
    return router;
}
