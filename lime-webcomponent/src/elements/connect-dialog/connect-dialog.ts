import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { classifyHttpError, readLimeMessage } from '../../conversations/classify-http-error.ts';
import { connectConversation } from '../../conversations/connect-conversation.ts';
import type {
    ConnectResult,
    ConversationItem,
    ConversationSettings,
} from '../../conversations/conversation.types.ts';
import { parseConversationId } from '../../conversations/parse-conversation-id.ts';
import { isSameTarget, type TargetObject } from '../../conversations/resolve-target-object.ts';
import { CONNECTED_EVENT } from '../../package-names.ts';
import {
    findLimeObjects,
    findNotifications,
    findTranslate,
    getHttp,
} from '../../platform/get-services.ts';
import type { LimeWebComponentPlatform } from '../../platform/platform.types.ts';
import { createTranslator, type Translator } from '../../translations/create-translator.ts';
import {
    describeConnectFailure,
    describeIdProblem,
    describeObject,
    describeOwner,
} from '../messages.ts';
import {
    INITIAL_STATE,
    withValue,
    type DialogState,
    type Refusal,
} from './connect-dialog-state.ts';
import { styles } from './connect-dialog.styles.ts';

/** `detail` of the document-wide event that a conversation was connected (or may have been). */
export interface ConversationConnectedDetail {
    target: TargetObject;
    /** The new row; absent when the outcome is unknown (the connection dropped) and a reload tells. */
    item?: ConversationItem;
}

/**
 * The "connect a Userlike conversation" prompt: the user types a conversation ID; it is validated before
 * any request; an ID already connected anywhere is refused (naming and linking the object it belongs to)
 * and nothing is written; otherwise one conversation record related to `target` is created as the user.
 * After a connect, Lime's own views are refreshed through the platform's limeobjects repository, a
 * `limepkg_userlike_relay.conversation-connected` event is dispatched on `document`, and the dialog closes.
 *
 * Opened by the plugin loader for the relation tab's create button, and by the conversations view.
 * Fires `close` when it has closed (Cancel, Escape, the scrim, or after a connect).
 */
export class ConnectDialog extends LitElement {
    public static override styles = styles;

    public static override properties = {
        platform: { attribute: false },
        target: { attribute: false },
        settings: { attribute: false },
        open: { type: Boolean, reflect: true },
        state: { state: true },
    };

    declare public platform: LimeWebComponentPlatform | undefined;
    /** The object the conversation is connected to; null when the opener could not tell. */
    declare public target: TargetObject | null;
    declare public settings: ConversationSettings | undefined;
    declare public open: boolean;
    declare private state: DialogState;

    private t: Translator = createTranslator(undefined);
    /** Counts openings and target changes: an answer for an earlier one must not show in this one. */
    private generation = 0;

    public constructor() {
        super();
        this.target = null;
        this.open = false;
        this.state = INITIAL_STATE;
    }

    protected override willUpdate(changed: PropertyValues<this>): void {
        if (changed.has('platform')) {
            this.t = createTranslator(this.platform ? findTranslate(this.platform) : undefined);
        }
        const opened = changed.has('open') && this.open;
        const newTarget =
            changed.has('target') && !isSameTarget(this.target, changed.get('target') ?? null);
        if (opened || newTarget) {
            this.state = INITIAL_STATE;
            this.generation++;
        }
    }

    protected override updated(changed: PropertyValues<this>): void {
        if (changed.has('open') && this.open) {
            // limel-dialog does not move focus into its content by itself; the input is the first thing to do.
            this.focusInput();
        }
    }

    public override render(): TemplateResult {
        const t = this.t;
        const state = this.state;
        const target = this.target;
        return html`<limel-dialog
            .heading=${t('limepkg_userlike_relay.dialog.heading')}
            .open=${this.open}
            @close=${this.handleDialogClose}
            @focusin=${this.handleFocusIn}
            @keydown=${this.handleTab}
        >
            <p class="text">
                ${
                    target
                        ? t('limepkg_userlike_relay.dialog.text', {
                              object: describeObject(target, t),
                          })
                        : t('limepkg_userlike_relay.dialog.no-object')
                }
            </p>
            <limel-input-field
                id="conversation-id"
                .label=${t('limepkg_userlike_relay.dialog.label')}
                .value=${state.value}
                .invalid=${state.step === 'editing' && state.problem !== null}
                .helperText=${t('limepkg_userlike_relay.dialog.helper')}
                .disabled=${!target}
                @change=${this.handleChange}
                @input=${this.handleInput}
                @keydown=${this.handleKeydown}
            ></limel-input-field>
            <div class="messages" role="alert" aria-atomic="true">${this.renderMessage()}</div>
            <limel-button
                slot="button"
                id="cancel-button"
                .label=${t('limepkg_userlike_relay.dialog.cancel')}
                @click=${this.close}
            ></limel-button>
            ${this.renderSubmitButton(state.step === 'connecting', !target)}
        </limel-dialog>`;
    }

    /**
     * Connect, with limel-button's spinner while connecting. limel-button shows a ✓ (or, with
     * `loadingFailed`, a red ✕) instead of its label for 2 s whenever `loading` goes from true to false,
     * which after a refusal read as "done" (or as an unlabelled ✕). So the button that was busy is replaced
     * by a fresh one when the attempt ends: `loading` never goes back to false on the same element.
     */
    private renderSubmitButton(connecting: boolean, noTarget: boolean): unknown {
        return keyed(
            connecting,
            html`<limel-button
                slot="button"
                id="submit-button"
                .label=${this.t('limepkg_userlike_relay.dialog.submit')}
                .primary=${true}
                .loading=${connecting}
                .disabled=${connecting || noTarget}
                @click=${this.submit}
            ></limel-button>`
        );
    }

    /** Runs the connect as if the user pressed Connect (for the plugin loader and tests). */
    public readonly submit = async (): Promise<void> => {
        const state = this.state;
        const target = this.target;
        const platform = this.platform;
        const settings = this.settings;
        if (state.step === 'connecting' || !target || !platform || !settings) {
            return;
        }
        const value = this.readTypedValue() ?? state.value;
        const parsed = parseConversationId(value);
        if (!parsed.ok) {
            this.state = {
                step: 'editing',
                value,
                problem: describeIdProblem(parsed.problem, this.t),
                refusal: null,
            };
            this.focusInput();
            return;
        }
        this.state = { step: 'connecting', value, conversationId: parsed.id };
        const generation = this.generation;
        const isCurrent = (): boolean => this.open && generation === this.generation;
        let refusal: Refusal | null;
        try {
            const result = await connectConversation(
                getHttp(platform),
                target,
                parsed.id,
                settings
            );
            refusal = this.describeResult(result, target, platform, isCurrent);
        } catch (error) {
            const failure = classifyHttpError(error);
            refusal = {
                kind: 'text',
                lines: describeConnectFailure(failure, await readLimeMessage(error), this.t),
            };
            if (failure.kind === 'network') {
                // The record may have been written before the connection dropped: views reload to tell.
                announceConnected({ target });
            }
        }
        if (refusal) {
            this.showRefusal(refusal, value, isCurrent());
        }
    };

    private renderMessage(): TemplateResult | typeof nothing {
        const state = this.state;
        if (state.step === 'editing' && state.problem !== null) {
            return html`<p class="message" id="problem">${state.problem}</p>`;
        }
        const refusal = state.step === 'connecting' ? null : state.refusal;
        if (!refusal) {
            return nothing;
        }
        if (refusal.kind === 'text') {
            return html`${refusal.lines.map((line) => html`<p class="message">${line}</p>`)}`;
        }
        return html`<p class="message">
            ${refusal.text} <a href=${refusal.url} target="_top">${refusal.linkText}</a>
        </p>`;
    }

    /** Null when connected (the dialog then closes); else what to say. */
    private describeResult(
        result: ConnectResult,
        target: TargetObject,
        platform: LimeWebComponentPlatform,
        isCurrent: () => boolean
    ): Refusal | null {
        const t = this.t;
        switch (result.kind) {
            case 'connected':
                this.finishConnect(result.item, target, platform, isCurrent());
                return null;
            case 'already-here':
                return {
                    kind: 'text',
                    lines: [
                        t('limepkg_userlike_relay.duplicate.this', { id: result.conversationId }),
                    ],
                };
            case 'elsewhere': {
                const object = describeOwner(result.owner, t);
                return {
                    kind: 'owner',
                    text: t('limepkg_userlike_relay.duplicate.other', {
                        id: result.conversationId,
                        object,
                    }),
                    linkText: t('limepkg_userlike_relay.duplicate.open', { object }),
                    url: result.owner.url,
                };
            }
            default:
                return {
                    kind: 'text',
                    lines: [
                        t('limepkg_userlike_relay.duplicate.unknown-owner', {
                            id: result.conversationId,
                        }),
                    ],
                };
        }
    }

    /** A record was created: refresh Lime's views, tell every listener and the user, close. */
    private finishConnect(
        item: ConversationItem,
        target: TargetObject,
        platform: LimeWebComponentPlatform,
        current: boolean
    ): void {
        refreshLimeViews(platform, target, this.settings?.relationName);
        announceConnected({ target, item });
        this.notify(
            this.t('limepkg_userlike_relay.connected', {
                id: item.conversationId,
                object: describeObject(target, this.t),
            })
        );
        if (current) {
            this.state = INITIAL_STATE;
            this.close();
        }
    }

    /**
     * Nothing was connected (or, after a network failure, perhaps it was): say why in the prompt, with
     * focus back in the input to correct the ID. A prompt the user closed meanwhile, or one now showing
     * another object, leaves a notification instead.
     */
    private showRefusal(refusal: Refusal, value: string, current: boolean): void {
        if (!current) {
            this.notify(refusal.kind === 'text' ? refusal.lines.join(' ') : refusal.text);
            if (this.state.step === 'connecting') {
                this.state = INITIAL_STATE;
            }
            return;
        }
        this.state = { step: 'refused', value, refusal };
        // The busy Connect button lost focus when it was disabled; the input is where to go on.
        this.focusInput();
    }

    private notify(message: string): void {
        if (this.platform) {
            void findNotifications(this.platform)
                ?.notify(message)
                .catch(() => undefined);
        }
    }

    // Closing while connecting is allowed (Lime may hang); the outcome is then told in a notification.
    private readonly close = (): void => {
        this.open = false;
        this.dispatchEvent(new Event('close'));
    };

    private readonly handleDialogClose = (event: Event): void => {
        event.stopPropagation();
        // Escape or a scrim click closed limel-dialog; keep our state in line (the dialog is controlled).
        if (this.open) {
            this.close();
        }
    };

    /**
     * limel-dialog traps focus once its opening animation ends and puts it on a placeholder of its own
     * (`#initialFocusElement`), which would take focus away from the input focused on open. Send it back.
     */
    private readonly handleFocusIn = (event: FocusEvent): void => {
        const origin = event.composedPath()[0];
        if (origin instanceof HTMLElement && origin.id === 'initialFocusElement') {
            this.focusInput();
        }
    };

    /**
     * Keeps Tab and Shift+Tab on the prompt's own controls. limel-dialog's focus trap (Material's) looks
     * for focusable elements in limel-dialog's shadow root only, where the slotted controls are not, so at
     * either end it wrapped to its invisible `#initialFocusElement` placeholder: Tab from Connect landed on
     * an invisible stop, and Shift+Tab from the input went nowhere (the placeholder sends focus back to the
     * input, see handleFocusIn). So the prompt wraps at its first and last control itself.
     */
    private readonly handleTab = (event: KeyboardEvent): void => {
        if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) {
            return;
        }
        const stops = this.findTabStops();
        const first = stops[0];
        const last = stops.at(-1);
        if (!first || !last) {
            return;
        }
        const path = event.composedPath();
        const current = stops.find((stop) => path.includes(stop));
        let next: HTMLElement | undefined;
        if (!current) {
            next = event.shiftKey ? last : first;
        } else if (event.shiftKey && current === first) {
            next = last;
        } else if (!event.shiftKey && current === last) {
            next = first;
        }
        if (next) {
            event.preventDefault();
            focusControl(next);
        }
    };

    /** The controls Tab visits, in order: the ID field, the refusal's link, Cancel, Connect. */
    private findTabStops(): HTMLElement[] {
        const root = this.renderRoot;
        const usable = (element: Element | null): element is HTMLElement =>
            element instanceof HTMLElement &&
            !(element as { disabled?: unknown }).disabled &&
            !(element as { loading?: unknown }).loading;
        return [
            root.querySelector('#conversation-id'),
            ...root.querySelectorAll('.messages a[href]'),
            root.querySelector('#cancel-button'),
            root.querySelector('#submit-button'),
        ].filter(usable);
    }

    private readonly handleChange = (event: CustomEvent<string>): void => {
        event.stopPropagation();
        if (typeof event.detail === 'string') {
            this.state = withValue(this.state, event.detail);
        }
    };

    // The native input event bubbles out of limel-input-field's shadow root on every keystroke: keep the
    // value current without waiting for the debounced `change`.
    private readonly handleInput = (): void => {
        const typed = this.readTypedValue();
        if (typed !== undefined) {
            this.state = withValue(this.state, typed);
        }
    };

    private readonly handleKeydown = (event: KeyboardEvent): void => {
        if (event.key === 'Enter') {
            event.preventDefault();
            void this.submit();
        }
    };

    /** What is in the input now, read from limel-input-field's inner `<input>`. */
    private readTypedValue(): string | undefined {
        return this.renderRoot
            .querySelector('#conversation-id')
            ?.shadowRoot?.querySelector<HTMLInputElement>('input')?.value;
    }

    private focusInput(): void {
        void this.updateComplete.then(() => {
            const field = this.renderRoot.querySelector<HTMLElement>('#conversation-id');
            if (field) focusControl(field);
        });
    }
}

/** Focuses a control: the `<input>` or `<button>` inside a lime-elements component, else the element. */
function focusControl(element: HTMLElement): void {
    (element.shadowRoot?.querySelector<HTMLElement>('input, button') ?? element).focus();
}

/** Tells every conversations view (and anything else listening on `document`) about a connect. */
function announceConnected(detail: ConversationConnectedDetail): void {
    document.dispatchEvent(new CustomEvent(CONNECTED_EVENT, { detail }));
}

/**
 * Asks the web client to reload the object and its conversations relation, so Lime's own relation tab
 * shows the new record without a page reload (docs/assumptions.md W6). Each method is optional.
 */
function refreshLimeViews(
    platform: LimeWebComponentPlatform,
    target: TargetObject,
    relationName: string | undefined
): void {
    const repository = findLimeObjects(platform);
    if (!repository) {
        return;
    }
    const run = (refresh: () => unknown): void => {
        try {
            void Promise.resolve(refresh()).catch(() => undefined);
        } catch {
            // A refresh is a courtesy; the record is written whatever the views do.
        }
    };
    if (relationName && repository.loadRelations) {
        run(() => repository.loadRelations?.(target.limetype, target.id, relationName));
    }
    if (repository.reloadObject) {
        run(() => repository.reloadObject?.(target.limetype, target.id));
    } else if (repository.loadObject) {
        run(() => repository.loadObject?.(target.limetype, target.id));
    }
}

declare global {
    interface HTMLElementTagNameMap {
        'lwc-limepkg-userlike-relay-connect-dialog': ConnectDialog;
    }
}
