/**
 * The Lime package as a Lime user gets it: the sandbox's stand-in web client serves the package's static
 * content (the route its Python `register_static_content()` declares), imports the namespace module, creates
 * the loader once with a platform, and shows an object card with the conversations view and Lime's
 * standard relation tabs, whose create button issues `limeobject.create-dialog`. Needs `npm run build`.
 *
 * On both data models: `extended` (notes relate to the conversation record) and `limeChat` (Lime Chat's own
 * model, where notes relate to the object only and no `history.ulconversation` exists).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../sandbox/src/start-sandbox.ts';
import {
    conversationRow,
    conversationRows,
    countConversations,
    saveScreenshot,
    TAG,
    typeConversationId,
    writesOf,
} from './support/component-page.ts';
import { expectFocus } from './support/focus.ts';
import { useWebClient, type WebClientCard } from './support/web-client.ts';

const CREATE_DIALOG = 'limeobject.create-dialog';

/**
 * Records every handler registered for `limeobject.create-dialog` on the platform the web client gives the
 * package's loader (the stand-in registers Lime's own handler before it creates the loader).
 */
async function recordCreateDialogRegistrations(page: Page): Promise<void> {
    await page.addInitScript(`(() => {
        const registrations = (window.__createDialogRegistrations = []);
        const createElement = Document.prototype.createElement;
        Document.prototype.createElement = function (name, ...rest) {
            const element = createElement.call(this, name, ...rest);
            if (name !== '${TAG.loader}') return element;
            let prototype = Object.getPrototypeOf(element);
            let accessor;
            while (prototype && !(accessor = Object.getOwnPropertyDescriptor(prototype, 'platform'))) {
                prototype = Object.getPrototypeOf(prototype);
            }
            Object.defineProperty(element, 'platform', {
                configurable: true,
                get() { return accessor.get.call(this); },
                set(platform) {
                    const bus = platform.get('commandBus');
                    const register = bus.register;
                    bus.register = function (commandClass, handler) {
                        const id = typeof commandClass === 'string' ? commandClass : commandClass.commandId;
                        if (id === '${CREATE_DIALOG}') registrations.push(handler);
                        return register.call(this, commandClass, handler);
                    };
                    accessor.set.call(this, platform);
                },
            });
            return element;
        };
    })()`);
}

/** The requests the conversations view made: all but the relation tabs' own loads (`_limit=100`). */
function viewRequests(requests: RecordedRequest[]): string[] {
    return requests
        .filter((request) => request.query._limit !== '100')
        .map((request) => `${request.method} ${request.path}`)
        .toSorted();
}

describe('the package in the web client', () => {
    const suite = useWebClient({ dataModel: 'extended' });

    it('defines its elements, and its loader takes over the create command once', async () => {
        const card = await suite.open({
            limetype: 'helpdesk',
            id: suite.seed.helpdeskPrinter,
            beforeLoad: recordCreateDialogRegistrations,
        });
        const { page } = card;
        const state = await page.evaluate(`(async () => {
            const loaders = document.querySelectorAll('${TAG.loader}');
            const bus = loaders[0].platform.get('commandBus');
            const registered = window.__createDialogRegistrations;
            // A second loader (a web client that creates it again) must not take over a second time.
            const again = document.createElement('${TAG.loader}');
            again.platform = loaders[0].platform;
            document.body.append(again);
            await again.updateComplete;
            again.remove();
            return {
                defined: ${JSON.stringify(Object.values(TAG))}.filter((tag) => customElements.get(tag) !== undefined),
                loaders: loaders.length,
                registrations: registered.length,
                current: bus.getHandler('${CREATE_DIALOG}') === registered[0],
                afterSecondLoader: window.__createDialogRegistrations.length,
                notInstalledReason: loaders[0].notInstalledReason ?? null,
            };
        })()`);
        expect(state).toEqual({
            defined: Object.values(TAG),
            loaders: 1,
            registrations: 1,
            current: true,
            afterSecondLoader: 1,
            notInstalledReason: null,
        });
        expect(card.warnings).toEqual([]);
    });

    it('opens the connect prompt from the create button of the Conversations tab', async () => {
        const card = await suite.open({ limetype: 'helpdesk', id: suite.seed.helpdeskPrinter });
        const { page } = card;
        await card.clickCreate('ulconversation');
        await card.prompt.getByText('Connect a Userlike conversation').waitFor();
        // For this card's object, with focus in the ID field.
        expect(
            await card.prompt
                .getByText(`the conversation is written to helpdesk ${suite.seed.helpdeskPrinter}`)
                .count()
        ).toBe(1);
        await expectFocus(page, new RegExp(`^${TAG.connectDialog} > .*#conversation-id > input$`));
        expect(await page.locator('dialog.lime-create-dialog').count()).toBe(0);
        await saveScreenshot(page, 'lime-package-prompt');

        await card.prompt.getByRole('button', { name: 'Cancel' }).click();
        await expect.poll(() => page.locator(`body > ${TAG.connectDialog}`).count()).toBe(0);
        expect(writesOf(suite.sandbox)).toEqual([]);
    });

    it.each([
        ['history', 'Create History'],
        ['document', 'Create Document'],
    ])(
        "leaves the create button of the %s tab to Lime's own dialog, with the command unchanged",
        async (relation, heading) => {
            const card = await suite.open({ limetype: 'helpdesk', id: suite.seed.helpdeskPrinter });
            const { page } = card;
            await card.clickCreate(relation);
            const dialog = page.locator('dialog.lime-create-dialog');
            await dialog.getByRole('heading', { name: heading }).waitFor();
            expect(await dialog.count()).toBe(1);
            expect(JSON.parse((await dialog.locator('pre').textContent()) ?? '')).toEqual({
                helpdesk: suite.seed.helpdeskPrinter,
            });
            expect(await page.locator(`body > ${TAG.connectDialog}`).count()).toBe(0);
            await dialog.getByRole('button', { name: 'Close' }).click();
            await dialog.waitFor({ state: 'detached' });
        }
    );

    it("speaks the user's language: Swedish with ?lang=sv", async () => {
        const card = await suite.open({
            limetype: 'helpdesk',
            id: suite.seed.helpdeskPrinter,
            language: 'sv',
        });
        const { page, view } = card;
        await view.locator('#title', { hasText: 'Userlike-konversationer' }).waitFor();
        await conversationRows(page)
            .locator('a.title', { hasText: 'Konversation 5550001' })
            .waitFor();
        // limel-button renders its inner button once lime-elements has loaded it: wait, then count.
        await view.getByRole('button', { name: 'Koppla konversation' }).waitFor();
        expect(await view.getByRole('button', { name: 'Koppla konversation' }).count()).toBe(1);

        await card.clickCreate('ulconversation');
        await card.prompt.getByText('Koppla en Userlike-konversation').waitFor();
        await card.prompt.getByRole('button', { name: 'Avbryt' }).waitFor();
        expect(await card.prompt.getByRole('button', { name: 'Koppla', exact: true }).count()).toBe(
            1
        );
        expect(await card.prompt.getByRole('button', { name: 'Avbryt' }).count()).toBe(1);
        await typeConversationId(card.prompt, '5550001');
        await card.prompt.getByRole('button', { name: 'Koppla', exact: true }).click();
        await card.prompt
            .getByText('Konversation 5550001 är redan kopplad till det här objektet.')
            .waitFor();
        await saveScreenshot(page, 'lime-package-swedish');
        expect(writesOf(suite.sandbox)).toEqual([]);
    });
});

describe.each(['extended', 'limeChat'] as const)('on the %s data model', (dataModel) => {
    const suite = useWebClient({ dataModel });

    async function openDeal(): Promise<WebClientCard> {
        const card = await suite.open({ limetype: 'deal', id: suite.seed.dealAcme });
        await card.view
            .getByText('No Userlike conversations are connected to this object yet.')
            .waitFor();
        await card
            .relationTab('ulconversation')
            .and(card.page.locator('[data-loaded="0"]'))
            .waitFor();
        return card;
    }

    it('a connect from the relation tab writes one record related to the card object, and the tab and the view show it without a reload', async () => {
        const card = await openDeal();
        const { page } = card;
        const deal = suite.seed.dealAcme;
        const before = suite.sandbox.objects('ulconversation').length;
        await page.evaluate('window.__sameDocument = true');

        await card.clickCreate('ulconversation');
        await typeConversationId(card.prompt, '5550002');
        await card.prompt.locator('#submit-button').click();

        const tab = card.relationTab('ulconversation');
        const listed = tab.getByRole('link', { name: '5550002' });
        await listed.waitFor();
        await conversationRow(page, 5550002).waitFor();
        await page
            .locator('#toasts .toast', {
                hasText: `Conversation 5550002 is connected to deal ${deal}.`,
            })
            .waitFor();
        await expect.poll(() => page.locator(`body > ${TAG.connectDialog}`).count()).toBe(0);

        const records = suite.sandbox.objects('ulconversation');
        expect(records).toHaveLength(before + 1);
        const created = records.filter((record) => record.conversationid === 5550002);
        expect(created).toEqual([
            expect.objectContaining({ deal, link: '', contactid: '', helpdesk: null }),
        ]);
        expect(writesOf(suite.sandbox)).toEqual(['POST /lime/api/v1/limeobject/ulconversation/']);
        expect(await listed.getAttribute('href')).toBe(
            `/lime/client/object/ulconversation/${created[0]?._id}`
        );
        expect(await conversationRow(page, 5550002).locator('a.title').getAttribute('href')).toBe(
            `/lime/client/object/ulconversation/${created[0]?._id}`
        );
        expect(await page.evaluate('window.__sameDocument')).toBe(true);
        await saveScreenshot(page, `lime-package-connected-${dataModel}`);
    });

    it('a refusal (the ID is connected to another object) writes nothing, and names and links that object', async () => {
        const card = await openDeal();
        const { page } = card;
        await card.clickCreate('ulconversation');
        await typeConversationId(card.prompt, '5550001');
        await card.prompt.locator('#submit-button').click();
        const alert = card.prompt.locator('[role="alert"]', {
            hasText:
                'Conversation 5550001 is already connected to helpdesk “Printer on fire”. A conversation can be connected to one object only.',
        });
        await alert.waitFor();
        const link = alert.getByRole('link', { name: 'Open helpdesk “Printer on fire”' });
        expect(await link.getAttribute('href')).toBe(
            `/lime/client/object/helpdesk/${suite.seed.helpdeskPrinter}`
        );
        await saveScreenshot(page, `lime-package-refused-${dataModel}`);
        expect(writesOf(suite.sandbox)).toEqual([]);
        expect(countConversations(suite, 5550001)).toBe(1);
        expect(await card.relationTab('ulconversation').locator('li').count()).toBe(0);
        expect(await conversationRows(page).count()).toBe(0);

        await link.click();
        await page.waitForURL(`**/client/object/helpdesk/${suite.seed.helpdeskPrinter}`);
        await page.getByRole('heading', { name: 'Helpdesk: Printer on fire' }).waitFor();
        // The card it opens shows the conversation in its view (and has finished loading it).
        await conversationRow(page, 5550001).locator('ul.notes a').first().waitFor();
    });

    it('the view on the card shows the conversation with its two notes and Jane Doe, in at most 3 requests', async () => {
        const card = await suite.open({ limetype: 'helpdesk', id: suite.seed.helpdeskPrinter });
        const { page } = card;
        const row = conversationRow(page, 5550001);
        await row.locator('ul.notes a').first().waitFor();
        const notes = row.locator('ul.notes a');
        expect(await notes.count()).toBe(2);
        expect(
            await notes.evaluateAll((links) => links.map((link) => link.getAttribute('href')))
        ).toEqual([
            `/lime/client/object/history/${suite.seed.historyPrinterSecond}`,
            `/lime/client/object/history/${suite.seed.historyPrinterFirst}`,
        ]);
        expect(await row.getByRole('link', { name: 'Jane Doe' }).getAttribute('href')).toBe(
            `/lime/client/object/person/${suite.seed.personJane}`
        );
        expect(await row.locator('a.title').getAttribute('href')).toBe(
            `/lime/client/object/ulconversation/${suite.seed.conversationPrinter}`
        );
        // The history limetype's metadata (which model this is), the page of records, one notes query.
        const requests = viewRequests(suite.sandbox.requests());
        expect(requests.length).toBeLessThanOrEqual(3);
        expect(requests).toEqual([
            `GET /lime/api/v1/limeobject/helpdesk/${suite.seed.helpdeskPrinter}/ulconversation/`,
            'GET /lime/api/v1/limetype/history/',
            'GET /lime/api/v1/query/',
        ]);
        await saveScreenshot(page, `lime-package-view-${dataModel}`);
    });
});
