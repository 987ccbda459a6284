import type { Failure } from '../conversations/classify-http-error.ts';
import type { ConversationOwner } from '../conversations/conversation.types.ts';
import type { ConversationIdProblem } from '../conversations/parse-conversation-id.ts';
import type { TargetObject } from '../conversations/resolve-target-object.ts';
import type { Translator } from '../translations/create-translator.ts';

/** The message shown when the list cannot be loaded. */
export function describeLoadFailure(failure: Failure, t: Translator): string {
    switch (failure.kind) {
        case 'forbidden':
            return t('limepkg_userlike_relay.conversations.error.forbidden');
        case 'not-found':
            return t('limepkg_userlike_relay.conversations.error.not-found');
        case 'server':
            return t('limepkg_userlike_relay.conversations.error.server', {
                status: failure.status ?? '',
            });
        case 'network':
            return t('limepkg_userlike_relay.conversations.error.network');
        default:
            return t('limepkg_userlike_relay.conversations.error.unknown');
    }
}

/**
 * What the prompt says when connecting failed: our sentence for the kind of failure, and Lime's own
 * message when Lime gave one (for a refusal, Lime's message is the reason).
 */
export function describeConnectFailure(
    failure: Failure,
    limeMessage: string | undefined,
    t: Translator
): string[] {
    const limeSays = limeMessage
        ? [t('limepkg_userlike_relay.lime-says', { message: limeMessage })]
        : [];
    switch (failure.kind) {
        case 'forbidden':
            return [t('limepkg_userlike_relay.connect-error.forbidden'), ...limeSays];
        case 'bad-request':
        case 'not-found':
            return [
                t('limepkg_userlike_relay.connect-error.refused', {
                    message: limeMessage ?? `HTTP ${failure.status ?? ''}`.trim(),
                }),
            ];
        case 'server':
            return [
                t('limepkg_userlike_relay.connect-error.server', { status: failure.status ?? '' }),
                ...limeSays,
            ];
        case 'network':
            return [t('limepkg_userlike_relay.connect-error.network')];
        default:
            return [t('limepkg_userlike_relay.connect-error.unknown')];
    }
}

/** The inline message for a conversation ID that cannot be used. */
export function describeIdProblem(problem: ConversationIdProblem, t: Translator): string {
    switch (problem) {
        case 'empty':
            return t('limepkg_userlike_relay.validation.empty');
        case 'zero':
            return t('limepkg_userlike_relay.validation.zero');
        case 'too-large':
            return t('limepkg_userlike_relay.validation.too-large');
        default:
            return t('limepkg_userlike_relay.validation.not-digits');
    }
}

/** Names an object for a sentence: `helpdesk “Printer on fire”`, or `helpdesk 1001` without access. */
export function describeOwner(owner: ConversationOwner, t: Translator): string {
    return owner.name
        ? t('limepkg_userlike_relay.object-named', { limetype: owner.limetype, name: owner.name })
        : describeObject(owner, t);
}

/** Names an object by limetype and id: `helpdesk 1001`. */
export function describeObject(object: TargetObject, t: Translator): string {
    return t('limepkg_userlike_relay.object', { limetype: object.limetype, id: object.id });
}

/** Formats an ISO time for people, in the user's language. */
export function formatDateTime(iso: string, locale: string | undefined): string {
    try {
        return new Intl.DateTimeFormat(locale || undefined, {
            dateStyle: 'medium',
            timeStyle: 'short',
        }).format(new Date(iso));
    } catch {
        // An unknown language tag must not break the list.
        return new Date(iso).toISOString().slice(0, 16).replace('T', ' ');
    }
}
