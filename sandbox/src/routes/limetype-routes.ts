/** `GET /api/v1/limetype/` and `GET /api/v1/limetype/{limetype}/` (docs/lime-rest-api.md §2). */
import type { Router } from 'express';
import type { LimetypeDefinition, PropertyDefinition } from '../data-model.ts';
import { requireLimetype } from '../lime-objects.ts';
import { readQueryParameters } from '../read-query-parameters.ts';
import { buildApiUrl } from '../sandbox-context.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { badRequest } from '../sandbox-error.ts';
import { createStrictRouter } from './strict-router.ts';

function serializeProperty(
    context: SandboxContext,
    property: PropertyDefinition
): Record<string, unknown> {
    const serialized: Record<string, unknown> = {
        name: property.name,
        localname: property.localname,
        type: property.type,
        required: property.required,
        length: property.length,
    };
    if (property.options) {
        serialized.options = property.options.map(({ id, key, text, inactive }) => ({
            id,
            key,
            text,
            inactive,
        }));
    }
    if (property.relatedLimetype) {
        serialized._links = {
            related_type: {
                href: buildApiUrl(context, `limetype/${property.relatedLimetype}/`),
                name: property.relatedLimetype,
            },
        };
    }
    return serialized;
}

function serializeLimetype(
    context: SandboxContext,
    limetype: LimetypeDefinition,
    withProperties: boolean
): Record<string, unknown> {
    const serialized: Record<string, unknown> = {
        name: limetype.name,
        localname: { ...limetype.localname },
    };
    if (withProperties) {
        serialized._embedded = {
            properties: limetype.properties.map((property) => serializeProperty(context, property)),
        };
    }
    serialized._links = {
        self: { href: buildApiUrl(context, `limetype/${limetype.name}/`) },
        limeobjects: { href: buildApiUrl(context, `limeobject/${limetype.name}/`) },
    };
    return serialized;
}

function readEmbed(embed: string | undefined, allowed: string): boolean {
    if (embed === undefined || embed === '') {
        return false;
    }
    if (embed !== allowed) {
        throw badRequest(`_embed must be "${allowed}", got "${embed}"`);
    }
    return true;
}

/** Routes for the limetype (data model) API. */
export function createLimetypeRouter(context: SandboxContext): Router {
    const router = createStrictRouter();
    router.get('/limetype/', (request, response) => {
        const parameters = readQueryParameters(request, ['_embed']);
        const withProperties = readEmbed(parameters.get('_embed'), 'limetypes.properties');
        response.json({
            _embedded: {
                limetypes: context.model.limetypes.map((limetype) =>
                    serializeLimetype(context, limetype, withProperties)
                ),
            },
            _links: { self: { href: buildApiUrl(context, 'limetype/') } },
        });
    });
    router.get('/limetype/:limetype/', (request, response) => {
        const parameters = readQueryParameters(request, ['_embed']);
        const limetype = requireLimetype(context, request.params.limetype);
        response.json(
            serializeLimetype(context, limetype, readEmbed(parameters.get('_embed'), 'properties'))
        );
    });
    return router;
}
