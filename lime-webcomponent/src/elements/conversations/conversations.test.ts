// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { CONNECTED_EVENT } from '../../package-names.ts';
import {
    createFakeHttp,
    createHttpResponseError,
    listBody,
    type FakeRequest,
} from '../../../test-support/fake-http.ts';
import { createPlatform, mount, settle, shadowText } from '../../../test-support/mount.ts';
import type { LimeWebComponentContext } from '../../platform/platform.types.ts';
import type { ConnectDialog } from '../connect-dialog/connect-dialog.ts';
import type { ConversationsView } from './conversations.ts';

const HISTORY = {
    _embedded: {
        properties: [
            { name: 'note', type: 'text' },
            { name: 'date', type: 'time' },
            { name: 'helpdesk', type: 'belongsto', _links: { related_type: { name: 'helpdesk' } } },
            { name: 'person', type: 'belongsto', _links: { related_type: { name: 'person' } } },
        ],
    },
};
const records = (count: number, from = 0) =>
    Array.from({ length: count }, (_, index) => ({
        _id: 5000 - from - index,
        conversationid: 7_000_000 - from - index,
        contactid: '',
        startedtime: null,
        helpdesk: 1009,
    }));

/** A Lime with `total` conversations on helpdesk 1009 and no notes (Lime Chat's model). */
function createLime(total: number, fail?: (request: FakeRequest) => boolean) {
    return createFakeHttp((request) => {
        if (fail?.(request)) return { error: createHttpResponseError(500, { message: 'down' }) };
        const { url } = request;
        if (url.startsWith('api/v1/limetype/history/')) return { body: HISTORY };
        const list =
            /^api\/v1\/limeobject\/helpdesk\/1009\/ulconversation\/\?_limit=(\d+)&_offset=(\d+)/.exec(
                url
            );
        if (list) {
            const limit = Number(list[1]);
            const offset = Number(list[2]);
            return {
                body: listBody(records(Math.max(0, Math.min(limit, total - offset)), offset)),
            };
        }
        if (url.startsWith('api/v1/query/')) return { body: { objects: [] } };
        return undefined;
    });
}

afterEach(() => document.body.replaceChildren());

async function mountView(
    http: ReturnType<typeof createLime>['http'],
    context: LimeWebComponentContext
) {
    const view = await mount<ConversationsView>('lwc-limepkg-userlike-relay-conversations', {
        platform: createPlatform({ http, 'state.application': { getLanguage: () => 'sv' } }),
        context,
    });
    await settle(view);
    return view;
}

const rows = (view: ConversationsView) => [
    ...(view.shadowRoot?.querySelectorAll('lwc-limepkg-userlike-relay-conversation-row') ?? []),
];

describe('the conversations view', () => {
    it('lists 50 conversations, newest first, and shows more on request', async () => {
        const { http, requests } = createLime(120);
        const view = await mountView(http, { limetype: 'helpdesk', id: 1009 });
        expect(rows(view)).toHaveLength(50);
        expect(requests).toHaveLength(3);
        const more = view.shadowRoot?.querySelector('#show-more') as HTMLElement;
        more.click();
        await settle(view);
        expect(rows(view)).toHaveLength(100);
        (view.shadowRoot?.querySelector('#show-more') as HTMLElement).click();
        await settle(view);
        expect(rows(view)).toHaveLength(120);
        expect(view.shadowRoot?.querySelector('#show-more')).toBeNull();
        // Each further page: its records and its notes.
        expect(requests).toHaveLength(3 + 2 + 2);
    });

    it("formats dates in the user's language from state.application", async () => {
        const { http } = createLime(1);
        const view = await mountView(http, { limetype: 'helpdesk', id: 1009 });
        const row = rows(view)[0] as HTMLElement & { locale: string };
        expect(row.locale).toBe('sv');
    });

    it('works in a relation tab context (the card object as parent)', async () => {
        const { http } = createLime(2);
        const view = await mountView(http, {
            limetype: 'ulconversation',
            id: null,
            parent: { limetype: 'helpdesk', id: 1009 },
        });
        expect(rows(view)).toHaveLength(2);
    });

    it('says there are none without boilerplate rows', async () => {
        const { http } = createLime(0);
        const view = await mountView(http, { limetype: 'helpdesk', id: 1009 });
        expect(shadowText(view)).toContain(
            'No Userlike conversations are connected to this object yet.'
        );
    });

    it('shows a failed load with a way to try again', async () => {
        let down = true;
        const { http } = createLime(
            1,
            (request) => down && request.url.includes('/ulconversation/')
        );
        const view = await mountView(http, { limetype: 'helpdesk', id: 1009 });
        expect(shadowText(view)).toContain('Lime could not load the conversations (error 500).');
        down = false;
        (view.shadowRoot?.querySelector('.error limel-button') as HTMLElement).click();
        await settle(view);
        expect(rows(view)).toHaveLength(1);
    });

    it('adds a conversation connected from anywhere to the same object at once', async () => {
        const { http, requests } = createLime(1);
        const view = await mountView(http, { limetype: 'helpdesk', id: 1009 });
        const before = requests.length;
        const item = {
            recordId: 9999,
            recordUrl: '/lime/client/object/ulconversation/9999',
            conversationId: 5550077,
            person: null,
            userlikeContactId: '',
            startedTime: null,
            userlikeUrl: 'https://userlike.com/en/umc#/conversation/5550077',
            notes: { kind: 'loaded', notes: [] },
        };
        document.dispatchEvent(
            new CustomEvent(CONNECTED_EVENT, {
                detail: { target: { limetype: 'deal', id: 1 }, item },
            })
        );
        await settle(view);
        expect(rows(view)).toHaveLength(1);
        document.dispatchEvent(
            new CustomEvent(CONNECTED_EVENT, {
                detail: { target: { limetype: 'helpdesk', id: 1009 }, item },
            })
        );
        await settle(view);
        expect(rows(view)).toHaveLength(2);
        const shown = rows(view).map(
            (row) => (row as HTMLElement & { item: { conversationId: number } }).item.conversationId
        );
        expect(shown).toEqual([5550077, 7_000_000]);
        expect(requests.length).toBe(before);
    });

    it('opens its own connect prompt for the object and closes it on a new object', async () => {
        const { http } = createLime(1);
        const view = await mountView(http, { limetype: 'helpdesk', id: 1009 });
        (view.shadowRoot?.querySelector('#connect-button') as HTMLElement).click();
        await view.updateComplete;
        const dialog = view.shadowRoot?.querySelector(
            'lwc-limepkg-userlike-relay-connect-dialog'
        ) as ConnectDialog;
        expect(dialog.open).toBe(true);
        expect(dialog.target).toEqual({ limetype: 'helpdesk', id: 1009 });
        view.context = { limetype: 'helpdesk', id: 1010 };
        await settle(view);
        expect(dialog.open).toBe(false);
    });
});
