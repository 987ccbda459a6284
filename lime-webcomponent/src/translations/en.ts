/**
 * The built-in English texts: used only when the web client's translate service gives a key back
 * unchanged (no text in the user's language). The Lime package ships the same texts as
 * `lime-package/limepkg_userlike_relay/translations/en.po`, and a test keeps the two equal.
 * Placeholders are `{name}`.
 */
export const en = {
    'limepkg_userlike_relay.conversations.title': 'Userlike conversations',
    'limepkg_userlike_relay.conversations.connect': 'Connect conversation',
    'limepkg_userlike_relay.conversations.loading': 'Loading conversations…',
    'limepkg_userlike_relay.conversations.empty':
        'No Userlike conversations are connected to this object yet.',
    'limepkg_userlike_relay.conversations.no-object':
        'Open a saved object to see its Userlike conversations.',
    'limepkg_userlike_relay.conversations.retry': 'Try again',
    'limepkg_userlike_relay.conversations.show-more': 'Show more conversations',
    'limepkg_userlike_relay.conversations.loading-more': 'Loading more conversations…',
    'limepkg_userlike_relay.conversations.error.forbidden':
        'You do not have access to the conversations of this object.',
    'limepkg_userlike_relay.conversations.error.not-found':
        'This object, or its relation to conversations, was not found in Lime.',
    'limepkg_userlike_relay.conversations.error.server':
        'Lime could not load the conversations (error {status}). Try again in a moment.',
    'limepkg_userlike_relay.conversations.error.network':
        'Lime could not be reached. Check your connection and try again.',
    'limepkg_userlike_relay.conversations.error.unknown': 'The conversations could not be loaded.',
    'limepkg_userlike_relay.row.heading': 'Conversation {id}',
    'limepkg_userlike_relay.row.open-record': 'Open conversation {id} in Lime',
    'limepkg_userlike_relay.row.open-in-userlike': 'Open conversation {id} in Userlike',
    'limepkg_userlike_relay.row.userlike-contact': 'Userlike contact {id}',
    'limepkg_userlike_relay.row.started': 'Started {time}',
    'limepkg_userlike_relay.row.not-synchronised': 'Not yet sent from Userlike',
    'limepkg_userlike_relay.row.notes': 'History notes of conversation {id}',
    'limepkg_userlike_relay.row.note': 'Note of {date}',
    'limepkg_userlike_relay.row.note-undated': 'Note {id}',
    'limepkg_userlike_relay.row.notes-error': 'The history notes could not be loaded.',
    'limepkg_userlike_relay.dialog.heading': 'Connect a Userlike conversation',
    'limepkg_userlike_relay.dialog.text':
        'Enter the ID of the conversation in Userlike. Nothing is copied now: the conversation is written to {object} the next time it is sent from Userlike.',
    'limepkg_userlike_relay.dialog.label': 'Userlike conversation ID',
    'limepkg_userlike_relay.dialog.helper': 'Digits only, as in the conversation’s URL',
    'limepkg_userlike_relay.dialog.cancel': 'Cancel',
    'limepkg_userlike_relay.dialog.submit': 'Connect',
    'limepkg_userlike_relay.dialog.no-object':
        'This conversation cannot be connected here: the object it would belong to is not known. Open the object and use its Conversations tab.',
    'limepkg_userlike_relay.validation.empty': 'Enter a conversation ID.',
    'limepkg_userlike_relay.validation.not-digits':
        'A conversation ID contains digits only (0–9), like 5550001.',
    'limepkg_userlike_relay.validation.zero': '0 is not a conversation ID.',
    'limepkg_userlike_relay.validation.too-large':
        'That number is too large to be a conversation ID.',
    'limepkg_userlike_relay.duplicate.this':
        'Conversation {id} is already connected to this object.',
    'limepkg_userlike_relay.duplicate.other':
        'Conversation {id} is already connected to {object}. A conversation can be connected to one object only.',
    'limepkg_userlike_relay.duplicate.open': 'Open {object}',
    'limepkg_userlike_relay.duplicate.unknown-owner':
        'Conversation {id} is already registered in Lime, but not connected to an object you can open.',
    'limepkg_userlike_relay.connect-error.forbidden':
        'Lime does not let you create Userlike conversation records, so nothing was connected. Ask your Lime administrator for the right to create them.',
    'limepkg_userlike_relay.connect-error.refused': 'Lime refused the conversation: {message}',
    'limepkg_userlike_relay.connect-error.server':
        'Lime could not save the conversation (error {status}). Nothing was connected; try again in a moment.',
    'limepkg_userlike_relay.connect-error.network':
        'Lime could not be reached, so the conversation may not be connected. Check the list, then try again.',
    'limepkg_userlike_relay.connect-error.unknown': 'The conversation could not be connected.',
    'limepkg_userlike_relay.lime-says': 'Lime says: {message}',
    'limepkg_userlike_relay.connected':
        'Conversation {id} is connected to {object}. It is written there the next time it is sent from Userlike.',
    'limepkg_userlike_relay.object': '{limetype} {id}',
    'limepkg_userlike_relay.object-named': '{limetype} “{name}”',
} as const;

/** Every key the package translates. */
export type TranslationKey = keyof typeof en;
