import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AbortableTask } from '../../internal/abortable-task.ts';
import {
    findApplicationRoot,
    DEFAULT_OBJECT_URL_TEMPLATE,
    DEFAULT_USERLIKE_BASE_URL,
} from '../../conversations/build-urls.ts';
import { classifyHttpError } from '../../conversations/classify-http-error.ts';
import { connectConversation } from '../../conversations/connect-conversation.ts';
import type {
    ConnectResult,
    ConversationItem,
    ConversationSettings,
} from '../../conversations/conversation.types.ts';
import { loadConversations } from '../../conversations/load-conversations.ts';
import { parseConversationId } from '../../conversations/parse-conversation-id.ts';
import {
    isSameTarget,
    resolveTargetObject,
    type TargetObject,
} from '../../conversations/resolve-target-object.ts';
import { sortItemsNewestFirst } from '../../conversations/to-conversation-items.ts';
import { findNotifications, findTranslate, getHttp } from '../../platform/get-services.ts';
import type {
    LimeWebComponentContext,
    LimeWebComponentPlatform,
} from '../../platform/platform.types.ts';
import { createTranslator, type Translator } from '../../translations/create-translator.ts';
import {
    describeConnectFailure,
    describeIdProblem,
    describeLoadFailure,
    describeOwner,
    formatDateTime,
} from './lwc-userlike-conversations.helpers.ts';
import { styles } from './lwc-userlike-conversations.styles.ts';

/** What the dialog says under the input after a connect attempt that did not connect. */
type DialogMessage =
    { kind: 'text'; text: string } | { kind: 'owner'; text: string; linkText: string; url: string };

/**
 * The Userlike conversations of a limeobject, for the relation tab of Lime's web client: lists the
 * conversations connected to the object (with links into Userlike and to their history notes) and lets the
 * user connect another conversation ID.
 *
 * The web client sets `platform` and `context` as properties. Everything else has Lime Chat's defaults
 * and can be set through the view configuration's `props`.
 *
 * Services used: `http` (required), `translate` and `notifications` (optional).
 */
export class LwcUserlikeConversations extends LitElement {
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
        inputValue: { state: true },
        inputProblem: { state: true },
        dialogMessage: { state: true },
        connecting: { state: true },
        connectedMessage: { state: true },
    };

    /** The Lime platform (service container); set by the web client. */
    declare public platform: LimeWebComponentPlatform | undefined;
    /** Where the component is rendered; set by the web client. */
    declare public context: LimeWebComponentContext | undefined;
    /** Prefix of a conversation's URL in Userlike (Lime Chat's `baseUrl`). */
    declare public userlikeBaseUrl: string;
    /** Limetype of conversation records. */
    declare public conversationLimetype: string;
    /** Limetype of history notes (and the hasmany on the conversation limetype). */
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
    declare private inputValue: string;
    declare private inputProblem: string;
    declare private dialogMessage: DialogMessage | undefined;
    declare private connecting: boolean;
    declare private connectedMessage: string;

    private readonly list = new AbortableTask<ConversationItem[]>(this);
    private loadedTarget: TargetObject | null = null;
    /** The object the rendered view (and its dialog) is about. */
    private shownTarget: TargetObject | null = null;
    private loadedPlatform: LimeWebComponentPlatform | undefined;
    private t: Translator = createTranslator(undefined);

    public constructor() {
        super();
        this.userlikeBaseUrl = DEFAULT_USERLIKE_BASE_URL;
        this.conversationLimetype = 'ulconversation';
        this.historyLimetype = 'history';
        this.relationName = 'ulconversation';
        this.objectUrlTemplate = DEFAULT_OBJECT_URL_TEMPLATE;
        this.dialogOpen = false;
        this.inputValue = '';
        this.inputProblem = '';
        this.connecting = false;
        this.connectedMessage = '';
    }

    protected override willUpdate(changed: PropertyValues<this>): void {
        if (changed.has('platform')) {
            this.t = createTranslator(this.platform ? findTranslate(this.platform) : undefined);
        }
        // A new object (context), platform or a run aborted by a disconnect loads the list again.
        const target = this.getTarget();
        if (!isSameTarget(target, this.shownTarget)) {
            // The dialog, its input and its messages belong to the previous object.
            this.shownTarget = target;
            this.resetDialog();
        }
        const platformChanged = this.platform !== this.loadedPlatform;
        if (
            this.platform &&
            (platformChanged ||
                !isSameTarget(target, this.loadedTarget) ||
                this.list.state.status === 'initial')
        ) {
            this.startLoad(target);
        }
    }

    public override render(): TemplateResult {
        const t = this.t;
        const target = this.getTarget();
        return html`
            <section aria-labelledby="title">
                <header>
                    <h2 id="title">${t('webcomponent-userlike.conversations.title')}</h2>
                    ${
                        target
                            ? html`<limel-button
                                  id="connect-button"
                                  label=${t('webcomponent-userlike.conversations.connect')}
                                  @click=${this.openDialog}
                              ></limel-button>`
                            : nothing
                    }
                </header>
                ${
                    this.connectedMessage
                        ? html`<p class="connected" role="status">${this.connectedMessage}</p>`
                        : nothing
                }
                ${this.renderList(target)} ${target ? this.renderDialog() : nothing}
            </section>
        `;
    }

    private renderList(target: TargetObject | null): TemplateResult {
        const t = this.t;
        if (!target || !this.platform) {
            return html`<p class="state" role="status">
                ${t('webcomponent-userlike.conversations.no-object')}
            </p>`;
        }
        const state = this.list.state;
        if (state.status === 'error') {
            return html`<div class="state error" role="alert">
                <span>${describeLoadFailure(classifyHttpError(state.error), t)}</span>
                <limel-button
                    label=${t('webcomponent-userlike.conversations.retry')}
                    @click=${this.reload}
                ></limel-button>
            </div>`;
        }
        if (state.status !== 'complete') {
            // No aria-busy here: a busy live region is not announced, and this one only says "loading".
            return html`<p class="state" role="status">
                ${t('webcomponent-userlike.conversations.loading')}
            </p>`;
        }
        if (state.value.length === 0) {
            return html`<p class="state" role="status">
                ${t('webcomponent-userlike.conversations.empty')}
            </p>`;
        }
        return html`<ul aria-labelledby="title">
            ${state.value.map((item) => this.renderItem(item))}
        </ul>`;
    }

    private renderItem(item: ConversationItem): TemplateResult {
        const t = this.t;
        const headingId = `conversation-${item.recordId}`;
        const locale = document.documentElement.lang;
        return html`<li class="conversation" aria-labelledby=${headingId}>
            <div class="conversation-header">
                <h3 id=${headingId}>
                    ${t('webcomponent-userlike.conversations.item.heading', {
                        id: item.conversationId,
                    })}
                </h3>
                <a
                    href=${item.userlikeUrl}
                    target="_blank"
                    rel="noopener noreferrer"
                    aria-label=${t(
                        'webcomponent-userlike.conversations.item.open-in-userlike-label',
                        { id: item.conversationId }
                    )}
                    >${t('webcomponent-userlike.conversations.item.open-in-userlike')}</a
                >
            </div>
            <dl>
                <dt>${t('webcomponent-userlike.conversations.item.contact')}</dt>
                <dd>${this.renderContact(item)}</dd>
                <dt>${t('webcomponent-userlike.conversations.item.started')}</dt>
                <dd>
                    ${
                        item.startedTime
                            ? html`<time datetime=${item.startedTime}
                                  >${formatDateTime(item.startedTime, locale)}</time
                              >`
                            : t('webcomponent-userlike.conversations.item.not-started')
                    }
                </dd>
            </dl>
            <h4>${t('webcomponent-userlike.conversations.item.notes')}</h4>
            ${this.renderNotes(item, locale)}
        </li>`;
    }

    /**
     * The Lime person the notes are related to, as a link; otherwise Userlike's own contact id, said to be
     * Userlike's (it means nothing in Lime).
     */
    private renderContact(item: ConversationItem): TemplateResult | string {
        const t = this.t;
        if (item.person) {
            return html`<a class="person" href=${item.person.url} target="_top"
                >${item.person.name}</a
            >`;
        }
        return item.userlikeContactId
            ? t('webcomponent-userlike.conversations.item.userlike-contact', {
                  id: item.userlikeContactId,
              })
            : t('webcomponent-userlike.conversations.item.no-contact');
    }

    private renderNotes(item: ConversationItem, locale: string): TemplateResult {
        const t = this.t;
        if (!item.notesLoaded) {
            return html`<p class="muted">
                ${t('webcomponent-userlike.conversations.item.notes-error')}
            </p>`;
        }
        if (item.notes.length === 0) {
            return html`<p class="muted">
                ${t('webcomponent-userlike.conversations.item.no-notes')}
            </p>`;
        }
        return html`<ul class="notes">
            ${item.notes.map(
                (note) =>
                    html`<li>
                        <a href=${note.url} target="_top"
                            >${
                                note.date
                                    ? t('webcomponent-userlike.conversations.item.note', {
                                          date: formatDateTime(note.date, locale),
                                      })
                                    : t('webcomponent-userlike.conversations.item.note-undated', {
                                          id: note.id,
                                      })
                            }</a
                        >
                    </li>`
            )}
        </ul>`;
    }

    private renderDialog(): TemplateResult {
        const t = this.t;
        return html`<limel-dialog
            .heading=${t('webcomponent-userlike.conversations.dialog.heading')}
            .open=${this.dialogOpen}
            @close=${this.handleDialogClose}
            @focusin=${this.handleDialogFocusIn}
        >
            <p class="dialog-text" id="dialog-text">
                ${t('webcomponent-userlike.conversations.dialog.text')}
            </p>
            <limel-input-field
                id="conversation-id"
                .label=${t('webcomponent-userlike.conversations.dialog.label')}
                .value=${this.inputValue}
                .invalid=${this.inputProblem !== ''}
                .helperText=${
                    this.inputProblem || t('webcomponent-userlike.conversations.dialog.helper')
                }
                @change=${this.handleInputChange}
                @keydown=${this.handleInputKeydown}
            ></limel-input-field>
            <div role="alert" aria-atomic="true">${this.renderDialogMessage()}</div>
            <limel-button
                slot="button"
                id="cancel-button"
                label=${t('webcomponent-userlike.conversations.dialog.cancel')}
                @click=${this.closeDialog}
            ></limel-button>
            <limel-button
                slot="button"
                id="submit-button"
                .primary=${true}
                .loading=${this.connecting}
                .loadingFailed=${this.dialogMessage !== undefined}
                .disabled=${this.connecting}
                label=${t('webcomponent-userlike.conversations.dialog.submit')}
                @click=${this.submit}
            ></limel-button>
        </limel-dialog>`;
    }

    private renderDialogMessage(): TemplateResult | typeof nothing {
        // Our own paragraph rather than the field's helper text, which limel-input-field only shows
        // while focused: a refusal must stay visible after focus moved to the Connect button.
        if (this.inputProblem) {
            return html`<p class="dialog-message" id="id-problem">${this.inputProblem}</p>`;
        }
        const message = this.dialogMessage;
        if (!message) {
            return nothing;
        }
        if (message.kind === 'text') {
            return html`<p class="dialog-message">${message.text}</p>`;
        }
        return html`<p class="dialog-message">
            ${message.text} <a href=${message.url} target="_top">${message.linkText}</a>
        </p>`;
    }

    private readonly openDialog = (): void => {
        this.resetDialog();
        this.dialogOpen = true;
        // limel-dialog does not move focus into its content by itself; the input is the first thing to do.
        void this.updateComplete.then(() => this.focusInput());
    };

    // Closing while connecting is allowed (Lime may hang); the outcome is then told in a notification.
    private readonly closeDialog = (): void => {
        this.dialogOpen = false;
        this.returnFocus();
    };

    /**
     * limel-dialog (MDC) traps focus once its opening animation ends and puts it on a placeholder of its own
     * (`#initialFocusElement`), which would take focus away from the input we focused on open. Send it back.
     */
    private readonly handleDialogFocusIn = (event: FocusEvent): void => {
        const origin = event.composedPath()[0];
        if (origin instanceof HTMLElement && origin.id === 'initialFocusElement') {
            this.focusInput();
        }
    };

    private readonly handleDialogClose = (): void => {
        // Escape or a scrim click closed it; keep our state in line (the dialog is controlled).
        if (this.dialogOpen) {
            this.dialogOpen = false;
            this.returnFocus();
        }
    };

    private readonly handleInputChange = (event: CustomEvent<string>): void => {
        event.stopPropagation();
        // The debounced event may arrive after a submit of the same text; only an edit clears messages.
        if (event.detail === this.inputValue) {
            return;
        }
        this.inputValue = event.detail;
        this.inputProblem = '';
        this.dialogMessage = undefined;
    };

    private readonly handleInputKeydown = (event: KeyboardEvent): void => {
        if (event.key === 'Enter') {
            event.preventDefault();
            void this.submit();
        }
    };

    private readonly reload = (): void => {
        this.startLoad(this.getTarget());
    };

    /** Validates, checks for duplicates and creates the record; a second call while busy does nothing. */
    private readonly submit = async (): Promise<void> => {
        if (this.connecting) {
            return;
        }
        const target = this.getTarget();
        const platform = this.platform;
        if (!target || !platform) {
            return;
        }
        this.inputValue = this.readTypedValue();
        const parsed = parseConversationId(this.inputValue);
        if (!parsed.ok) {
            this.inputProblem = describeIdProblem(parsed.problem, this.t);
            this.focusInput();
            return;
        }
        this.connecting = true;
        this.dialogMessage = undefined;
        try {
            const result = await connectConversation(
                getHttp(platform),
                target,
                parsed.id,
                this.getSettings()
            );
            this.showConnectResult(result, target);
        } catch (error) {
            const failure = classifyHttpError(error);
            this.showRefusal(
                { kind: 'text', text: describeConnectFailure(failure, this.t) },
                target
            );
            if (failure.kind === 'network' && isSameTarget(target, this.getTarget())) {
                // The record may have been written before the connection dropped: show the truth.
                this.reload();
            }
        } finally {
            this.connecting = false;
        }
    };

    private showConnectResult(result: ConnectResult, target: TargetObject): void {
        const t = this.t;
        switch (result.kind) {
            case 'connected':
                this.showConnected(result.item, target);
                return;
            case 'already-here':
                this.showRefusal(
                    {
                        kind: 'text',
                        text: t('webcomponent-userlike.conversations.duplicate.this', {
                            id: result.conversationId,
                        }),
                    },
                    target
                );
                return;
            case 'elsewhere': {
                const object = describeOwner(result.owner, t);
                this.showRefusal(
                    {
                        kind: 'owner',
                        text: t('webcomponent-userlike.conversations.duplicate.other', {
                            id: result.conversationId,
                            object,
                        }),
                        linkText: t('webcomponent-userlike.conversations.duplicate.open', {
                            object,
                        }),
                        url: result.owner.url,
                    },
                    target
                );
                return;
            }
            default:
                this.showRefusal(
                    {
                        kind: 'text',
                        text: t('webcomponent-userlike.conversations.duplicate.unknown-owner', {
                            id: result.conversationId,
                        }),
                    },
                    target
                );
        }
    }

    /**
     * A record was created. When the user has moved to another object meanwhile, that object's view must
     * not claim it, so only a notification says where it went.
     */
    private showConnected(item: ConversationItem, connectedTo: TargetObject): void {
        const t = this.t;
        if (!isSameTarget(connectedTo, this.getTarget())) {
            this.notify(
                t('webcomponent-userlike.conversations.connected-to', {
                    id: item.conversationId,
                    object: t('webcomponent-userlike.conversations.object', {
                        limetype: connectedTo.limetype,
                        id: connectedTo.id,
                    }),
                })
            );
            return;
        }
        const message = t('webcomponent-userlike.conversations.connected', {
            id: item.conversationId,
        });
        this.addToList(item);
        this.connectedMessage = message;
        if (this.dialogOpen) {
            this.dialogOpen = false;
            this.returnFocus();
        }
        this.notify(message);
    }

    /**
     * Nothing was connected (or, after a network failure, perhaps it was): say why in the dialog, with focus
     * back in the input to correct the ID. A dialog the user closed meanwhile leaves a notification instead;
     * after a move to another object, whose dialog this is not, the list of the first object tells the truth
     * when the user returns.
     */
    private showRefusal(message: DialogMessage, target: TargetObject): void {
        if (!isSameTarget(target, this.getTarget())) {
            return;
        }
        if (!this.dialogOpen) {
            this.notify(message.text);
            return;
        }
        this.dialogMessage = message;
        // A busy Connect button lost the focus when it was disabled; the input is where to go on.
        this.focusInput();
    }

    private notify(message: string): void {
        if (this.platform) {
            void findNotifications(this.platform)
                ?.notify(message)
                .catch(() => undefined);
        }
    }

    private addToList(item: ConversationItem): void {
        const state = this.list.state;
        if (state.status === 'complete') {
            this.list.setValue(sortItemsNewestFirst([item, ...state.value]));
        } else {
            this.reload();
        }
    }

    private startLoad(target: TargetObject | null): void {
        this.loadedTarget = target;
        this.loadedPlatform = this.platform;
        this.connectedMessage = '';
        const platform = this.platform;
        if (!target || !platform) {
            this.list.abort();
            return;
        }
        const settings = this.getSettings();
        void this.list.run((signal) =>
            loadConversations(getHttp(platform), target, settings, signal)
        );
    }

    private resetDialog(): void {
        this.dialogOpen = false;
        this.inputValue = '';
        this.inputProblem = '';
        this.dialogMessage = undefined;
    }

    private getTarget(): TargetObject | null {
        return resolveTargetObject(this.context, this.conversationLimetype);
    }

    private getSettings(): ConversationSettings {
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

    /**
     * What is in the input now. limel-input-field debounces its `change` event and flushes it on the native
     * `change` (blur), so a fast Enter or a click without blur would otherwise submit the previous value.
     */
    private readTypedValue(): string {
        const input = this.renderRoot
            .querySelector('#conversation-id')
            ?.shadowRoot?.querySelector<HTMLInputElement>('input');
        return input?.value ?? this.inputValue;
    }

    private focusInput(): void {
        const input = this.renderRoot.querySelector<HTMLElement>('#conversation-id');
        // limel-input-field delegates focus to its inner <input> (Stencil `delegatesFocus`) [inferred].
        const inner = input?.shadowRoot?.querySelector<HTMLElement>('input');
        (inner ?? input)?.focus();
    }

    private returnFocus(): void {
        void this.updateComplete.then(() => {
            const button = this.renderRoot.querySelector<HTMLElement>('#connect-button');
            const inner = button?.shadowRoot?.querySelector<HTMLElement>('button');
            (inner ?? button)?.focus();
        });
    }
}

declare global {
    interface HTMLElementTagNameMap {
        'lwc-userlike-conversations': LwcUserlikeConversations;
    }
}
