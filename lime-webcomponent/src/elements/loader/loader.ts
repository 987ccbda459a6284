import { LitElement, nothing, type PropertyValues } from 'lit';
import {
    DEFAULT_OBJECT_URL_TEMPLATE,
    DEFAULT_USERLIKE_BASE_URL,
    findApplicationRoot,
} from '../../conversations/build-urls.ts';
import type { ConversationSettings } from '../../conversations/conversation.types.ts';
import type { TargetObject } from '../../conversations/resolve-target-object.ts';
import { MODULE_NAME, TAG } from '../../package-names.ts';
import { findCommandBus, findConfigs } from '../../platform/get-services.ts';
import type {
    CommandBus,
    LimeWebComponentContext,
    LimeWebComponentPlatform,
} from '../../platform/platform.types.ts';
import type { ConnectDialog } from '../connect-dialog/connect-dialog.ts';
import { takeOverCreateDialog } from './create-dialog-handler.ts';

/** The package's settings the loader reads from the web client's configuration (all optional). */
export interface PackageConfig {
    /** The conversation limetype whose create button opens the prompt; default `ulconversation`. */
    conversationLimetype: string;
    /** The hasmany on an object's limetype listing its conversations (to refresh it); default the same. */
    relationName: string;
    /** Prefix of a conversation's URL in Userlike. */
    userlikeBaseUrl: string;
    /**
     * Object limetype → the belongsto on the conversation limetype that points to it, for relations not
     * named after their limetype (Lime Chat names them after it).
     */
    conversationRelations: Record<string, string>;
}

const DEFAULT_CONFIG: PackageConfig = {
    conversationLimetype: 'ulconversation',
    relationName: 'ulconversation',
    userlikeBaseUrl: DEFAULT_USERLIKE_BASE_URL,
    conversationRelations: {},
};
const TEXT_SETTINGS = ['conversationLimetype', 'relationName', 'userlikeBaseUrl'] as const;

// One take-over per command bus, even when two copies of the bundle each create a loader.
const installedOn = new WeakSet<CommandBus>();

/**
 * The package's plugin loader, `lwc-limepkg-userlike-relay-loader`: the web client creates it once when
 * the application starts and sets `platform` and `context`; it renders nothing. It takes over the
 * `limeobject.create-dialog` command so that creating a conversation record from Lime's standard relation
 * tab opens the connect prompt, and leaves every other limetype to Lime's own create dialog.
 *
 * Configuration: the web client's `state.configs` entry `limepkg_userlike_relay` may set
 * `conversationLimetype`, `relationName`, `userlikeBaseUrl` and `conversationRelations`
 * (docs/assumptions.md W11); Lime Chat's names are the defaults.
 */
export class PluginLoader extends LitElement {
    public static override properties = {
        platform: { attribute: false },
        context: { attribute: false },
    };

    declare public platform: LimeWebComponentPlatform | undefined;
    declare public context: LimeWebComponentContext | undefined;

    /** Why the create button was not taken over, when it was not (for the consultant's console check). */
    public notInstalledReason: string | undefined;

    protected override createRenderRoot(): HTMLElement {
        return this; // renders nothing; no shadow root needed
    }

    protected override willUpdate(changed: PropertyValues<this>): void {
        if (changed.has('platform') && this.platform) {
            this.install(this.platform);
        }
    }

    public override render(): typeof nothing {
        return nothing;
    }

    private install(platform: LimeWebComponentPlatform): void {
        const bus = findCommandBus(platform);
        if (!bus) {
            this.notInstalledReason = 'the web client offers no command bus';
        } else if (installedOn.has(bus)) {
            return;
        } else {
            const config = readPackageConfig(platform);
            const result = takeOverCreateDialog(bus, {
                conversationLimetype: config.conversationLimetype,
                limetypeOf: (relation) =>
                    Object.entries(config.conversationRelations).find(
                        ([, name]) => name === relation
                    )?.[0],
                openPrompt: (target, relation) => openPrompt(platform, config, target, relation),
            });
            if (result.installed) {
                installedOn.add(bus);
                this.notInstalledReason = undefined;
                return;
            }
            this.notInstalledReason = result.reason;
        }
        console.warn(
            `${TAG.loader}: the create button of Userlike conversations keeps Lime's own dialog, because ${this.notInstalledReason}.`
        );
    }
}

/** The package's configuration from the web client, over the defaults; a malformed entry is ignored. */
export function readPackageConfig(platform: LimeWebComponentPlatform): PackageConfig {
    let entry: unknown;
    try {
        entry = findConfigs(platform)?.get(MODULE_NAME);
    } catch {
        entry = undefined;
    }
    const config = { ...DEFAULT_CONFIG, conversationRelations: {} as Record<string, string> };
    if (typeof entry !== 'object' || entry === null) {
        return config;
    }
    const values = entry as Record<string, unknown>;
    for (const key of TEXT_SETTINGS) {
        const value = values[key];
        if (typeof value === 'string' && value.trim() !== '') {
            config[key] = value.trim();
        }
    }
    if (typeof values.relationName !== 'string' || values.relationName.trim() === '') {
        config.relationName = config.conversationLimetype;
    }
    const relations = values.conversationRelations;
    if (typeof relations === 'object' && relations !== null) {
        for (const [limetype, relation] of Object.entries(relations)) {
            if (typeof relation === 'string' && relation.trim() !== '') {
                config.conversationRelations[limetype] = relation.trim();
            }
        }
    }
    return config;
}

/** Opens the connect prompt on the page; it removes itself when it closes. */
function openPrompt(
    platform: LimeWebComponentPlatform,
    config: PackageConfig,
    target: TargetObject | null,
    relation: string | null
): ConnectDialog {
    const dialog = document.createElement(TAG.connectDialog) as ConnectDialog;
    const settings: ConversationSettings = {
        conversationLimetype: config.conversationLimetype,
        historyLimetype: 'history',
        relationName: config.relationName,
        ...(relation ? { conversationRelation: relation } : {}),
        userlikeBaseUrl: config.userlikeBaseUrl,
        objectUrlTemplate: DEFAULT_OBJECT_URL_TEMPLATE,
        applicationRoot: findApplicationRoot(location.pathname),
    };
    Object.assign(dialog, { platform, target, settings, open: true });
    dialog.addEventListener('close', () => dialog.remove(), { once: true });
    document.body.append(dialog);
    return dialog;
}

declare global {
    interface HTMLElementTagNameMap {
        'lwc-limepkg-userlike-relay-loader': PluginLoader;
    }
}
