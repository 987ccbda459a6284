/**
 * The stand-in web client's view configuration, as a consultant would set it in Lime Admin → Views: per
 * limetype, the card's `components` (each `{name, props}`, rendered on the details tab with `props` set
 * as properties) and its relation tabs (hasmany properties shown as lists with a create button).
 */

/** A component placed on a card. */
export interface ComponentDescriptor {
    name: string;
    props?: Record<string, unknown>;
}

/** A card's view configuration. */
export interface CardView {
    components: ComponentDescriptor[];
    /** The hasmany properties shown as relation tabs, in order. */
    relations: string[];
}

const CONVERSATIONS: ComponentDescriptor = { name: 'lwc-limepkg-userlike-relay-conversations' };

/** The demo solution's views: helpdesk and deal show Userlike conversations. */
export const CARD_VIEWS: Record<string, CardView> = {
    helpdesk: { components: [CONVERSATIONS], relations: ['ulconversation', 'history', 'document'] },
    deal: { components: [CONVERSATIONS], relations: ['ulconversation', 'history', 'document'] },
};

/** The view of a limetype without one configured: its relation tabs only. */
export function findCardView(limetype: string, hasmany: readonly string[]): CardView {
    return CARD_VIEWS[limetype] ?? { components: [], relations: [...hasmany] };
}
