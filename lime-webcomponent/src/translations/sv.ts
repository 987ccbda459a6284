import type { TranslationKey } from './en.ts';

/** Swedish strings, shipped for the Lime solution's translations and used by the dev harness. */
export const sv: Record<TranslationKey, string> = {
    'webcomponent-userlike.conversations.title': 'Userlike-konversationer',
    'webcomponent-userlike.conversations.connect': 'Koppla konversation',
    'webcomponent-userlike.conversations.loading': 'Hämtar konversationer…',
    'webcomponent-userlike.conversations.empty':
        'Inga Userlike-konversationer är kopplade till det här objektet ännu.',
    'webcomponent-userlike.conversations.no-object':
        'Öppna ett sparat objekt för att se dess Userlike-konversationer.',
    'webcomponent-userlike.conversations.retry': 'Försök igen',
    'webcomponent-userlike.conversations.error.forbidden':
        'Du har inte behörighet till konversationerna för det här objektet.',
    'webcomponent-userlike.conversations.error.not-found':
        'Objektet, eller dess relation till konversationer, finns inte i Lime.',
    'webcomponent-userlike.conversations.error.server':
        'Lime kunde inte hämta konversationerna (fel {status}). Försök igen om en stund.',
    'webcomponent-userlike.conversations.error.network':
        'Det gick inte att nå Lime. Kontrollera anslutningen och försök igen.',
    'webcomponent-userlike.conversations.error.unknown': 'Konversationerna kunde inte hämtas.',
    'webcomponent-userlike.conversations.item.heading': 'Konversation {id}',
    'webcomponent-userlike.conversations.item.contact': 'Kontakt',
    'webcomponent-userlike.conversations.item.userlike-contact': 'Kontakt-ID {id} i Userlike',
    'webcomponent-userlike.conversations.item.no-contact': 'Okänd',
    'webcomponent-userlike.conversations.item.started': 'Startad',
    'webcomponent-userlike.conversations.item.not-started': 'Inte synkroniserad ännu',
    'webcomponent-userlike.conversations.item.open-in-userlike': 'Öppna i Userlike',
    'webcomponent-userlike.conversations.item.open-in-userlike-label':
        'Öppna konversation {id} i Userlike',
    'webcomponent-userlike.conversations.item.notes': 'Historikanteckningar',
    'webcomponent-userlike.conversations.item.no-notes': 'Inga historikanteckningar ännu.',
    'webcomponent-userlike.conversations.item.notes-error':
        'Historikanteckningarna kunde inte hämtas.',
    'webcomponent-userlike.conversations.item.note': 'Anteckning från {date}',
    'webcomponent-userlike.conversations.item.note-undated': 'Anteckning {id}',
    'webcomponent-userlike.conversations.dialog.heading': 'Koppla en Userlike-konversation',
    'webcomponent-userlike.conversations.dialog.text':
        'Ange konversationens id i Userlike. Inget kopieras nu: konversationen synkroniseras till det här objektet nästa gång den skickas från Userlike.',
    'webcomponent-userlike.conversations.dialog.label': 'Konversations-id i Userlike',
    'webcomponent-userlike.conversations.dialog.helper':
        'Endast siffror, som i konversationens URL.',
    'webcomponent-userlike.conversations.dialog.cancel': 'Avbryt',
    'webcomponent-userlike.conversations.dialog.submit': 'Koppla',
    'webcomponent-userlike.conversations.validation.empty': 'Ange ett konversations-id.',
    'webcomponent-userlike.conversations.validation.not-digits':
        'Ett konversations-id består bara av siffror (0–9), till exempel 5550001.',
    'webcomponent-userlike.conversations.validation.zero': '0 är inte ett konversations-id.',
    'webcomponent-userlike.conversations.validation.too-large':
        'Talet är för stort för att vara ett konversations-id.',
    'webcomponent-userlike.conversations.duplicate.this':
        'Konversation {id} är redan kopplad till det här objektet.',
    'webcomponent-userlike.conversations.duplicate.other':
        'Konversation {id} är redan kopplad till {object}. En konversation kan bara kopplas till ett objekt.',
    'webcomponent-userlike.conversations.duplicate.open': 'Öppna {object}',
    'webcomponent-userlike.conversations.duplicate.unknown-owner':
        'Konversation {id} finns redan i Lime, men är inte kopplad till något objekt som du kan öppna.',
    'webcomponent-userlike.conversations.connect-error.forbidden':
        'Du har inte behörighet att koppla konversationer till det här objektet.',
    'webcomponent-userlike.conversations.connect-error.bad-request':
        'Lime avvisade konversationen: {message}',
    'webcomponent-userlike.conversations.connect-error.server':
        'Lime kunde inte spara konversationen (fel {status}). Inget kopplades; försök igen om en stund.',
    'webcomponent-userlike.conversations.connect-error.network':
        'Det gick inte att nå Lime, så konversationen kanske inte kopplades. Kontrollera listan och försök igen.',
    'webcomponent-userlike.conversations.connect-error.unknown':
        'Konversationen kunde inte kopplas.',
    'webcomponent-userlike.conversations.connected':
        'Konversation {id} är kopplad. Den synkroniseras till det här objektet nästa gång den skickas från Userlike.',
    'webcomponent-userlike.conversations.connected-to':
        'Konversation {id} är kopplad till {object}. Den synkroniseras till det objektet nästa gång den skickas från Userlike.',
    'webcomponent-userlike.conversations.object': '{limetype} {id}',
    'webcomponent-userlike.conversations.object-named': '{limetype} ”{name}”',
};
