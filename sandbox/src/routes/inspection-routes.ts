/**
 * Test and demo helpers without a key: `GET /_sandbox/objects/:limetype`, `GET|DELETE /_sandbox/requests`,
 * `GET|POST|DELETE /_sandbox/faults`, `POST /_sandbox/reset`. Never part of real Lime.
 */
import express, { Router } from 'express';
import type { SandboxFaults } from '../fault-injector.ts';
import { requireLimetype } from '../lime-objects.ts';
import type { RequestLog } from '../request-log.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { createErrorHandler } from './handle-errors.ts';

/** What the inspection routes act on. */
export interface InspectionParts {
    context: SandboxContext;
    faults: SandboxFaults;
    requestLog: RequestLog;
    reset: () => void;
}

/** Builds the router mounted at `/_sandbox`. */
export function createInspectionRouter(parts: InspectionParts): Router {
    const { context, faults, requestLog, reset } = parts;
    const router = Router();
    router.use(express.json());
    router.get('/objects/:limetype', (request, response) => {
        const limetype = requireLimetype(context, request.params.limetype);
        response.json({
            objects: context.store.list(limetype.name).map((record) => ({
                ...record,
                _restricted: context.store.isRestricted(limetype.name, record._id),
            })),
        });
    });
    router.get('/requests', (_request, response) => {
        response.json({ requests: requestLog.list() });
    });
    router.delete('/requests', (_request, response) => {
        requestLog.clear();
        response.status(204).end();
    });
    router.get('/faults', (_request, response) => {
        response.json({ faults: faults.current() });
    });
    router.post('/faults', (request, response) => {
        faults.set(request.body ?? {});
        response.json({ faults: faults.current() });
    });
    router.delete('/faults', (_request, response) => {
        faults.clear();
        response.status(204).end();
    });
    router.post('/reset', (_request, response) => {
        reset();
        response.status(204).end();
    });
    router.use(createErrorHandler(context.maxFileBytes));
    return router;
}
