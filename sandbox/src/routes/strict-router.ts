import { Router } from 'express';

/**
 * A router that matches paths case-sensitively and with their trailing slash, as Lime's routing does
 * (every API path ends with `/`, docs/lime-rest-api.md §1): a client that drops the slash or
 * changes the case gets a 404 here instead of a silent match (assumption 14 of
 * openapi/lime-crm.yaml).
 */
export function createStrictRouter(): Router {
    return Router({ strict: true, caseSensitive: true });
}
