import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import type { DevHarness } from '../../../lime-webcomponent/dev/serve.ts';
import type { RunningSandbox } from '../../../sandbox/src/start-sandbox.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-output/screenshots/', import.meta.url));

/** The package's elements, as the web client finds them. */
export const TAG = {
    loader: 'lwc-limepkg-userlike-relay-loader',
    conversations: 'lwc-limepkg-userlike-relay-conversations',
    conversationRow: 'lwc-limepkg-userlike-relay-conversation-row',
    connectDialog: 'lwc-limepkg-userlike-relay-connect-dialog',
} as const;

/** A page plus the errors it raised, so every test can assert "no crash". */
export interface ComponentPage {
    page: Page;
    /** Uncaught exceptions and console errors other than expected failed requests. */
    errors: string[];
    /** The conversations view. */
    component: Locator;
    close(): Promise<void>;
}

/**
 * A fresh browser context (UTC, so shown times are fixed) whose page records uncaught exceptions and
 * console errors. The browser logs each failed request (403/500/network) as a console error; those are
 * the faults under test. Anything else logged as an error is a defect.
 */
export async function openRecordedPage(
    browser: Browser
): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
    const context = await browser.newContext({
        viewport: { width: 1100, height: 720 },
        timezoneId: 'UTC',
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
            errors.push(`console: ${message.text()}`);
        }
    });
    return { page, errors, close: () => context.close() };
}

/**
 * Opens the dev harness in a fresh browser context with the given object selected
 * (`helpdesk:<id>` / `deal:<id>`) and waits for the component to render.
 */
export async function openComponentPage(
    browser: Browser,
    harness: DevHarness,
    options: { object?: string; language?: 'en' | 'sv'; shape?: 'relation' | 'card' } = {}
): Promise<ComponentPage> {
    const { page, errors, close } = await openRecordedPage(browser);
    await page.goto(harness.url);
    await page.locator('body[data-ready="true"]').waitFor();
    if (options.shape) {
        await page.selectOption('#context-shape', options.shape);
    }
    if (options.language) {
        await page.selectOption('#language', options.language);
    }
    if (options.object) {
        await page.selectOption('#object', options.object);
    }
    return { page, errors, component: page.locator(TAG.conversations), close };
}

/** The rows of the conversations view. */
export function conversationRows(page: Page): Locator {
    return page.locator(TAG.conversationRow);
}

/** The row of one conversation, by the conversation ID its title shows. */
export function conversationRow(page: Page, conversationId: number): Locator {
    return conversationRows(page).filter({
        has: page.locator('a.title', { hasText: `Conversation ${conversationId}` }),
    });
}

/** Saves a full-page screenshot as test-output/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
}

/** Saves a screenshot of one element (all of it, scrolled into view) as test-output/screenshots/<name>.png. */
export async function saveElementScreenshot(element: Locator, name: string): Promise<void> {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await element.screenshot({ path: `${SCREENSHOT_DIR}${name}.png` });
}

/**
 * Types an ID into the open connect dialog (replacing what is there); `scope` is the dialog when the
 * page has more than one (a card has the view's and the one the loader opens).
 */
export async function typeConversationId(scope: Page | Locator, value: string): Promise<void> {
    const input = scope.locator('#conversation-id input');
    await input.waitFor();
    await input.fill(value);
}

/** Opens the conversations view's connect dialog by clicking its button and waits for the input. */
export async function openConnectDialog(page: Page): Promise<void> {
    await page.locator('#connect-button').click();
    await page.locator('#conversation-id input').waitFor({ state: 'visible' });
}

/** Counts conversation records in the sandbox with the given conversationid. */
export function countConversations(
    harness: DevHarness | { sandbox: RunningSandbox },
    conversationId: number
): number {
    return harness.sandbox
        .objects('ulconversation')
        .filter((record) => record.conversationid === conversationId).length;
}

/** The sandbox's writes (POST, PUT, DELETE) so far. */
export function writesOf(sandbox: RunningSandbox): string[] {
    return sandbox
        .requests()
        .filter((request) => request.method !== 'GET')
        .map((request) => `${request.method} ${request.path}`);
}

/** The text an element shows in its shadow root (a locator's `textContent()` reads only the light DOM). */
export function shadowText(element: Locator): Promise<string> {
    return element.evaluate(
        (node) => node.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
    );
}
