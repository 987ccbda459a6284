/**
 * The connect prompt's defects found in Chromium against an independent Lime (issue 14), each as a test,
 * through the stand-in web client with the built package: the prompt the loader opens from the relation
 * tab's create button, and the one of the conversations view. Also the view with 200 conversations.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
    conversationRow,
    conversationRows,
    countConversations,
    saveElementScreenshot,
    saveScreenshot,
    TAG,
    typeConversationId,
    writesOf,
} from './support/component-page.ts';
import { describeFocus, expectFocus } from './support/focus.ts';
import { useWebClient, type WebClientCard } from './support/web-client.ts';

const OTHER_OBJECT =
    'Conversation 5550001 is already connected to helpdesk “Printer on fire”. A conversation can be connected to one object only.';

describe('the connect prompt', () => {
    const suite = useWebClient({ dataModel: 'extended' });

    /** The deal's card with the prompt opened from its Conversations tab, focus in the ID field. */
    async function openPrompt(options: { language?: 'en' | 'sv' } = {}): Promise<WebClientCard> {
        const card = await suite.open({ limetype: 'deal', id: suite.seed.dealAcme, ...options });
        await card.clickCreate('ulconversation');
        await expectFocus(
            card.page,
            new RegExp(`^${TAG.connectDialog} > .*#conversation-id > input$`)
        );
        return card;
    }

    it.each([
        ['', 'Enter a conversation ID.'],
        ['12a', 'A conversation ID contains digits only (0–9), like 5550001.'],
    ])('shows the validation message for %j exactly once', async (input, message) => {
        const card = await openPrompt();
        await typeConversationId(card.prompt, input);
        await card.prompt.locator('#submit-button').click();
        await card.prompt.getByText(message).waitFor();
        // Once on the page (not also as the field's helper text), and the field is marked invalid.
        expect(await card.page.getByText(message).count()).toBe(1);
        const field = card.prompt.locator('#conversation-id');
        expect(await field.locator('limel-helper-line').getAttribute('helper-text')).toBe(
            'Digits only, as in the conversation’s URL'
        );
        expect(
            await field.evaluate((element) => (element as unknown as { invalid: boolean }).invalid)
        ).toBe(true);
        // A second submit of the same value still shows it once.
        await card.prompt.locator('#submit-button').click();
        await card.page.waitForTimeout(300);
        expect(await card.page.getByText(message).count()).toBe(1);
        expect(writesOf(suite.sandbox)).toEqual([]);
    });

    it('keeps the label of the Connect button after a refusal (no ✕ or ✓ in its place)', async () => {
        const card = await openPrompt();
        // Slow enough that the button shows it is busy while Lime answers.
        suite.sandbox.faults.set({ latencyMs: 300 });
        await typeConversationId(card.prompt, '5550001');
        await card.prompt.locator('#submit-button').click();
        await card.prompt.getByText(OTHER_OBJECT).waitFor();
        // limel-button hides its label for 2 s after `loading` ends, behind a ✓ (or, with `loadingFailed`,
        // a red ✕): sample the button for longer than that.
        const samples = await card.prompt.evaluate(async (dialog) => {
            const { getComputedStyle } = globalThis as unknown as {
                getComputedStyle(element: unknown): { opacity: string };
            };
            const found: ButtonSample[] = [];
            const ended = performance.now() + 2_500;
            while (performance.now() < ended) {
                const host = dialog.shadowRoot?.querySelector('#submit-button');
                const button = host?.shadowRoot?.querySelector('button');
                const label = button?.querySelector('.label');
                found.push({
                    failed:
                        (host as { loadingFailed?: unknown } | undefined)?.loadingFailed === true,
                    classes: button?.getAttribute('class') ?? '',
                    label: label?.textContent ?? '',
                    opacity: label ? getComputedStyle(label).opacity : '',
                });
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            return found;
        });
        expect(samples.length).toBeGreaterThan(10);
        for (const sample of samples) {
            expect(sample).toMatchObject({ failed: false, label: 'Connect' });
            expect(sample.classes).not.toMatch(/just-loaded|just-failed/);
        }
        expect(samples.at(-1)?.opacity).toBe('1');
        await saveScreenshot(card.page, 'connect-dialog-refused-button');
    });

    it.each([
        [1100, 'en'],
        [1100, 'sv'],
        [360, 'sv'],
    ] as const)('does not clip its helper text (%i px, %s)', async (width, language) => {
        const card = await openPrompt({ language });
        await card.page.setViewportSize({ width, height: 720 });
        const helper = card.prompt.locator('#conversation-id limel-helper-line');
        const expected =
            language === 'sv'
                ? 'Bara siffror, som i konversationens adress'
                : 'Digits only, as in the conversation’s URL';
        await expect.poll(() => helper.getAttribute('helper-text')).toBe(expected);
        // The line opens with a 0.46 s animation once the field has focus; then nothing may be cut off.
        const clipped = () =>
            helper.evaluate((line) =>
                [line, ...(line.shadowRoot?.querySelectorAll('*') ?? [])]
                    .filter(
                        (element) =>
                            element.scrollWidth > element.clientWidth ||
                            element.scrollHeight > element.clientHeight
                    )
                    .map(
                        (element) =>
                            `${element.localName} ${element.scrollWidth}x${element.scrollHeight} in ${element.clientWidth}x${element.clientHeight}`
                    )
            );
        await expect.poll(clipped, { timeout: 3_000 }).toEqual([]);
        await card.page.waitForTimeout(500);
        expect(await clipped()).toEqual([]);
        expect(await helper.locator('.helper-text').textContent()).toBe(expected);
        await saveScreenshot(card.page, `connect-dialog-helper-${width}-${language}`);
    });

    it('shows no stale success message when a later connect fails', async () => {
        const card = await suite.open({ limetype: 'deal', id: suite.seed.dealAcme });
        const { page, view } = card;
        const success = /is connected to deal/;
        // The view's own prompt (kept in the page between openings), then the loader's.
        await view.locator('#connect-button').click();
        const viewDialog = view.locator(TAG.connectDialog);
        await typeConversationId(viewDialog, '5550002');
        await viewDialog.locator('#submit-button').click();
        await conversationRow(page, 5550002).waitFor();
        await viewDialog.locator('#conversation-id').waitFor({ state: 'hidden' });

        await view.locator('#connect-button').click();
        await expect.poll(() => viewDialog.locator('#conversation-id input').inputValue()).toBe('');
        await typeConversationId(viewDialog, '5550001');
        await viewDialog.locator('#submit-button').click();
        await viewDialog.getByText(OTHER_OBJECT).waitFor();
        expect(await viewDialog.locator('.messages > *').allTextContents()).toEqual([
            expect.stringContaining(OTHER_OBJECT),
        ]);
        expect(await view.getByText(success).count()).toBe(0);
        await saveScreenshot(page, 'connect-dialog-no-stale-success');
        await viewDialog.getByRole('button', { name: 'Cancel' }).click();

        await card.clickCreate('ulconversation');
        await typeConversationId(card.prompt, '5550001');
        await card.prompt.locator('#submit-button').click();
        await card.prompt.getByText(OTHER_OBJECT).waitFor();
        expect(await card.prompt.getByText(success).count()).toBe(0);
        expect(await view.getByText(success).count()).toBe(0);
        // The one success told is the notification, and it names the conversation that was connected.
        expect(await page.locator('#toasts .toast').allTextContents()).toEqual(
            (await page.locator('#toasts .toast').allTextContents()).map(() =>
                expect.stringContaining('Conversation 5550002 is connected to deal')
            )
        );
        expect(countConversations(suite, 5550001)).toBe(1);
    });

    it('has only visible tab stops, Tab and Shift+Tab cycling through them', async () => {
        const card = await openPrompt();
        const forward = await walkFocus(card.page, 'Tab', 7);
        const backward = await walkFocus(card.page, 'Shift+Tab', 7);
        for (const stop of [...forward, ...backward]) {
            expect(stop.path, stop.path).toMatch(new RegExp(`^${TAG.connectDialog} > `));
            expect(stop.visible, stop.path).toBe(true);
        }
        const names = (stops: typeof forward) => stops.map((stop) => stop.name);
        expect(names(forward)).toEqual([
            'Cancel',
            'Connect',
            'input',
            'Cancel',
            'Connect',
            'input',
            'Cancel',
        ]);
        expect(names(backward)).toEqual([
            'input',
            'Connect',
            'Cancel',
            'input',
            'Connect',
            'Cancel',
            'input',
        ]);

        // With a refusal, its link to the other object is a stop too.
        await expectFocus(card.page, /#conversation-id > input$/);
        await typeConversationId(card.prompt, '5550001');
        await card.page.keyboard.press('Enter');
        await card.prompt.getByText(OTHER_OBJECT).waitFor();
        await expectFocus(card.page, /#conversation-id > input$/);
        const withLink = await walkFocus(card.page, 'Tab', 4);
        for (const stop of withLink) expect(stop.visible, stop.path).toBe(true);
        expect(names(withLink)).toEqual([
            'Open helpdesk “Printer on fire”',
            'Cancel',
            'Connect',
            'input',
        ]);
    });

    it('does not lose a click on Connect right after typing while a refusal is shown', async () => {
        const card = await openPrompt();
        await typeConversationId(card.prompt, '5550001');
        await card.prompt.locator('#submit-button').click();
        await card.prompt.getByText(OTHER_OBJECT).waitFor();
        await expectFocus(card.page, /#conversation-id > input$/);
        const before = await card.prompt.locator('#submit-button').boundingBox();
        if (!before) throw new Error('the Connect button has no box');
        // Typing leaves the refusal, and so the Connect button, where they are.
        await card.page.keyboard.type('9');
        await card.page.waitForTimeout(600);
        expect(await card.prompt.getByText(OTHER_OBJECT).count()).toBe(1);
        expect(await card.prompt.locator('#submit-button').boundingBox()).toEqual(before);
        // As a person does it: select the ID, type another, and click where Connect is, at once.
        await card.page.keyboard.press('Control+A');
        await card.page.keyboard.type('5550002');
        await card.page.mouse.click(before.x + before.width / 2, before.y + before.height / 2);

        await card.relationTab('ulconversation').getByRole('link', { name: '5550002' }).waitFor();
        await expect.poll(() => card.page.locator(`body > ${TAG.connectDialog}`).count()).toBe(0);
        expect(countConversations(suite, 5550002)).toBe(1);
        expect(writesOf(suite.sandbox)).toEqual(['POST /lime/api/v1/limeobject/ulconversation/']);
    });
});

describe.each(['extended', 'limeChat'] as const)(
    '200 conversations on the %s data model',
    (dataModel) => {
        const suite = useWebClient({ dataModel });

        it('shows a compact list of 50 with "Show more", loaded in 3 requests', async () => {
            const { sandbox, seed } = suite;
            const toConversation = dataModel === 'extended';
            for (let index = 0; index < 200; index++) {
                const conversationId = 5_600_000 + index;
                const started = new Date(Date.UTC(2026, 0, 1, 9) + index * 3_600_000).toISOString();
                const record = sandbox.insert('ulconversation', {
                    conversationid: conversationId,
                    link: `https://userlike.com/en/umc#/conversation/${conversationId}`,
                    contactid: String(8_000_000 + index),
                    startedtime: started,
                    deal: seed.dealAcme,
                });
                sandbox.insert('history', {
                    date: started,
                    type: 'comment',
                    note: `Userlike conversation ${conversationId} with Jane Doe\n\n(transcript)`,
                    person: seed.personJane,
                    deal: seed.dealAcme,
                    ...(toConversation ? { ulconversation: record._id } : {}),
                });
            }
            const card = await suite.open({ limetype: 'deal', id: seed.dealAcme });
            const { page, view } = card;
            const rows = conversationRows(page);
            await conversationRow(page, 5_600_199).locator('ul.notes a').waitFor();
            expect(await rows.count()).toBe(50);
            const showMore = view.getByRole('button', { name: 'Show more conversations' });
            await showMore.waitFor();
            await expect.poll(() => rows.locator('ul.notes a').count()).toBe(50);
            const requests = sandbox
                .requests()
                .filter((request) => request.query._limit !== '100')
                .map((request) => `${request.method} ${request.path}`)
                .toSorted();
            expect(requests).toEqual([
                `GET /lime/api/v1/limeobject/deal/${seed.dealAcme}/ulconversation/`,
                'GET /lime/api/v1/limetype/history/',
                'GET /lime/api/v1/query/',
            ]);

            // Two lines per row at most (the conversation, its notes); the old view drew 200 conversations
            // as one column of about 23,000 px. (The page is taller: the stand-in's relation tab lists 100.)
            const heights = await rows.evaluateAll((items) =>
                items.map((item) => item.getBoundingClientRect().height)
            );
            expect(Math.max(...heights)).toBeLessThanOrEqual(64);
            const viewHeight = (await view.boundingBox())?.height ?? Infinity;
            expect(viewHeight).toBeLessThan(50 * 64 + 150);
            console.warn(
                `200 conversations (${dataModel}): view ${Math.round(viewHeight)} px high, rows ${Math.min(...heights)}–${Math.max(...heights)} px`
            );
            await saveElementScreenshot(view, `component-200-conversations-${dataModel}`);

            sandbox.clearRequests();
            await showMore.click();
            await expect.poll(() => rows.count()).toBe(100);
            await expect.poll(() => rows.locator('ul.notes a').count()).toBe(100);
            expect(
                sandbox.requests().map((request) => `${request.method} ${request.path}`)
            ).toEqual([
                `GET /lime/api/v1/limeobject/deal/${seed.dealAcme}/ulconversation/`,
                'GET /lime/api/v1/query/',
            ]);
        });
    }
);

/** limel-button as the refusal leaves it: `loadingFailed`, its inner button's classes, its label. */
interface ButtonSample {
    failed: boolean;
    classes: string;
    label: string;
    opacity: string;
}

interface TabStop {
    /** The focus path through shadow roots. */
    path: string;
    /** `input`, or the button's or link's text. */
    name: string;
    /** A box of its own, not hidden, not transparent. */
    visible: boolean;
}

/** Presses `key` `count` times and describes each element that gets focus. */
async function walkFocus(page: Page, key: string, count: number): Promise<TabStop[]> {
    const stops: TabStop[] = [];
    for (let step = 0; step < count; step++) {
        await page.keyboard.press(key);
        // Focus may move once more after the dialog's own handling; let it settle.
        await page.waitForTimeout(100);
        const path = await describeFocus(page);
        const stop = await page.evaluate(() => {
            const { document, getComputedStyle } = globalThis as unknown as {
                document: { activeElement: FocusedElement | null };
                getComputedStyle(element: FocusedElement): {
                    visibility: string;
                    opacity: string;
                    display: string;
                };
            };
            let element = document.activeElement;
            while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
            if (!element) return { name: '', visible: false };
            const box = element.getBoundingClientRect();
            const style = getComputedStyle(element);
            return {
                name:
                    element.localName === 'input'
                        ? 'input'
                        : (element.textContent ?? '').replace(/\s+/g, ' ').trim(),
                visible:
                    box.width > 0 &&
                    box.height > 0 &&
                    style.visibility !== 'hidden' &&
                    style.display !== 'none' &&
                    Number(style.opacity) > 0,
            };
        });
        stops.push({ path, ...stop });
    }
    return stops;
}

interface FocusedElement {
    localName: string;
    textContent: string | null;
    shadowRoot: { activeElement: FocusedElement | null } | null;
    getBoundingClientRect(): { width: number; height: number };
}
