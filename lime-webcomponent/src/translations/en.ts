/**
 * English strings: the fallback whenever the host's translate service has no text for a key.
 * Placeholders are `{name}`; the same tables are loaded by the dev harness's translate service.
 */
export const en = {
    'webcomponent-userlike.conversations.title': 'Userlike conversations',
    'webcomponent-userlike.conversations.connect': 'Connect conversation',
    'webcomponent-userlike.conversations.loading': 'Loading conversations…',
    'webcomponent-userlike.conversations.empty':
        'No Userlike conversations are connected to this object yet.',
    'webcomponent-userlike.conversations.no-object':
        'Open a saved object to see its Userlike conversations.',
    'webcomponent-userlike.conversations.retry': 'Try again',
    'webcomponent-userlike.conversations.error.forbidden':
        'You do not have access to the conversations of this object.',
    'webcomponent-userlike.conversations.error.not-found':
        'This object, or its relation to conversations, was not found in Lime.',
    'webcomponent-userlike.conversations.error.server':
        'Lime could not load the conversations (error {status}). Try again in a moment.',
    'webcomponent-userlike.conversations.error.network':
        'Lime could not be reached. Check your connection and try again.',
    'webcomponent-userlike.conversations.error.unknown': 'The conversations could not be loaded.',
    'webcomponent-userlike.conversations.item.heading': 'Conversation {id}',
    'webcomponent-userlike.conversations.item.contact': 'Contact',
    'webcomponent-userlike.conversations.item.userlike-contact': 'Userlike contact ID {id}',
    'webcomponent-userlike.conversations.item.no-contact': 'Unknown',
    'webcomponent-userlike.conversations.item.started': 'Started',
    'webcomponent-userlike.conversations.item.not-started': 'Not yet synchronised',
    'webcomponent-userlike.conversations.item.open-in-userlike': 'Open in Userlike',
    'webcomponent-userlike.conversations.item.open-in-userlike-label':
        'Open conversation {id} in Userlike',
    'webcomponent-userlike.conversations.item.notes': 'History notes',
    'webcomponent-userlike.conversations.item.no-notes': 'No history notes yet.',
    'webcomponent-userlike.conversations.item.notes-error':
        'The history notes could not be loaded.',
    'webcomponent-userlike.conversations.item.note': 'Note of {date}',
    'webcomponent-userlike.conversations.item.note-undated': 'Note {id}',
    'webcomponent-userlike.conversations.dialog.heading': 'Connect a Userlike conversation',
    'webcomponent-userlike.conversations.dialog.text':
        'Enter the ID of the conversation in Userlike. Nothing is copied now: the conversation is synchronised to this object the next time it is sent from Userlike.',
    'webcomponent-userlike.conversations.dialog.label': 'Userlike conversation ID',
    'webcomponent-userlike.conversations.dialog.helper':
        'Digits only, as in the conversation’s URL.',
    'webcomponent-userlike.conversations.dialog.cancel': 'Cancel',
    'webcomponent-userlike.conversations.dialog.submit': 'Connect',
    'webcomponent-userlike.conversations.validation.empty': 'Enter a conversation ID.',
    'webcomponent-userlike.conversations.validation.not-digits':
        'A conversation ID contains digits only (0–9), like 5550001.',
    'webcomponent-userlike.conversations.validation.zero': '0 is not a conversation ID.',
    'webcomponent-userlike.conversations.validation.too-large':
        'That number is too large to be a conversation ID.',
    'webcomponent-userlike.conversations.duplicate.this':
        'Conversation {id} is already connected to this object.',
    'webcomponent-userlike.conversations.duplicate.other':
        'Conversation {id} is already connected to {object}. A conversation can be connected to one object only.',
    'webcomponent-userlike.conversations.duplicate.open': 'Open {object}',
    'webcomponent-userlike.conversations.duplicate.unknown-owner':
        'Conversation {id} is already registered in Lime, but not connected to an object you can open.',
    'webcomponent-userlike.conversations.connect-error.forbidden':
        'You are not allowed to connect conversations to this object.',
    'webcomponent-userlike.conversations.connect-error.bad-request':
        'Lime refused the conversation: {message}',
    'webcomponent-userlike.conversations.connect-error.server':
        'Lime could not save the conversation (error {status}). Nothing was connected; try again in a moment.',
    'webcomponent-userlike.conversations.connect-error.network':
        'Lime could not be reached, so the conversation may not be connected. Check the list, then try again.',
    'webcomponent-userlike.conversations.connect-error.unknown':
        'The conversation could not be connected.',
    'webcomponent-userlike.conversations.connected':
        'Conversation {id} is connected. It is synchronised to this object the next time it is sent from Userlike.',
    'webcomponent-userlike.conversations.connected-to':
        'Conversation {id} is connected to {object}. It is synchronised to that object the next time it is sent from Userlike.',
    'webcomponent-userlike.conversations.object': '{limetype} {id}',
    'webcomponent-userlike.conversations.object-named': '{limetype} “{name}”',
} as const;

/** Every key the component translates. */
export type TranslationKey = keyof typeof en;
