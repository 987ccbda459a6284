/**
 * The stand-in web client: what a Lime user's browser gets from Lime, enough to load a Lime package exactly
 * as Lime does and use it on an object card.
 *
 * - `GET /<application>/client/object/:limetype/:id[?lang=sv&user=restricted]`: the object's card (the URL
 *   the relay answers Userlike with): its values, the view's `components`, and relation tabs whose create
 *   button issues `limeobject.create-dialog` through the command bus.
 * - `GET /<application>/static/<package name>/<route>/…`: each installed package's static content, as its
 *   `register_static_content()` declares it; the page imports `<namespace>/<namespace>.esm.js` from it and
 *   creates the package's loader `lwc-<package name>-loader` once, with a platform.
 * - the page's own script and lime-elements (Lime's design system, which the real web client defines).
 *
 * Everything the page does against Lime goes through the REST API with the page user's key, so the
 * sandbox's strictness (contract, object access, rate limit) holds for the package too.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Response } from 'express';
import type { LimetypeDefinition } from '../data-model.ts';
import type { LimeObjectRecord } from '../object-store.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { describeObject, serializeValue } from '../serialize-object.ts';
import { findCardView } from './card-views.ts';
import {
    installPackage,
    readTranslations,
    type InstalledPackage,
    type PackageSource,
} from './installed-packages.ts';

/** Options of {@link createWebClientRouter}. */
export interface WebClientOptions {
    /** The packages the web client has installed. */
    packages: readonly PackageSource[];
    /** The API keys of the page's users (`?user=restricted` picks the second). */
    keys: { full: string; restricted: string };
}

const BROWSER_DIR = fileURLToPath(new URL('./browser/', import.meta.url));
// Found as Node finds the package, wherever npm installed it.
const LIME_ELEMENTS_DIST = join(
    dirname(createRequire(import.meta.url).resolve('@limetech/lime-elements/package.json')),
    'dist'
);
// Lime's icon set is licensed and cannot be shipped here: every icon is a neutral dot.
const PLACEHOLDER_ICON =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="5" fill="currentColor"/></svg>';

/** A package as the page loads it. */
interface PagePackage {
    name: string;
    loader: string;
    modules: string[];
}

/** Routes of the stand-in web client, mounted under `/<application>`. */
export function createWebClientRouter(context: SandboxContext, options: WebClientOptions): Router {
    const router = Router();
    // Installed once, on first use: each package's Python module is asked what it serves.
    let installing: Promise<InstalledPackage[]> | undefined;
    const installed = (): Promise<InstalledPackage[]> => {
        installing ??= Promise.all(options.packages.map(installPackage));
        installing.catch(() => {
            installing = undefined;
        });
        return installing;
    };

    router.use('/_webclient/browser', express.static(BROWSER_DIR, { fallthrough: false }));
    router.use('/_webclient/lime-elements', express.static(LIME_ELEMENTS_DIST));
    // lime-elements fetches `assets/icons/<name>.svg` relative to the page.
    router.use((request, response, next) => {
        if (request.method === 'GET' && /\/assets\/icons\/[\w-]+\.svg$/.test(request.path)) {
            response.type('image/svg+xml').send(PLACEHOLDER_ICON);
            return;
        }
        next();
    });
    router.get('/_webclient/translations/:language', async (request, response, next) => {
        try {
            response.json(await readTranslations(await installed(), request.params.language));
        } catch (error) {
            next(error);
        }
    });
    router.get('/static/:packageName/:route/*path', async (request, response, next) => {
        try {
            const found = (await installed()).find(
                (item) => item.name === request.params.packageName
            );
            const folder = found?.staticContent.get(request.params.route);
            if (!folder) {
                response.status(404).type('text').send('No such static content');
                return;
            }
            response.sendFile(join(...request.params.path), { root: folder, dotfiles: 'deny' });
        } catch (error) {
            next(error);
        }
    });
    router.get('/client/object/:limetype/:id', async (request, response, next) => {
        try {
            const limetype = context.model.findLimetype(request.params.limetype);
            const id = Number(request.params.id);
            const record =
                limetype && Number.isSafeInteger(id)
                    ? context.store.get(limetype.name, id)
                    : undefined;
            if (!limetype || !record) {
                response
                    .status(404)
                    .type('html')
                    .send('<!doctype html><title>Not found</title><h1>Object not found</h1>');
                return;
            }
            const packages = listPagePackages(await installed(), context.application);
            sendCard(response, context, options, limetype, record, packages, {
                language: request.query.lang === 'sv' ? 'sv' : 'en',
                user: request.query.user === 'restricted' ? 'restricted' : 'full',
            });
        } catch (error) {
            next(error);
        }
    });
    return router;
}

/**
 * The namespace modules of each package: every `<folder>/<namespace>/<namespace>.esm.js` in its static
 * content (Stencil's layout), as URLs under `static/<package name>/<route>/`.
 */
function listPagePackages(packages: InstalledPackage[], application: string): PagePackage[] {
    return packages.map((installed) => ({
        name: installed.name,
        loader: `lwc-${installed.name}-loader`,
        modules: [...installed.staticContent].flatMap(([route, folder]) =>
            existsSync(folder)
                ? readdirSync(folder, { withFileTypes: true })
                      .filter(
                          (entry) =>
                              entry.isDirectory() &&
                              existsSync(join(folder, entry.name, `${entry.name}.esm.js`))
                      )
                      .map(
                          (entry) =>
                              `/${application}/static/${installed.name}/${route}/${entry.name}/${entry.name}.esm.js`
                      )
                : []
        ),
    }));
}

function sendCard(
    response: Response,
    context: SandboxContext,
    options: WebClientOptions,
    limetype: LimetypeDefinition,
    record: LimeObjectRecord,
    packages: PagePackage[],
    page: { language: 'en' | 'sv'; user: 'full' | 'restricted' }
): void {
    const hasmany = limetype.properties
        .filter((property) => property.type === 'hasmany')
        .map((property) => property.name);
    const boot = {
        applicationRoot: `/${context.application}/`,
        apiKey: options.keys[page.user],
        user: page.user,
        language: page.language,
        object: { limetype: limetype.name, id: record._id },
        limetypes: Object.fromEntries(
            context.model.limetypes.map((definition) => [
                definition.name,
                {
                    name: definition.name,
                    localname: definition.localname,
                    properties: definition.properties.map((property) => ({
                        name: property.name,
                        type: property.type,
                        localname: property.localname,
                        relatedLimetype: property.relatedLimetype ?? null,
                        relatedProperty: property.relatedProperty ?? null,
                    })),
                },
            ])
        ),
        view: findCardView(limetype.name, hasmany),
        packages,
    };
    const title = `${limetype.localname.singular}: ${describeObject(limetype, record)}`;
    const fields = limetype.properties
        .filter((property) => property.type !== 'hasmany')
        .map(
            (property) =>
                `<tr><th>${escapeHtml(property.localname)}</th><td>${escapeHtml(formatValue(serializeValue(property, record[property.name])))}</td></tr>`
        )
        .join('\n');
    response.type('html').send(`<!doctype html>
<html lang="${page.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)} · Lime CRM (sandbox)</title>
<link rel="stylesheet" href="/${context.application}/_webclient/lime-elements/lime-elements/lime-elements.css">
<link rel="stylesheet" href="/${context.application}/_webclient/lime-elements/lime-elements/style/color-palette-extended.css">
<link rel="stylesheet" href="/${context.application}/_webclient/browser/web-client.css">
<script type="module" src="/${context.application}/_webclient/lime-elements/lime-elements/lime-elements.esm.js"></script>
<script type="application/json" id="web-client-boot">${escapeScriptJson(boot)}</script>
<script type="module" src="/${context.application}/_webclient/browser/web-client.js"></script>
</head>
<body>
<header class="app-bar"><strong>Lime CRM</strong> <span>sandbox web client · ${page.user} user · ${page.language}</span></header>
<main>
<h1 data-limetype="${escapeHtml(limetype.name)}" data-id="${record._id}">${escapeHtml(title)}</h1>
<section class="card" aria-label="Details"><table>
${fields}
</table></section>
<section id="components" class="components" aria-label="Components"></section>
<section id="relations" class="relations" aria-label="Relations"></section>
${renderHistory(context, limetype, record._id)}
</main>
<div id="toasts" role="status" aria-live="polite"></div>
</body>
</html>`);
}

/** The object's history notes with their text, as the card's history feed shows them. */
function renderHistory(context: SandboxContext, limetype: LimetypeDefinition, id: number): string {
    const history = context.model.findLimetype('history');
    const relation = history?.properties.find(
        (property) => property.type === 'belongsto' && property.relatedLimetype === limetype.name
    );
    const category = history?.properties.find((property) => property.name === 'type');
    if (!history || !relation || !category) return '';
    const notes = context.store
        .list('history')
        .filter((note) => note[relation.name] === id)
        .map(
            (note) =>
                `<article class="note"><h3>${escapeHtml(String(note.date ?? ''))} · ${escapeHtml(formatValue(serializeValue(category, note.type)))}</h3><pre>${escapeHtml(String(note.note ?? ''))}</pre></article>`
        );
    return `<section class="history card" aria-label="History"><h2>History (${notes.length})</h2>\n${notes.join('\n')}</section>`;
}

function formatValue(value: unknown): string {
    if (value === null || value === undefined) return '';
    if (typeof value === 'object' && 'text' in value) return String(value.text);
    return String(value);
}

function escapeHtml(value: string): string {
    return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** JSON inside `<script>`: `<` escaped so no value can end the element. */
function escapeScriptJson(value: unknown): string {
    return JSON.stringify(value).replace(/</g, '\\u003c');
}
