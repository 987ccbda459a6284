import { html, LitElement, nothing, svg, type TemplateResult } from 'lit';
import type { ConversationItem } from '../../conversations/conversation.types.ts';
import { createTranslator, type Translator } from '../../translations/create-translator.ts';
import { formatDateTime } from '../messages.ts';
import { styles } from './conversation-row.styles.ts';

// The row's icons are drawn inline rather than as `limel-icon`s: a page of 50 rows would otherwise start 100
// icon components, each fetching its SVG, which doubled the time to show the page (docs/benchmarks.md §5).

/** A chat bubble: the row is a conversation. */
const CHAT_ICON = svg`<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" d="M2.75 3.75a1 1 0 0 1 1-1h8.5a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H7l-3 2.5v-2.5h-.25a1 1 0 0 1-1-1z"/></svg>`;

/** "Opens elsewhere": a box with an arrow out of its corner. */
const EXTERNAL_LINK_ICON = svg`<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round" d="M9 2.75h4.25V7M13 3L7.5 8.5M11.5 9.5v3.25a.75.75 0 0 1-.75.75h-7.5a.75.75 0 0 1-.75-.75v-7.5a.75.75 0 0 1 .75-.75H6.5"/></svg>`;

/**
 * One conversation in the list, on one or two lines: the conversation (a link to its record in Lime), the
 * Lime person it is about (a link) or else Userlike's contact id, when it started, its history notes (each
 * a link to the note in Lime), and a link that opens it in Userlike. Nothing is shown for what is not known,
 * so a row has no empty boilerplate.
 *
 * Set by the conversations view: `item`, `t` (the view's translator) and `locale` (the user's language).
 */
export class ConversationRow extends LitElement {
    public static override styles = styles;

    public static override properties = {
        item: { attribute: false },
        t: { attribute: false },
        locale: {},
    };

    declare public item: ConversationItem | undefined;
    declare public t: Translator;
    declare public locale: string;

    public constructor() {
        super();
        this.t = createTranslator(undefined);
        this.locale = 'en';
    }

    public override render(): TemplateResult | typeof nothing {
        const item = this.item;
        if (!item) {
            return nothing;
        }
        const t = this.t;
        const id = item.conversationId;
        return html`<div class="row">
            ${CHAT_ICON}
            <div class="body">
                <div class="line">
                    <a
                        class="title"
                        href=${item.recordUrl}
                        target="_top"
                        aria-label=${t('limepkg_userlike_relay.row.open-record', { id })}
                        >${t('limepkg_userlike_relay.row.heading', { id })}</a
                    >
                    ${this.renderContact(item)} ${this.renderStarted(item)}
                </div>
                ${this.renderNotes(item)}
            </div>
            <a
                class="external"
                href=${item.userlikeUrl}
                target="_blank"
                rel="noopener noreferrer"
                aria-label=${t('limepkg_userlike_relay.row.open-in-userlike', { id })}
                title=${t('limepkg_userlike_relay.row.open-in-userlike', { id })}
                >${EXTERNAL_LINK_ICON}</a
            >
        </div>`;
    }

    private renderContact(item: ConversationItem): TemplateResult | typeof nothing {
        if (item.person) {
            return html`<a class="person" href=${item.person.url} target="_top"
                >${item.person.name}</a
            >`;
        }
        if (item.userlikeContactId) {
            return html`<span class="muted"
                >${this.t('limepkg_userlike_relay.row.userlike-contact', {
                    id: item.userlikeContactId,
                })}</span
            >`;
        }
        return nothing;
    }

    private renderStarted(item: ConversationItem): TemplateResult {
        const t = this.t;
        return item.startedTime
            ? html`<span class="muted"
                  >${t('limepkg_userlike_relay.row.started', {
                      time: formatDateTime(item.startedTime, this.locale),
                  })}</span
              >`
            : html`<span class="muted">${t('limepkg_userlike_relay.row.not-synchronised')}</span>`;
    }

    private renderNotes(item: ConversationItem): TemplateResult | typeof nothing {
        const t = this.t;
        const notes = item.notes;
        if (notes.kind === 'failed') {
            return html`<p class="muted notes-error">
                ${t('limepkg_userlike_relay.row.notes-error')}
            </p>`;
        }
        if (notes.kind !== 'loaded' || notes.notes.length === 0) {
            return nothing;
        }
        return html`<ul
            class="notes"
            aria-label=${t('limepkg_userlike_relay.row.notes', { id: item.conversationId })}
        >
            ${notes.notes.map(
                (note) =>
                    html`<li>
                        <a href=${note.url} target="_top"
                            >${
                                note.date
                                    ? t('limepkg_userlike_relay.row.note', {
                                          date: formatDateTime(note.date, this.locale),
                                      })
                                    : t('limepkg_userlike_relay.row.note-undated', { id: note.id })
                            }</a
                        >
                    </li>`
            )}
        </ul>`;
    }
}

declare global {
    interface HTMLElementTagNameMap {
        'lwc-limepkg-userlike-relay-conversation-row': ConversationRow;
    }
}
