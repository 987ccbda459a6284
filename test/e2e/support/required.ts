/** The value a `beforeAll` set up; throws a clear error when the set-up failed and left it unset. */
export function required<T>(value: T | undefined, what: string): T {
    if (value === undefined)
        throw new Error(`The browser test set-up has no ${what} (did beforeAll fail?)`);
    return value;
}
