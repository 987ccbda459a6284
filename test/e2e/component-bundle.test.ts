/**
 * The deliverable itself: the library build (`npm run build`'s vite configuration), the Lime package's
 * namespace module `<namespace>/<namespace>.esm.js`, loaded into Chromium the way the web client loads it
 * (an ES module from the package's static URL), by two copies at once, with Lit inside and lime-elements
 * left to the host. The other browser tests run the sources through the dev server or the package build
 * through the sandbox's stand-in web client; this one proves the bundle on a bare page with a minimal
 * platform (`http` only).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAG } from './support/component-page.ts';
import { launchChromium } from './support/launch-chromium.ts';

const ORIGIN = 'http://lime.test';
const NAMESPACE = 'limepkg-userlike-relay-lwc-components';
const FILE_NAME = `${NAMESPACE}.esm.js`;
// Where the web client serves it: `static/<package name>/<route of register_static_content()>/…`.
const BUNDLE_PATH = `/lime/static/limepkg-userlike-relay/lwc-components-0.1.0/${NAMESPACE}/${FILE_NAME}`;
// Lit is about 16 KiB of it; a bundle far above this has picked up something it should not carry.
const MAX_BUNDLE_BYTES = 64 * 1024;

let outDir: string | undefined;
let bundle = '';
let browser: Browser | undefined;

beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'lwc-bundle-'));
    // Built as vitest's process is (NODE_ENV=test): the configuration must not depend on the shell.
    // Into a folder of its own, so the Lime package's build is not touched while other tests use it.
    await build({
        configFile: fileURLToPath(
            new URL('../../lime-webcomponent/vite.config.ts', import.meta.url)
        ),
        logLevel: 'warn',
        build: { outDir, emptyOutDir: true },
    });
    bundle = await readFile(join(outDir, FILE_NAME), 'utf8');
    browser = await launchChromium();
});

afterAll(async () => {
    await browser?.close();
    if (outDir) {
        await rm(outDir, { recursive: true, force: true });
    }
});

/** A page at a Lime-like URL whose only script is the bundle; no lime-elements, no dev server. */
async function openBundlePage(errors: string[], warnings: string[]): Promise<Page> {
    const page = await (browser as Browser).newPage();
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
        if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.route(`${ORIGIN}/**`, (route) => {
        const { pathname } = new URL(route.request().url());
        if (pathname === BUNDLE_PATH) {
            return route.fulfill({ contentType: 'text/javascript', body: bundle });
        }
        return route.fulfill({
            contentType: 'text/html',
            body: `<!doctype html><html lang="en"><body><${TAG.conversations} id="c"></${TAG.conversations}></body></html>`,
        });
    });
    await page.goto(`${ORIGIN}/lime/client/object/helpdesk/1001`);
    return page;
}

// Runs in the page: imports the bundle twice (the second under another URL, so it really runs again, as a
// second package or loader would), then gives the view a platform with nothing but an http service that
// answers the history limetype's metadata, one conversation, and its note (with the note's person) through
// the Query API.
const MOUNT_SCRIPT = `
    const tags = ${JSON.stringify(TAG)};
    const first = await import('${BUNDLE_PATH}');
    const second = await import('${BUNDLE_PATH}?second-copy');
    const requested = [];
    const relation = (name, limetype) => ({ name, type: 'belongsto', _links: { related_type: { name: limetype } } });
    const http = {
        get: async (url) => {
            requested.push(url);
            if (url.startsWith('api/v1/limetype/history/')) {
                return { _embedded: { properties: [
                    { name: 'note', type: 'text' },
                    { name: 'date', type: 'time' },
                    relation('person', 'person'),
                    relation('helpdesk', 'helpdesk'),
                    relation('ulconversation', 'ulconversation'),
                ] } };
            }
            if (url.startsWith('api/v1/query/?q=')) {
                return { objects: [
                    { _id: 7, date: '2026-03-02T09:05:00Z', ulconversation: 1, person: { _id: 9, _descriptive: 'Jane Doe' } },
                ] };
            }
            return { _embedded: { limeobjects: [
                { _id: 1, conversationid: 5550001, contactid: '7770001', startedtime: '2026-03-02T09:01:00Z' },
            ] } };
        },
        post: async () => { throw new Error('no writes in this test'); },
    };
    const services = { http };
    const element = document.getElementById('c');
    element.platform = { type: 'LimeCRMWebClient', get: (name) => services[name], has: (name) => name in services };
    element.context = { limetype: 'helpdesk', id: 1001 };
    const findRow = () => element.shadowRoot.querySelector(tags.conversationRow)?.shadowRoot;
    for (let i = 0; i < 100 && !findRow()?.querySelector('ul.notes a'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const row = findRow();
    const exported = {
        [tags.loader]: 'PluginLoader',
        [tags.conversations]: 'ConversationsView',
        [tags.conversationRow]: 'ConversationRow',
        [tags.connectDialog]: 'ConnectDialog',
    };
    return {
        definedByFirstCopy: Object.entries(exported).filter(
            ([tag, name]) => customElements.get(tag) !== undefined && customElements.get(tag) === first[name]
        ).map(([tag]) => tag),
        secondCopyRan: Object.values(exported).every((name) => second[name] !== first[name]),
        limeElementsDefined: customElements.get('limel-button') !== undefined,
        heading: row?.querySelector('a.title')?.textContent.trim() ?? null,
        recordHref: row?.querySelector('a.title')?.getAttribute('href') ?? null,
        noteHref: row?.querySelector('ul.notes a')?.getAttribute('href') ?? null,
        personHref: row?.querySelector('a.person')?.getAttribute('href') ?? null,
        requested: requested.map((url) =>
            url.startsWith('api/v1/query/?q=')
                ? JSON.parse(decodeURIComponent(url.slice('api/v1/query/?q='.length))).limetype + ' query'
                : url
        ),
    };
`;

describe('the built bundle', () => {
    it('is one self-contained ES module: Lit inside, lime-elements and nothing else imported', async () => {
        expect(bundle.length).toBeGreaterThan(0);
        // No import statements (a bare specifier such as 'lit' cannot load in the web client); the browser
        // test below proves the same by loading it with nothing else on the page.
        expect(bundle).not.toMatch(/(^|[;}])\s*import\s*(["'{*]|[\w$]+\s*(,|from))/m);
        expect(bundle).not.toMatch(/\bimport\(/);
        expect(bundle).not.toContain('@limetech/');
        // Lit's production build, whatever NODE_ENV the shell that ran `npm run build` had.
        expect(bundle).not.toContain('Lit is in dev mode');
        expect(bundle.length).toBeLessThan(MAX_BUNDLE_BYTES);
        console.warn(
            `bundle: ${bundle.length} bytes raw, ${gzipSync(bundle, { level: 9 }).length} bytes gzip`
        );
    });

    it('loads in Chromium from its static URL, defines all four elements once when loaded twice, and renders', async () => {
        const errors: string[] = [];
        const warnings: string[] = [];
        const page = await openBundlePage(errors, warnings);
        try {
            const result = (await page.evaluate(`(async () => {${MOUNT_SCRIPT}})()`)) as {
                definedByFirstCopy: string[];
                secondCopyRan: boolean;
                limeElementsDefined: boolean;
                heading: string | null;
                recordHref: string | null;
                noteHref: string | null;
                personHref: string | null;
                requested: string[];
            };
            expect(result).toEqual({
                definedByFirstCopy: Object.values(TAG),
                secondCopyRan: true,
                limeElementsDefined: false,
                heading: 'Conversation 5550001',
                // The application root is taken from the page URL (…/lime/client/object/…).
                recordHref: '/lime/client/object/ulconversation/1',
                noteHref: '/lime/client/object/history/7',
                personHref: '/lime/client/object/person/9',
                // The history limetype's metadata (which model this is), the page of records, their notes.
                requested: [
                    'api/v1/limetype/history/?_embed=properties',
                    'api/v1/limeobject/helpdesk/1001/ulconversation/?_limit=51&_offset=0&_sort=-_id',
                    'history query',
                ],
            });
            expect(errors).toEqual([]);
            // The second copy defines nothing, and says so once per element.
            expect(warnings.toSorted()).toEqual(
                Object.values(TAG)
                    .map(
                        (tag) =>
                            `<${tag}> is already defined by another copy of this bundle; keeping the first one.`
                    )
                    .toSorted()
            );
        } finally {
            await page.close();
        }
    });
});
