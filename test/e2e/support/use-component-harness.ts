import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startDevHarness, type DevHarness } from '../../../lime-webcomponent/dev/serve.ts';
import type { SeedIds } from '../../../sandbox/src/start-sandbox.ts';
import { openComponentPage, type ComponentPage } from './component-page.ts';
import { launchChromium } from './launch-chromium.ts';
import { closePagesAfterEach, required } from './suite-helpers.ts';

export interface ComponentSuite {
    /** The dev harness and its sandbox (fresh demo data, full-access user, online before each test). */
    readonly harness: DevHarness;
    /** Ids of the sandbox's demo objects. */
    readonly seed: SeedIds;
    /** Opens the harness page on an object; after the test it is closed and must have raised no error. */
    open(options?: Parameters<typeof openComponentPage>[2]): Promise<ComponentPage>;
}

/**
 * The set-up every browser test file shares: one dev harness (with its sandbox) and one Chromium for the
 * file, the sandbox back to its demo data before each test, and every page checked for uncaught errors
 * and closed after it. Call once at the top of a test file.
 */
export function useComponentHarness(): ComponentSuite {
    let harness: DevHarness | undefined;
    let browser: Browser | undefined;
    let seed: SeedIds | undefined;
    const track = closePagesAfterEach<ComponentPage>();

    beforeAll(async () => {
        harness = await startDevHarness({ logLevel: 'warn' });
        browser = await launchChromium();
    });
    afterAll(async () => {
        await browser?.close();
        await harness?.close();
    });
    beforeEach(() => {
        const current = required(harness, 'harness');
        current.sandbox.reset();
        current.setOffline(false);
        current.setUser('full');
        seed = required(current.sandbox.seedIds ?? undefined, 'the sandbox demo data');
    });

    return {
        get harness() {
            return required(harness, 'harness');
        },
        get seed() {
            return required(seed, 'the sandbox demo data');
        },
        async open(options) {
            const page = await openComponentPage(
                required(browser, 'browser'),
                required(harness, 'harness'),
                options
            );
            return track(page);
        },
    };
}
