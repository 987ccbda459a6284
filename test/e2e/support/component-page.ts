import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import type { DevHarness } from '../../../lime-webcomponent/dev/serve.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-output/screenshots/', import.meta.url));

/** A harness page plus the errors it raised, so every test can assert "no crash". */
export interface ComponentPage {
    page: Page;
    /** Uncaught exceptions and console errors other than expected failed requests. */
    errors: string[];
    component: Locator;
    close(): Promise<void>;
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
    const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
        // The browser logs each failed request (403/500/network) as a console error; those are the
        // faults under test. Anything else logged as an error is a defect.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
            errors.push(`console: ${message.text()}`);
        }
    });
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
    return {
        page,
        errors,
        component: page.locator('lwc-userlike-conversations'),
        close: () => context.close(),
    };
}

/** Saves a full-page screenshot as test-output/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
}

/** Opens the connect dialog with the mouse and types an ID into it. */
export async function typeConversationId(page: Page, value: string): Promise<void> {
    const input = page.locator('#conversation-id input');
    await input.waitFor();
    await input.fill(value);
}

/** Opens the connect dialog by clicking its button and waits for the input. */
export async function openConnectDialog(page: Page): Promise<void> {
    await page.locator('#connect-button').click();
    await page.locator('#conversation-id input').waitFor({ state: 'visible' });
}

/** Counts conversation records in the sandbox with the given conversationid. */
export function countConversations(harness: DevHarness, conversationId: number): number {
    return harness.sandbox
        .objects('ulconversation')
        .filter((record) => record.conversationid === conversationId).length;
}
