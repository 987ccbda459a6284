import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { DataModelVariant } from '../../../sandbox/src/data-model.ts';
import {
    startSandbox,
    type RunningSandbox,
    type SeedIds,
} from '../../../sandbox/src/start-sandbox.ts';
import { openRecordedPage, TAG } from './component-page.ts';
import { launchChromium } from './launch-chromium.ts';
import { closePagesAfterEach, required } from './suite-helpers.ts';

/** An object card of the sandbox's stand-in web client, with the Lime package loaded as Lime loads it. */
export interface WebClientCard {
    page: Page;
    /** Uncaught exceptions and console errors other than expected failed requests. */
    errors: string[];
    /** Console warnings (the loader says so when it cannot take over the create button). */
    warnings: string[];
    /** The conversations view placed on the card (`components`). */
    view: Locator;
    /** The relation tab of a hasmany property (`ulconversation`, `history`, `document`). */
    relationTab(relation: string): Locator;
    /** Shows a relation tab and clicks its create button (which issues `limeobject.create-dialog`). */
    clickCreate(relation: string): Promise<void>;
    /** The connect prompt the loader opened (the last one). */
    prompt: Locator;
    close(): Promise<void>;
}

/** How to open a card: the object, and the page's language and user (`?lang=sv&user=restricted`). */
export interface CardOptions {
    limetype: string;
    id: number;
    language?: 'en' | 'sv';
    user?: 'full' | 'restricted';
    /** Runs before the card loads (e.g. `page.addInitScript`). */
    beforeLoad?: (page: Page) => Promise<void>;
}

/** The card's URL, as the relay answers Userlike with it (`<baseUrl>/client/object/<limetype>/<id>`). */
export function cardUrl(sandbox: RunningSandbox, options: CardOptions): string {
    const url = new URL(`${sandbox.baseUrl}/client/object/${options.limetype}/${options.id}`);
    if (options.language) url.searchParams.set('lang', options.language);
    if (options.user) url.searchParams.set('user', options.user);
    return url.href;
}

/** Opens a card in a fresh browser context and waits until the web client has started. */
export async function openCard(
    browser: Browser,
    sandbox: RunningSandbox,
    options: CardOptions
): Promise<WebClientCard> {
    const { page, errors, close } = await openRecordedPage(browser);
    const warnings: string[] = [];
    page.on('console', (message) => {
        if (message.type() === 'warning') warnings.push(message.text());
    });
    await options.beforeLoad?.(page);
    await page.goto(cardUrl(sandbox, options));
    await page.locator('body[data-ready="true"]').waitFor();
    const relationTab = (relation: string): Locator =>
        page.locator(`[role="tabpanel"][data-relation="${relation}"]`);
    return {
        page,
        errors,
        warnings,
        view: page.locator(`#components ${TAG.conversations}`),
        relationTab,
        async clickCreate(relation) {
            await page.locator(`#tab-${relation}`).click();
            await relationTab(relation).locator('button.create').click();
        },
        prompt: page.locator(`body > ${TAG.connectDialog}`).last(),
        close,
    };
}

/** What the browser tests of the web client share: a sandbox (one data model) and a Chromium per file. */
export interface WebClientSuite {
    readonly sandbox: RunningSandbox;
    readonly seed: SeedIds;
    /** Opens a card; after the test it is closed and must have raised no error. */
    open(options: CardOptions): Promise<WebClientCard>;
}

/**
 * Starts a sandbox with the given data model and Chromium for the file; the sandbox is back to its demo
 * data before each test, and every card is checked for uncaught errors and closed after it. Call once per
 * file (or per `describe`, for a second data model).
 */
export function useWebClient(options: { dataModel: DataModelVariant }): WebClientSuite {
    let sandbox: RunningSandbox | undefined;
    let browser: Browser | undefined;
    let seed: SeedIds | undefined;
    const track = closePagesAfterEach<WebClientCard>();

    beforeAll(async () => {
        sandbox = await startSandbox({ dataModel: options.dataModel });
        browser = await launchChromium();
    });
    afterAll(async () => {
        await browser?.close();
        await sandbox?.close();
    });
    beforeEach(() => {
        const current = required(sandbox, 'sandbox');
        current.reset();
        seed = required(current.seedIds ?? undefined, 'the sandbox demo data');
    });

    return {
        get sandbox() {
            return required(sandbox, 'sandbox');
        },
        get seed() {
            return required(seed, 'the sandbox demo data');
        },
        async open(cardOptions) {
            const card = await openCard(
                required(browser, 'browser'),
                required(sandbox, 'sandbox'),
                cardOptions
            );
            return track(card);
        },
    };
}
