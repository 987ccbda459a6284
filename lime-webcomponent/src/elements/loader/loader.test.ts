// @vitest-environment happy-dom
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCommandBus, LimeCreateDialogCommand } from '../../../test-support/command-bus.ts';
import { createFakeHttp } from '../../../test-support/fake-http.ts';
import { createPlatform, mount } from '../../../test-support/mount.ts';
import type { ConnectDialog } from '../connect-dialog/connect-dialog.ts';
import type { PluginLoader } from './loader.ts';
import { readPackageConfig } from './loader.ts';

afterEach(() => {
    document.body.replaceChildren();
    vi.restoreAllMocks();
});

describe('the plugin loader', () => {
    it('takes over the create button of conversations once and opens the prompt for the object', async () => {
        const bus = createCommandBus();
        const limeDialog = { handle: vi.fn() };
        bus.register(LimeCreateDialogCommand, limeDialog);
        const register = vi.spyOn(bus, 'register');
        const platform = createPlatform({
            http: createFakeHttp(() => undefined).http,
            commandBus: bus,
        });

        const loader = await mount<PluginLoader>('lwc-limepkg-userlike-relay-loader', {
            platform,
            context: { limetype: null, id: null },
        });
        // A second loader (a second copy of the bundle) does not take over again.
        await mount<PluginLoader>('lwc-limepkg-userlike-relay-loader', { platform });
        expect(register).toHaveBeenCalledTimes(1);
        expect(loader.notInstalledReason).toBeUndefined();
        expect(loader.shadowRoot).toBeNull();

        bus.handle(new LimeCreateDialogCommand({ name: 'ulconversation' }, { helpdesk: 1009 }));
        const dialog = document.querySelector<ConnectDialog>(
            'lwc-limepkg-userlike-relay-connect-dialog'
        );
        expect(dialog).not.toBeNull();
        expect(dialog?.target).toEqual({ limetype: 'helpdesk', id: 1009 });
        expect(dialog?.settings).toMatchObject({
            conversationLimetype: 'ulconversation',
            conversationRelation: 'helpdesk',
            relationName: 'ulconversation',
        });
        expect(dialog?.open).toBe(true);

        // Closing removes the prompt from the page.
        dialog?.dispatchEvent(new Event('close'));
        expect(document.querySelector('lwc-limepkg-userlike-relay-connect-dialog')).toBeNull();

        bus.handle(new LimeCreateDialogCommand({ name: 'history' }, { helpdesk: 1009 }));
        expect(limeDialog.handle).toHaveBeenCalledTimes(1);
    });

    it('keeps Lime’s dialog and says why when the web client has no command bus', async () => {
        const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
        const loader = await mount<PluginLoader>('lwc-limepkg-userlike-relay-loader', {
            platform: createPlatform({ http: createFakeHttp(() => undefined).http }),
        });
        expect(loader.notInstalledReason).toBe('the web client offers no command bus');
        expect(warn).toHaveBeenCalledWith(expect.stringContaining('keeps Lime'));
    });
});

describe('readPackageConfig', () => {
    it("has the Python package's default_config() as its defaults", () => {
        const python = execFileSync(
            'python3',
            [
                '-c',
                'import json, limepkg_userlike_relay as p; print(json.dumps(p.default_config()))',
            ],
            {
                env: {
                    ...process.env,
                    PYTHONPATH: join(import.meta.dirname, '../../../../lime-package'),
                },
            }
        );
        expect(readPackageConfig(createPlatform({}))).toEqual(JSON.parse(python.toString()));
    });

    it("reads the package's entry from the web client's configuration over the defaults", () => {
        const configs = (entry: unknown) =>
            createPlatform({
                'state.configs': {
                    get: (key: string) => (key === 'limepkg_userlike_relay' ? entry : undefined),
                },
            });
        expect(readPackageConfig(createPlatform({}))).toEqual({
            conversationLimetype: 'ulconversation',
            relationName: 'ulconversation',
            userlikeBaseUrl: 'https://userlike.com/en/umc#/conversation/',
            conversationRelations: {},
        });
        expect(
            readPackageConfig(configs({ conversationRelations: { helpdesk: 'ticket', deal: 3 } }))
        ).toMatchObject({ conversationRelations: { helpdesk: 'ticket' } });
        expect(readPackageConfig(configs({ conversationLimetype: 'chat' }))).toMatchObject({
            conversationLimetype: 'chat',
            relationName: 'chat',
        });
        expect(
            readPackageConfig(configs({ conversationLimetype: 42, relationName: ' ' }))
        ).toMatchObject({
            conversationLimetype: 'ulconversation',
        });
    });
});
