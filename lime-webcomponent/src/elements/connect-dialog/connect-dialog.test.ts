// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONNECTED_EVENT } from '../../package-names.ts';
import {
    createFakeHttp,
    createHttpResponseError,
    listBody,
    type FakeAnswer,
    type FakeRequest,
} from '../../../test-support/fake-http.ts';
import { createPlatform, mount, settle, shadowText } from '../../../test-support/mount.ts';
import { TEST_SETTINGS } from '../../../test-support/test-settings.ts';
import type { ConnectDialog } from './connect-dialog.ts';

const TARGET = { limetype: 'helpdesk', id: 1009 };
const LOOKUP = 'api/v1/limeobject/ulconversation/?conversationid=5550002&_limit=100';

afterEach(() => {
    document.body.replaceChildren();
});

function setUp(respond: (request: FakeRequest) => FakeAnswer | undefined) {
    const { http, requests } = createFakeHttp(respond);
    const notify = vi.fn(() => Promise.resolve(false));
    const limeobjects = { loadObject: vi.fn(), loadRelations: vi.fn() };
    const platform = createPlatform({
        http,
        notifications: { notify },
        'state.limeobjects': limeobjects,
    });
    return { http, requests, notify, limeobjects, platform };
}

async function openDialog(platform: ReturnType<typeof createPlatform>, target = TARGET) {
    return mount<ConnectDialog>('lwc-limepkg-userlike-relay-connect-dialog', {
        platform,
        target,
        settings: TEST_SETTINGS,
        open: true,
    });
}

/** Types into the prompt as limel-input-field reports it: a `change` event with the text. */
async function type(dialog: ConnectDialog, text: string): Promise<void> {
    dialog.shadowRoot
        ?.querySelector('#conversation-id')
        ?.dispatchEvent(new CustomEvent('change', { detail: text }));
    await dialog.updateComplete;
}

/** Holds every request of one method until the returned function is called. */
function holdRequests(
    platform: ReturnType<typeof createPlatform>,
    method: 'get' | 'post'
): () => void {
    const http = platform.get('http') as Record<
        typeof method,
        (...args: unknown[]) => Promise<unknown>
    >;
    const send = http[method];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    http[method] = async (...args) => {
        await held;
        return send(...args);
    };
    return () => release();
}

const messages = (dialog: ConnectDialog) =>
    [...(dialog.shadowRoot?.querySelectorAll('.messages .message') ?? [])].map((node) =>
        (node.textContent ?? '').replace(/\s+/g, ' ').trim()
    );

describe('the connect prompt', () => {
    it.each([
        ['', 'Enter a conversation ID.'],
        ['55a', 'A conversation ID contains digits only (0–9), like 5550001.'],
        ['0', '0 is not a conversation ID.'],
        ['99999999999', 'That number is too large to be a conversation ID.'],
    ])('refuses %j before any request, saying why once', async (typed, problem) => {
        const { platform, requests } = setUp(() => undefined);
        const dialog = await openDialog(platform);
        await type(dialog, typed);
        await dialog.submit();
        await dialog.updateComplete;
        expect(requests).toEqual([]);
        expect(messages(dialog)).toEqual([problem]);
        // The field's helper line keeps its short hint; the problem is not said a second time there.
        const field = dialog.shadowRoot?.querySelector('#conversation-id') as unknown as {
            helperText: string;
            invalid: boolean;
        };
        expect(field.helperText).toBe('Digits only, as in the conversation’s URL');
        expect(field.invalid).toBe(true);
    });

    it('creates one record related to the object, refreshes Lime, tells everyone, and closes', async () => {
        const { platform, requests, notify, limeobjects } = setUp(({ method, url }) => {
            if (method === 'GET' && url === LOOKUP) return { body: listBody([]) };
            if (method === 'POST' && url === 'api/v1/limeobject/ulconversation/') {
                return { body: { _id: 2001, conversationid: 5550002, helpdesk: 1009 } };
            }
            return undefined;
        });
        const announced: unknown[] = [];
        const listener = (event: Event) => announced.push((event as CustomEvent).detail);
        document.addEventListener(CONNECTED_EVENT, listener);
        const dialog = await openDialog(platform);
        const closed = vi.fn();
        dialog.addEventListener('close', closed);

        await type(dialog, ' 5550002 ');
        await dialog.submit();
        await settle(dialog);
        document.removeEventListener(CONNECTED_EVENT, listener);

        expect(requests.filter((request) => request.method === 'POST')).toEqual([
            {
                method: 'POST',
                url: 'api/v1/limeobject/ulconversation/',
                data: { conversationid: 5550002, helpdesk: 1009, link: '', contactid: '' },
            },
        ]);
        expect(limeobjects.loadRelations).toHaveBeenCalledWith('helpdesk', 1009, 'ulconversation');
        expect(limeobjects.loadObject).toHaveBeenCalledWith('helpdesk', 1009);
        expect(announced).toEqual([
            { target: TARGET, item: expect.objectContaining({ conversationId: 5550002 }) },
        ]);
        expect(notify).toHaveBeenCalledWith(
            'Conversation 5550002 is connected to helpdesk 1009. It is written there the next time it is sent from Userlike.'
        );
        expect(dialog.open).toBe(false);
        expect(closed).toHaveBeenCalledTimes(1);
    });

    it('refuses a conversation connected elsewhere, names and links it, and writes nothing', async () => {
        const { platform, requests } = setUp(({ url }) => {
            if (url === LOOKUP) {
                return { body: listBody([{ _id: 2002, conversationid: 5550002, deal: 1013 }]) };
            }
            if (url === 'api/v1/limeobject/deal/1013/') {
                return { body: { _id: 1013, _descriptive: 'Acme contract' } };
            }
            return undefined;
        });
        const dialog = await openDialog(platform);
        await type(dialog, '5550002');
        await dialog.submit();
        await settle(dialog);
        expect(requests.some((request) => request.method === 'POST')).toBe(false);
        expect(messages(dialog)).toEqual([
            'Conversation 5550002 is already connected to deal “Acme contract”. A conversation can be connected to one object only. Open deal “Acme contract”',
        ]);
        expect(dialog.shadowRoot?.querySelector('.message a')?.getAttribute('href')).toBe(
            '/lime/client/object/deal/1013'
        );
        expect(dialog.open).toBe(true);
    });

    it("shows Lime's own message when Lime refuses the record", async () => {
        const { platform } = setUp(({ method, url }) => {
            if (url === LOOKUP) return { body: listBody([]) };
            if (method === 'POST') {
                const response = new Response(
                    JSON.stringify({ message: 'conversationid: the field is read-only' }),
                    { status: 400 }
                );
                return { error: createHttpResponseError(400, response) };
            }
            return undefined;
        });
        const dialog = await openDialog(platform);
        await type(dialog, '5550002');
        await dialog.submit();
        await settle(dialog);
        expect(messages(dialog)).toEqual([
            'Lime refused the conversation: conversationid: the field is read-only',
        ]);
    });

    it('says clearly when the user may not create conversation records', async () => {
        const { platform } = setUp(({ method, url }) => {
            if (url === LOOKUP) return { body: listBody([]) };
            if (method === 'POST')
                return { error: createHttpResponseError(403, { message: 'No access' }) };
            return undefined;
        });
        const dialog = await openDialog(platform);
        await type(dialog, '5550002');
        await dialog.submit();
        await settle(dialog);
        expect(messages(dialog)).toEqual([
            'Lime does not let you create Userlike conversation records, so nothing was connected. Ask your Lime administrator for the right to create them.',
            'Lime says: No access',
        ]);
    });

    it('ignores a second submit while connecting: one record for a double click', async () => {
        const { platform, requests } = setUp(({ method, url }) => {
            if (url === LOOKUP) return { body: listBody([]) };
            if (method === 'POST') return { body: { _id: 2001, conversationid: 5550002 } };
            return undefined;
        });
        const release = holdRequests(platform, 'post');
        const dialog = await openDialog(platform);
        await type(dialog, '5550002');
        const first = dialog.submit();
        await settle(dialog);
        await dialog.submit();
        release();
        await first;
        expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    });

    it('keeps a refusal on screen while the user types, so the layout does not move under a click', async () => {
        const { platform } = setUp(({ url }) =>
            url === LOOKUP
                ? { body: listBody([{ _id: 2002, conversationid: 5550002, helpdesk: 1009 }]) }
                : undefined
        );
        const dialog = await openDialog(platform);
        await type(dialog, '5550002');
        await dialog.submit();
        await settle(dialog);
        expect(messages(dialog)).toEqual([
            'Conversation 5550002 is already connected to this object.',
        ]);
        await type(dialog, '5550003');
        expect(messages(dialog)).toEqual([
            'Conversation 5550002 is already connected to this object.',
        ]);
    });

    it('cannot connect without an object, and says so', async () => {
        const { platform, requests } = setUp(() => undefined);
        const dialog = await mount<ConnectDialog>('lwc-limepkg-userlike-relay-connect-dialog', {
            platform,
            target: null,
            settings: TEST_SETTINGS,
            open: true,
        });
        await dialog.submit();
        expect(requests).toEqual([]);
        expect(shadowText(dialog)).toContain('the object it would belong to is not known');
        const submit = dialog.shadowRoot?.querySelector('#submit-button') as unknown as {
            disabled: boolean;
        };
        expect(submit.disabled).toBe(true);
    });

    it('tells the outcome in a notification when the user closed the prompt while connecting', async () => {
        const { platform, notify } = setUp(({ url }) =>
            url === LOOKUP
                ? { body: listBody([{ _id: 2002, conversationid: 5550002, helpdesk: 1009 }]) }
                : undefined
        );
        const release = holdRequests(platform, 'get');
        const dialog = await openDialog(platform);
        await type(dialog, '5550002');
        const submitting = dialog.submit();
        await settle(dialog);
        (dialog.shadowRoot?.querySelector('#cancel-button') as HTMLElement).click();
        release();
        await submitting;
        expect(dialog.open).toBe(false);
        expect(notify).toHaveBeenCalledWith(
            'Conversation 5550002 is already connected to this object.'
        );
    });
});
