import type { Failure } from '../../conversations/classify-http-error.ts';
import type { ConversationOwner } from '../../conversations/conversation.types.ts';
import type { ConversationIdProblem } from '../../conversations/parse-conversation-id.ts';
import type { Translator } from '../../translations/create-translator.ts';

/** The message shown when the list cannot be loaded. */
export function describeLoadFailure(failure: Failure, t: Translator): string {
    switch (failure.kind) {
        case 'forbidden':
            return t('webcomponent-userlike.conversations.error.forbidden');
        case 'not-found':
            return t('webcomponent-userlike.conversations.error.not-found');
        case 'server':
            return t('webcomponent-userlike.conversations.error.server', {
                status: failure.status ?? '',
            });
        case 'network':
            return t('webcomponent-userlike.conversations.error.network');
        default:
            return t('webcomponent-userlike.conversations.error.unknown');
    }
}

/** The message shown in the dialog when connecting fails. */
export function describeConnectFailure(failure: Failure, t: Translator): string {
    switch (failure.kind) {
        case 'forbidden':
            return t('webcomponent-userlike.conversations.connect-error.forbidden');
        case 'bad-request':
        case 'not-found':
            return t('webcomponent-userlike.conversations.connect-error.bad-request', {
                message: failure.serverMessage ?? `HTTP ${failure.status ?? ''}`.trim(),
            });
        case 'server':
            return t('webcomponent-userlike.conversations.connect-error.server', {
                status: failure.status ?? '',
            });
        case 'network':
            return t('webcomponent-userlike.conversations.connect-error.network');
        default:
            return t('webcomponent-userlike.conversations.connect-error.unknown');
    }
}

/** The inline message for a conversation ID that cannot be used. */
export function describeIdProblem(problem: ConversationIdProblem, t: Translator): string {
    switch (problem) {
        case 'empty':
            return t('webcomponent-userlike.conversations.validation.empty');
        case 'zero':
            return t('webcomponent-userlike.conversations.validation.zero');
        case 'too-large':
            return t('webcomponent-userlike.conversations.validation.too-large');
        default:
            return t('webcomponent-userlike.conversations.validation.not-digits');
    }
}

/** Names an object for a sentence: `helpdesk “Printer on fire”`, or `helpdesk 1001` without access. */
export function describeOwner(owner: ConversationOwner, t: Translator): string {
    return owner.name
        ? t('webcomponent-userlike.conversations.object-named', {
              limetype: owner.limetype,
              name: owner.name,
          })
        : t('webcomponent-userlike.conversations.object', {
              limetype: owner.limetype,
              id: owner.id,
          });
}

/** Formats an ISO time for people, in the page's language when it has one. */
export function formatDateTime(iso: string, locale: string | undefined): string {
    try {
        return new Intl.DateTimeFormat(locale || undefined, {
            dateStyle: 'medium',
            timeStyle: 'short',
        }).format(new Date(iso));
    } catch {
        // An unknown locale tag from the page must not break the list.
        return new Date(iso).toISOString().slice(0, 16).replace('T', ' ');
    }
}
