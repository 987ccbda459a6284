import { Task } from '@lit/task';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import {
    DEFAULT_OBJECT_URL_TEMPLATE,
    DEFAULT_USERLIKE_BASE_URL,
    findApplicationRoot,
} from '../../conversations/build-urls.ts';
import { classifyHttpError } from '../../conversations/classify-http-error.ts';
import type {
    ConversationItem,
    ConversationPage,
    ConversationSettings,
} from '../../conversations/conversation.types.ts';
import { loadConversationPage } from '../../conversations/load-conversations.ts';
import {
    isSameTarget,
    resolveTargetObject,
    type TargetObject,
} from '../../conversations/resolve-target-object.ts';
import { CONNECTED_EVENT } from '../../package-names.ts';
import { findTranslate, getHttp } from '../../platform/get-services.ts';
import type {
    LimeWebComponentContext,
    LimeWebComponentPlatform,
} from '../../platform/platform.types.ts';
import { createTranslator, type Translator } from '../../translations/create-translator.ts';
import { readLanguage } from '../../translations/read-language.ts';
import type { ConversationConnectedDetail } from '../connect-dialog/connect-dialog.ts';
import { describeLoadFailure } from '../messages.ts';
import { styles } from './conversations.styles.ts';

/** The first page as the view shows it: rows arrive before their notes. */
interface FirstPage {
    page: ConversationPage;
}

/**
 * The Userlike conversations of a limeobject, for an object card (Lime Admin → Views → the card's
 * `components`) or a relation tab: a compact list, newest first, 50 at a time with "show more", each row
 * linking to the conversation record, its history notes and the person in Lime, and to Userlike. A button
 * opens the connect prompt for another conversation ID.
 *
 * The web client sets `platform` and `context` as properties. Everything else has Lime Chat's defaults and
 * can be set through the view configuration's `props`.
 *
 * Lime requests per load: 2, and 3 on the first load of a session (load-conversations.ts).
 */
export class ConversationsView extends LitElement {
    public static override styles = styles;

    public static override properties = {
        platform: { attribute: false },
        context: { attribute: false },
        userlikeBaseUrl: { attribute: 'userlike-base-url' },
        conversationLimetype: { attribute: 'conversation-limetype' },
        historyLimetype: { attribute: 'history-limetype' },
        relationName: { attribute: 'relation-name' },
        conversationRelation: { attribute: 'conversation-relation' },
        objectUrlTemplate: { attribute: 'object-url-template' },
        applicationRoot: { attribute: 'application-root' },
        dialogOpen: { state: true },
        provisional: { state: true },
        more: { state: true },
    };

    /** The Lime platform (service container); set by the web client. */
    declare public platform: LimeWebComponentPlatform | undefined;
    /** Where the view is rendered; set by the web client. */
    declare public context: LimeWebComponentContext | undefined;
    /** Prefix of a conversation's URL in Userlike (Lime Chat's `baseUrl`). */
    declare public userlikeBaseUrl: string;
    /** Limetype of conversation records. */
    declare public conversationLimetype: string;
    /** Limetype of history notes. */
    declare public historyLimetype: string;
    /** The hasmany property on the object's limetype that lists its conversations. */
    declare public relationName: string;
    /**
     * The belongsto on the conversation limetype that points to the object; not set: the object's
     * limetype, as Lime Chat names it.
     */
    declare public conversationRelation: string | undefined;
    /** Web client object URL template, `{limetype}` and `{id}`, relative to the application root. */
    declare public objectUrlTemplate: string;
    /** Path of the application root; derived from the page URL when not set. */
    declare public applicationRoot: string | undefined;

    declare private dialogOpen: boolean;
    /** The first page's rows while their notes load. */
    declare private provisional: ConversationPage | null;
    /** Rows connected here since the load, and the pages "show more" added. */
    declare private more: {
        connected: ConversationItem[];
        pages: ConversationPage[];
        loading: boolean;
        failed: boolean;
    };

    private t: Translator = createTranslator(undefined);
    private locale = 'en';
    private target: TargetObject | null = null;
    private settings: ConversationSettings | undefined;

    private readonly firstPage = new Task(this, {
        task: async ([platform, target, settings], { signal }): Promise<FirstPage | null> => {
            this.provisional = null;
            this.more = EMPTY_MORE;
            if (!platform || !target || !settings) {
                return null;
            }
            const page = await loadConversationPage(
                getHttp(platform),
                target,
                settings,
                0,
                signal,
                (rows) => {
                    if (!signal.aborted) this.provisional = rows;
                }
            );
            return { page };
        },
        args: () => [this.platform, this.target, this.settings] as const,
    });

    public constructor() {
        super();
        this.userlikeBaseUrl = DEFAULT_USERLIKE_BASE_URL;
        this.conversationLimetype = 'ulconversation';
        this.historyLimetype = 'history';
        this.relationName = 'ulconversation';
        this.objectUrlTemplate = DEFAULT_OBJECT_URL_TEMPLATE;
        this.dialogOpen = false;
        this.provisional = null;
        this.more = EMPTY_MORE;
    }

    public override connectedCallback(): void {
        super.connectedCallback();
        document.addEventListener(CONNECTED_EVENT, this.handleConnected);
    }

    public override disconnectedCallback(): void {
        super.disconnectedCallback();
        document.removeEventListener(CONNECTED_EVENT, this.handleConnected);
    }

    protected override willUpdate(changed: PropertyValues<this>): void {
        if (changed.has('platform')) {
            this.t = createTranslator(this.platform ? findTranslate(this.platform) : undefined);
            this.locale = readLanguage(this.platform);
        }
        // New objects only when something changed, so the task sees equal arguments otherwise.
        const target = resolveTargetObject(this.context, this.conversationLimetype);
        if (!isSameTarget(target, this.target)) {
            this.target = target;
            this.dialogOpen = false;
        }
        const settings = this.readSettings();
        if (!this.settings || JSON.stringify(settings) !== JSON.stringify(this.settings)) {
            this.settings = settings;
        }
    }

    public override render(): TemplateResult {
        const t = this.t;
        const target = this.target;
        return html`<section aria-labelledby="title">
            <header>
                <h2 id="title">${t('limepkg_userlike_relay.conversations.title')}</h2>
                ${
                    target
                        ? html`<limel-button
                              id="connect-button"
                              .label=${t('limepkg_userlike_relay.conversations.connect')}
                              .icon=${'plus_math'}
                              @click=${this.openDialog}
                          ></limel-button>`
                        : nothing
                }
            </header>
            ${this.renderBody(target)}
            ${
                target
                    ? html`<lwc-limepkg-userlike-relay-connect-dialog
                          .platform=${this.platform}
                          .target=${target}
                          .settings=${this.settings}
                          .open=${this.dialogOpen}
                          @close=${this.handleDialogClose}
                      ></lwc-limepkg-userlike-relay-connect-dialog>`
                    : nothing
            }
        </section>`;
    }

    private renderBody(target: TargetObject | null): unknown {
        const t = this.t;
        if (!target || !this.platform) {
            return html`<p class="state" role="status">
                ${t('limepkg_userlike_relay.conversations.no-object')}
            </p>`;
        }
        return this.firstPage.render({
            initial: () => this.renderLoading(),
            pending: () =>
                this.provisional ? this.renderList(this.provisional) : this.renderLoading(),
            complete: (value) => (value ? this.renderList(value.page) : nothing),
            error: (error) =>
                html`<div class="state error" role="alert">
                    <span>${describeLoadFailure(classifyHttpError(error), t)}</span>
                    <limel-button
                        .label=${t('limepkg_userlike_relay.conversations.retry')}
                        @click=${this.reload}
                    ></limel-button>
                </div>`,
        });
    }

    private renderLoading(): TemplateResult {
        // No aria-busy: a busy live region is not announced, and this one only says "loading".
        return html`<p class="state" role="status">
            ${this.t('limepkg_userlike_relay.conversations.loading')}
        </p>`;
    }

    private renderList(first: ConversationPage): TemplateResult {
        const t = this.t;
        const { connected, pages, loading, failed } = this.more;
        const shown = new Set<number>();
        const items = [connected, first.items, ...pages.map((page) => page.items)]
            .flat()
            .filter((item) => !shown.has(item.recordId) && shown.add(item.recordId));
        const last = pages.at(-1) ?? first;
        if (items.length === 0) {
            return html`<p class="state" role="status">
                ${t('limepkg_userlike_relay.conversations.empty')}
            </p>`;
        }
        return html`<ul class="list" aria-labelledby="title">
                ${repeat(
                    items,
                    (item) => item.recordId,
                    (item) =>
                        html`<li>
                            <lwc-limepkg-userlike-relay-conversation-row
                                .item=${item}
                                .t=${t}
                                .locale=${this.locale}
                            ></lwc-limepkg-userlike-relay-conversation-row>
                        </li>`
                )}
            </ul>
            ${
                failed
                    ? html`<p class="state error" role="alert">
                          ${t('limepkg_userlike_relay.conversations.error.unknown')}
                      </p>`
                    : nothing
            }
            ${
                last.hasMore
                    ? html`<limel-button
                          id="show-more"
                          .label=${
                              loading
                                  ? t('limepkg_userlike_relay.conversations.loading-more')
                                  : t('limepkg_userlike_relay.conversations.show-more')
                          }
                          .loading=${loading}
                          .disabled=${loading}
                          @click=${() => void this.showMore(last.nextOffset)}
                      ></limel-button>`
                    : nothing
            }`;
    }

    private async showMore(offset: number): Promise<void> {
        const platform = this.platform;
        const target = this.target;
        const settings = this.settings;
        if (!platform || !target || !settings || this.more.loading) {
            return;
        }
        const started = this.more;
        this.more = { ...started, loading: true, failed: false };
        try {
            const page = await loadConversationPage(getHttp(platform), target, settings, offset);
            if (this.isStale(target)) return;
            this.more = { ...this.more, pages: [...this.more.pages, page], loading: false };
        } catch {
            if (this.isStale(target)) return;
            this.more = { ...this.more, loading: false, failed: true };
        }
    }

    /** A load for an object the view no longer shows must not touch it. */
    private isStale(target: TargetObject): boolean {
        return !isSameTarget(target, this.target);
    }

    private readonly handleConnected = (event: Event): void => {
        const detail = (event as CustomEvent<ConversationConnectedDetail>).detail;
        if (!detail || !isSameTarget(detail.target, this.target)) {
            return;
        }
        if (detail.item && this.firstPage.value) {
            this.more = { ...this.more, connected: [detail.item, ...this.more.connected] };
        } else {
            this.reload();
        }
    };

    private readonly openDialog = (): void => {
        this.dialogOpen = true;
    };

    private readonly handleDialogClose = (): void => {
        this.dialogOpen = false;
        void this.updateComplete.then(() => {
            const button = this.renderRoot.querySelector<HTMLElement>('#connect-button');
            (button?.shadowRoot?.querySelector<HTMLElement>('button') ?? button)?.focus();
        });
    };

    private readonly reload = (): void => {
        void this.firstPage.run();
    };

    private readSettings(): ConversationSettings {
        return {
            conversationLimetype: this.conversationLimetype,
            historyLimetype: this.historyLimetype,
            relationName: this.relationName,
            ...(this.conversationRelation
                ? { conversationRelation: this.conversationRelation }
                : {}),
            userlikeBaseUrl: this.userlikeBaseUrl,
            objectUrlTemplate: this.objectUrlTemplate,
            applicationRoot: this.applicationRoot ?? findApplicationRoot(location.pathname),
        };
    }
}

const EMPTY_MORE = { connected: [], pages: [], loading: false, failed: false };

declare global {
    interface HTMLElementTagNameMap {
        'lwc-limepkg-userlike-relay-conversations': ConversationsView;
    }
}
