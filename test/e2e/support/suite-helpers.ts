import { afterEach, expect } from 'vitest';

/** The value a `beforeAll` set up; throws a clear error when the set-up failed and left it unset. */
export function required<T>(value: T | undefined, what: string): T {
    if (value === undefined)
        throw new Error(`The browser test set-up has no ${what} (did beforeAll fail?)`);
    return value;
}

/**
 * After each test, closes the pages it opened and asserts that none raised an error. Returns the function
 * that registers a page (and gives it back).
 */
export function closePagesAfterEach<P extends { errors: string[]; close(): Promise<void> }>(): (
    page: P
) => P {
    const opened: P[] = [];
    afterEach(async () => {
        const pages = opened.splice(0);
        for (const page of pages) await page.close();
        for (const page of pages) expect(page.errors).toEqual([]);
    });
    return (page) => {
        opened.push(page);
        return page;
    };
}
