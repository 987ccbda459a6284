/**
 * The File API (docs/lime-rest-api.md §5, docs/assumptions.md SB4): raw-bytes upload, metadata,
 * contents.
 * Assumptions: upload answers 201; a body above `maxFileBytes` is a 413; an empty body, a missing
 * Content-Type or a missing filename is a 400.
 */
import express from 'express';
import type { Router } from 'express';

import {
    formatContentDisposition,
    parseContentDispositionFilename,
} from '../content-disposition.ts';
import type { StoredFile } from '../object-store.ts';
import { readQueryParameters } from '../read-query-parameters.ts';
import { USER_IDS, buildApiUrl } from '../sandbox-context.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { badRequest, notFound } from '../sandbox-error.ts';
import { readRole } from './read-role.ts';
import { createStrictRouter } from './strict-router.ts';

function serializeFile(context: SandboxContext, file: StoredFile): Record<string, unknown> {
    const dot = file.filename.lastIndexOf('.');
    return {
        id: file.id,
        filename: file.filename,
        size: file.content.length,
        content_type: file.contentType,
        extension: dot > 0 ? file.filename.slice(dot + 1) : '',
        created_by: file.createdBy,
        locked_by: null,
        last_modified: file.lastModified,
        _links: {
            self: { href: buildApiUrl(context, `file/${file.id}/`) },
            contents: { href: buildApiUrl(context, `file/${file.id}/contents/`) },
        },
    };
}

function requireFile(context: SandboxContext, idText: string): StoredFile {
    const file = /^\d+$/.test(idText) ? context.store.getFile(Number(idText)) : undefined;
    if (!file) {
        throw notFound(`file ${idText} does not exist`);
    }
    return file;
}

/** Routes for `/file/...`. */
export function createFileRouter(context: SandboxContext): Router {
    const router = createStrictRouter();
    router.post(
        '/file/',
        express.raw({ type: () => true, limit: context.maxFileBytes }),
        (request, response) => {
            readQueryParameters(request, []);
            const contentType = request.get('content-type');
            if (!contentType) {
                throw badRequest(
                    "file upload needs a Content-Type header with the file's MIME type"
                );
            }
            const filename = parseContentDispositionFilename(request.get('content-disposition'));
            if (!filename) {
                throw badRequest(
                    'file upload needs a Content-Disposition header with a filename, e.g. ;filename*="UTF-8\'\'chat.pdf"'
                );
            }
            const content: unknown = request.body;
            if (!Buffer.isBuffer(content) || content.length === 0) {
                throw badRequest('file upload body is empty; send the raw file bytes');
            }
            const file: StoredFile = {
                id: context.store.allocateId(),
                filename,
                contentType,
                content,
                createdBy: USER_IDS[readRole(response)],
                lastModified: new Date().toISOString(),
            };
            context.store.putFile(file);
            response
                .status(201)
                .location(buildApiUrl(context, `file/${file.id}/`))
                .json(serializeFile(context, file));
        }
    );
    router.get('/file/:id/', (request, response) => {
        readQueryParameters(request, []);
        response.json(serializeFile(context, requireFile(context, request.params.id)));
    });
    router.get('/file/:id/contents/', (request, response) => {
        readQueryParameters(request, []);
        const file = requireFile(context, request.params.id);
        response
            .status(200)
            .set('Content-Type', file.contentType)
            .set('Content-Disposition', formatContentDisposition(file.filename))
            .send(file.content);
    });
    return router;
}
