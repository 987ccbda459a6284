/**
 * `GET /<application>/client/object/:limetype/:id`: a tiny HTML page standing in for the Lime web
 * client's object page (the URL the relay returns to Userlike). Shows the values and history notes.
 */
import { Router } from 'express';
import type { LimetypeDefinition } from '../data-model.ts';
import type { LimeObjectRecord } from '../object-store.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { describeObject, serializeValue } from '../serialize-object.ts';

function escapeHtml(value: string): string {
    return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function formatValue(value: unknown): string {
    if (value === null || value === undefined) {
        return '';
    }
    if (typeof value === 'object' && 'text' in value) {
        return String(value.text);
    }
    return String(value);
}

function renderRows(limetype: LimetypeDefinition, record: LimeObjectRecord): string {
    return limetype.properties
        .filter((property) => property.type !== 'hasmany')
        .map(
            (property) =>
                `<tr><th>${escapeHtml(property.localname)}</th><td>${escapeHtml(formatValue(serializeValue(property, record[property.name])))}</td></tr>`
        )
        .join('\n');
}

function renderHistory(context: SandboxContext, limetype: LimetypeDefinition, id: number): string {
    const history = context.model.findLimetype('history');
    const relation = history?.properties.find(
        (property) => property.type === 'belongsto' && property.relatedLimetype === limetype.name
    );
    const category = history?.properties.find((property) => property.name === 'type');
    if (!history || !relation || !category) {
        return '';
    }
    const notes = context.store
        .list('history')
        .filter((record) => record[relation.name] === id)
        .map(
            (record) =>
                `<article class="note"><h3>${escapeHtml(String(record.date ?? ''))} · ${escapeHtml(formatValue(serializeValue(category, record.type)))}</h3><pre>${escapeHtml(String(record.note ?? ''))}</pre></article>`
        );
    return `<h2>History (${notes.length})</h2>\n${notes.join('\n')}`;
}

/** Router for the stand-in web client page (no key: it is what a person opens in a browser). */
export function createClientPageRouter(context: SandboxContext): Router {
    const router = Router();
    router.get('/client/object/:limetype/:id', (request, response) => {
        const limetype = context.model.findLimetype(request.params.limetype);
        const id = Number(request.params.id);
        const record =
            limetype && Number.isSafeInteger(id) ? context.store.get(limetype.name, id) : undefined;
        if (!limetype || !record) {
            response
                .status(404)
                .type('html')
                .send('<!doctype html><title>Not found</title><h1>Object not found</h1>');
            return;
        }
        const title = escapeHtml(
            `${limetype.localname.singular}: ${describeObject(limetype, record)}`
        );
        response.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:sans-serif;margin:2rem}th{text-align:left;padding-right:1rem}pre{white-space:pre-wrap;background:#f4f4f4;padding:.5rem}</style>
</head><body>
<h1 data-limetype="${escapeHtml(limetype.name)}" data-id="${record._id}">${title}</h1>
<table>
${renderRows(limetype, record)}
</table>
${renderHistory(context, limetype, record._id)}
</body></html>`);
    });
    return router;
}
