/** Names and URLs the services need; the elements fill them from their properties. */
export interface ConversationSettings {
    /** Limetype of the conversation records (Lime Chat: `ulconversation`). */
    conversationLimetype: string;
    /** Limetype of history notes. */
    historyLimetype: string;
    /** The hasmany property on the object's limetype that lists its conversations. */
    relationName: string;
    /**
     * The belongsto on the conversation limetype that points to the object. Absent or '': the object's
     * limetype, as Lime Chat's installer names it (`ulconversation.helpdesk`).
     */
    conversationRelation?: string;
    /** Prefix of a conversation's URL in Userlike's Message Center. */
    userlikeBaseUrl: string;
    /** Template of a web client object URL, with `{limetype}` and `{id}`. */
    objectUrlTemplate: string;
    /** Path of the Lime application root, ending in `/`. */
    applicationRoot: string;
}

/** A history note written for a conversation, as a link into the web client. */
export interface ConversationNote {
    id: number;
    /** ISO-8601 time of the note, or null when Lime has none. */
    date: string | null;
    url: string;
}

/** The Lime person a conversation is about, as a link into the web client. */
export interface ConversationPerson {
    id: number;
    /** The person's `_descriptive` (their name). */
    name: string;
    url: string;
}

/** What is known of a conversation's history notes. */
export type NotesState =
    /** Being read: the row is shown as soon as the list is known. */
    | { kind: 'loading' }
    /** Read: the notes (possibly none yet). */
    | { kind: 'loaded'; notes: ConversationNote[] }
    /** Lime failed to answer; the row is still shown. */
    | { kind: 'failed' }
    /** The data model relates notes neither to conversations nor to the object: nothing to show. */
    | { kind: 'unavailable' };

/** One row of the list. */
export interface ConversationItem {
    /** `_id` of the conversation record in Lime. */
    recordId: number;
    /** The conversation record in the web client. */
    recordUrl: string;
    /** The Userlike conversation ID. */
    conversationId: number;
    /** The Lime person the conversation's notes are related to, when there is one the user may read. */
    person: ConversationPerson | null;
    /** Userlike's own contact id (`contactid`), '' until synchronised; shown when there is no person. */
    userlikeContactId: string;
    /** ISO-8601 start time, or null until the conversation is sent from Userlike. */
    startedTime: string | null;
    userlikeUrl: string;
    notes: NotesState;
}

/** One page of the list. */
export interface ConversationPage {
    items: ConversationItem[];
    /** Whether older conversations follow (load them with `offset: nextOffset`). */
    hasMore: boolean;
    nextOffset: number;
}

/** The object a conversation is already connected to. */
export interface ConversationOwner {
    limetype: string;
    id: number;
    /** The object's `_descriptive`, when the user may read it. */
    name?: string;
    url: string;
}

/** The outcome of connecting a conversation ID to an object. */
export type ConnectResult =
    | { kind: 'connected'; item: ConversationItem }
    | { kind: 'already-here'; conversationId: number }
    | { kind: 'elsewhere'; conversationId: number; owner: ConversationOwner }
    | { kind: 'registered-without-owner'; conversationId: number };
