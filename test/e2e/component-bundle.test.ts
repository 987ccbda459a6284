/**
 * The deliverable itself: the library build (one ES module) loaded into Chromium the way a Lime loader would
 * (a plain `import()` of a static file), by two copies at once, with Lit inside and lime-elements left to the
 * host. The other browser tests run the sources through the dev server, so only this one proves the bundle.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/launch-chromium.ts';

const ORIGIN = 'http://lime.test';
const BUNDLE_PATH = '/lime/static/limepkg-userlike-relay/lwc-userlike-conversations.js';
// Lit is about 16 KiB of it; a bundle far above this has picked up something it should not carry.
const MAX_BUNDLE_BYTES = 64 * 1024;

let outDir: string | undefined;
let bundle = '';
let browser: Browser | undefined;

beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'lwc-bundle-'));
    // Built as vitest's process is (NODE_ENV=test): the configuration must not depend on the shell.
    await build({
        configFile: fileURLToPath(
            new URL('../../lime-webcomponent/vite.config.ts', import.meta.url)
        ),
        logLevel: 'warn',
        build: { outDir, emptyOutDir: true },
    });
    bundle = await readFile(join(outDir, 'lwc-userlike-conversations.js'), 'utf8');
    browser = await launchChromium();
});

afterAll(async () => {
    await browser?.close();
    if (outDir) {
        await rm(outDir, { recursive: true, force: true });
    }
});

/** A page at a Lime-like URL whose only script is the bundle; no lime-elements, no dev server. */
async function openBundlePage(errors: string[]): Promise<Page> {
    const page = await (browser as Browser).newPage();
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    await page.route(`${ORIGIN}/**`, (route) => {
        const { pathname } = new URL(route.request().url());
        if (pathname === BUNDLE_PATH) {
            return route.fulfill({ contentType: 'text/javascript', body: bundle });
        }
        return route.fulfill({
            contentType: 'text/html',
            body: '<!doctype html><html lang="en"><body><lwc-userlike-conversations id="c"></lwc-userlike-conversations></body></html>',
        });
    });
    await page.goto(`${ORIGIN}/lime/client/object/helpdesk/1001`);
    return page;
}

// Runs in the page: imports the bundle twice (the second under another URL, so it really runs again, as a
// second package or loader would), then gives the element a platform whose http answers one conversation,
// its note (through the Query API) and the note's person.
const MOUNT_SCRIPT = `
    const first = await import('${BUNDLE_PATH}');
    const second = await import('${BUNDLE_PATH}?second-copy');
    const requested = [];
    const http = {
        get: async (url) => {
            requested.push(url);
            if (url.startsWith('api/v1/query/?q=')) {
                const query = JSON.parse(decodeURIComponent(url.slice('api/v1/query/?q='.length)));
                return query.limetype === 'history'
                    ? { objects: [{ _id: 7, date: '2026-03-02T09:05:00Z', ulconversation: 1, person: 9 }] }
                    : { objects: [{ _id: 9, _descriptive: 'Jane Doe' }] };
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
    element.context = { limetype: 'ulconversation', id: null, parent: { limetype: 'helpdesk', id: 1001 } };
    await element.updateComplete;
    for (let i = 0; i < 50 && !element.shadowRoot.querySelector('li.conversation'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const row = element.shadowRoot.querySelector('li.conversation');
    return {
        definedByFirstCopy: customElements.get('lwc-userlike-conversations') === first.LwcUserlikeConversations,
        secondCopyRan: second.LwcUserlikeConversations !== first.LwcUserlikeConversations,
        limeElementsDefined: customElements.get('limel-button') !== undefined,
        heading: row?.querySelector('h3')?.textContent.trim() ?? null,
        noteHref: row?.querySelector('ul.notes a')?.getAttribute('href') ?? null,
        personHref: row?.querySelector('dd a')?.getAttribute('href') ?? null,
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

    it('loads in Chromium from a static URL, registers the element once when loaded twice, and renders', async () => {
        const errors: string[] = [];
        const page = await openBundlePage(errors);
        try {
            const result = (await page.evaluate(`(async () => {${MOUNT_SCRIPT}})()`)) as {
                definedByFirstCopy: boolean;
                secondCopyRan: boolean;
                limeElementsDefined: boolean;
                heading: string | null;
                noteHref: string | null;
                personHref: string | null;
                requested: string[];
            };
            expect(result).toEqual({
                definedByFirstCopy: true,
                secondCopyRan: true,
                limeElementsDefined: false,
                heading: 'Conversation 5550001',
                // The application root is taken from the page URL (…/lime/client/object/…).
                noteHref: '/lime/client/object/history/7',
                personHref: '/lime/client/object/person/9',
                requested: [
                    'api/v1/limeobject/helpdesk/1001/ulconversation/?_limit=100',
                    'history query',
                    'person query',
                ],
            });
            expect(errors).toEqual([]);
        } finally {
            await page.close();
        }
    });
});
