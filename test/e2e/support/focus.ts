import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { BrowserGlobals, DomNode } from './browser-globals.ts';

/**
 * Describes the focused element, following focus through shadow roots:
 * `lwc-…-conversations > limel-button#connect-button > button`, with `[href=…]` for links.
 */
export function describeFocus(page: Page): Promise<string> {
    return page.evaluate(() => {
        const { document } = globalThis as unknown as BrowserGlobals;
        let element: DomNode | null = document.activeElement;
        const path: string[] = [];
        while (element) {
            path.push(
                `${element.localName}${element.id ? `#${element.id}` : ''}${element.getAttribute('href') ? `[href=${element.getAttribute('href')}]` : ''}`
            );
            element = element.shadowRoot?.activeElement ?? null;
        }
        return path.join(' > ');
    });
}

/** Presses Tab until the focus description matches, at most `limit` times. */
export async function tabTo(page: Page, pattern: RegExp, limit = 25): Promise<void> {
    for (let step = 0; step < limit; step++) {
        if (pattern.test(await describeFocus(page))) {
            return;
        }
        await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${pattern}; focus is on ${await describeFocus(page)}`);
}

/** Waits until the focus description matches; focus moves after Lit's and the dialog's next render. */
export async function expectFocus(page: Page, pattern: RegExp): Promise<void> {
    await expect.poll(() => describeFocus(page), { timeout: 3_000 }).toMatch(pattern);
}
