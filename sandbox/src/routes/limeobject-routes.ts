/**
 * The limeobject API: list, create, read, partial update, delete, related lists
 * (docs/lime-rest-api.md §3, docs/assumptions.md SB2).
 */
import type { Router } from 'express';
import {
    createObject,
    deleteObject,
    requireLimetype,
    requireReadableLimetype,
    requireReadableObject,
    updateObject,
} from '../lime-objects.ts';
import { LIST_CONTROLS, listObjects } from '../list-objects.ts';
import { readQueryParameters } from '../read-query-parameters.ts';
import { buildApiUrl } from '../sandbox-context.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { notFound } from '../sandbox-error.ts';
import { serializeObject } from '../serialize-object.ts';
import { readRole } from './read-role.ts';
import { createStrictRouter } from './strict-router.ts';

/** Routes for `/limeobject/...`. Expects JSON bodies to be parsed already. */
export function createLimeobjectRouter(context: SandboxContext): Router {
    const router = createStrictRouter();

    router.get('/limeobject/:limetype/', (request, response) => {
        const limetype = requireLimetype(context, request.params.limetype);
        const parameters = readQueryParameters(request, LIST_CONTROLS);
        requireReadableLimetype(context, readRole(response), limetype.name);
        response.json(
            listObjects(
                context,
                readRole(response),
                limetype,
                context.store.list(limetype.name),
                parameters,
                `limeobject/${limetype.name}/`
            )
        );
    });

    router.post('/limeobject/:limetype/', (request, response) => {
        const limetype = requireLimetype(context, request.params.limetype);
        readQueryParameters(request, []);
        const record = createObject(context, readRole(response), limetype, request.body);
        response
            .status(201)
            .location(buildApiUrl(context, `limeobject/${limetype.name}/${record._id}/`))
            .json(serializeObject(context, limetype, record));
    });

    router.get('/limeobject/:limetype/:id/', (request, response) => {
        const limetype = requireLimetype(context, request.params.limetype);
        readQueryParameters(request, []);
        const record = requireReadableObject(
            context,
            readRole(response),
            limetype,
            request.params.id
        );
        response.json(serializeObject(context, limetype, record));
    });

    router.put('/limeobject/:limetype/:id/', (request, response) => {
        const limetype = requireLimetype(context, request.params.limetype);
        readQueryParameters(request, []);
        const record = updateObject(
            context,
            readRole(response),
            limetype,
            request.params.id,
            request.body
        );
        response.json(serializeObject(context, limetype, record));
    });

    router.delete('/limeobject/:limetype/:id/', (request, response) => {
        const limetype = requireLimetype(context, request.params.limetype);
        readQueryParameters(request, []);
        deleteObject(context, readRole(response), limetype, request.params.id);
        response.status(204).end();
    });

    router.get('/limeobject/:limetype/:id/:relation/', (request, response) => {
        const limetype = requireLimetype(context, request.params.limetype);
        const role = readRole(response);
        const parameters = readQueryParameters(request, LIST_CONTROLS);
        const parent = requireReadableObject(context, role, limetype, request.params.id);
        const property = limetype.properties.find(
            (candidate) => candidate.name === request.params.relation
        );
        if (!property || (property.type !== 'hasmany' && property.type !== 'belongsto')) {
            throw notFound(`${limetype.name} has no relation "${request.params.relation}"`);
        }
        const related = requireLimetype(context, property.relatedLimetype ?? '');
        requireReadableLimetype(context, role, related.name);
        const records =
            property.type === 'hasmany'
                ? context.store
                      .list(related.name)
                      .filter((record) => record[property.relatedProperty ?? ''] === parent._id)
                : context.store
                      .list(related.name)
                      .filter((record) => record._id === parent[property.name]);
        response.json(
            listObjects(
                context,
                role,
                related,
                records,
                parameters,
                `limeobject/${limetype.name}/${parent._id}/${property.name}/`
            )
        );
    });

    return router;
}
