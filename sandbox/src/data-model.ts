/**
 * The sandbox's Lime data model: the demo ("core") limetypes plus Lime Chat's `ulconversation`.
 * Field names, types, lengths and option keys follow the demo database's fixtures
 * (docs/lime-rest-api.md §2 and §7; what they do not show is assumption 17 of
 * openapi/lime-crm.yaml).
 *
 * Two variants (`createDataModel(variant)`):
 * - `extended` (the default): with this product's extension beyond Lime Chat, `history.ulconversation`
 *   (belongsto) and its inverse `ulconversation.history` (hasmany), so notes can be listed per conversation;
 * - `limeChat`: Lime Chat's own model, where notes relate to the object only.
 */

/** Which data model the sandbox serves. */
export type DataModelVariant = 'extended' | 'limeChat';

/** Property types the sandbox knows (Lime's names). */
export type PropertyType =
    | 'string'
    | 'text'
    | 'phone'
    | 'link'
    | 'integer'
    | 'decimal'
    | 'percent'
    | 'yesno'
    | 'time'
    | 'option'
    | 'belongsto'
    | 'hasmany'
    | 'file';

/** One option of an option property. `key` is what clients write; `id` is Lime's numeric id. */
export interface OptionDefinition {
    id: number;
    key: string;
    text: string;
    inactive: boolean;
}

/** One property of a limetype. */
export interface PropertyDefinition {
    name: string;
    localname: string;
    type: PropertyType;
    required: boolean;
    /** Maximum length for text-like types; 0 means unlimited. */
    length: number;
    options?: OptionDefinition[];
    /** For belongsto and hasmany: the limetype on the other side. */
    relatedLimetype?: string;
    /** For hasmany: the belongsto property on the related limetype that points back here. */
    relatedProperty?: string;
}

/** One limetype. */
export interface LimetypeDefinition {
    name: string;
    localname: { singular: string; plural: string };
    /** Properties joined with a space to build `_descriptive` (the first non-empty wins for a single one). */
    descriptive: string[];
    properties: PropertyDefinition[];
}

/** Text-like types: Lime rejects null for these, a cleared value is "". */
export const TEXT_TYPES: ReadonlySet<PropertyType> = new Set(['string', 'text', 'phone', 'link']);

function defineText(
    name: string,
    localname: string,
    type: 'string' | 'text' | 'phone' | 'link',
    length: number,
    required = false
): PropertyDefinition {
    return { name, localname, type, length, required };
}

function defineValue(
    name: string,
    localname: string,
    type: 'integer' | 'decimal' | 'percent' | 'yesno' | 'time' | 'file',
    required = false
): PropertyDefinition {
    return { name, localname, type, length: 0, required };
}

function defineOption(
    name: string,
    localname: string,
    firstId: number,
    options: [key: string, text: string][],
    required = false
): PropertyDefinition {
    return {
        name,
        localname,
        type: 'option',
        length: 0,
        required,
        options: options.map(([key, text], index) => ({
            id: firstId + index,
            key,
            text,
            inactive: false,
        })),
    };
}

function defineBelongsTo(name: string, relatedLimetype: string): PropertyDefinition {
    return {
        name,
        localname: name.charAt(0).toUpperCase() + name.slice(1),
        type: 'belongsto',
        length: 0,
        required: false,
        relatedLimetype,
    };
}

function defineHasMany(
    name: string,
    relatedLimetype: string,
    relatedProperty: string
): PropertyDefinition {
    return {
        name,
        localname: name.charAt(0).toUpperCase() + name.slice(1),
        type: 'hasmany',
        length: 0,
        required: false,
        relatedLimetype,
        relatedProperty,
    };
}

/** Builds the sandbox's limetype definitions (a fresh copy each call). */
export function createDataModel(variant: DataModelVariant = 'extended'): LimetypeDefinition[] {
    const extended = variant === 'extended';
    return [
        {
            name: 'coworker',
            localname: { singular: 'Coworker', plural: 'Coworkers' },
            descriptive: ['name'],
            properties: [
                defineText('firstname', 'First name', 'string', 32, true),
                defineText('lastname', 'Last name', 'string', 50),
                defineText('name', 'Name', 'string', 83),
                defineText('email', 'E-mail', 'link', 100),
                defineText('phone', 'Phone', 'phone', 32),
                defineText('username', 'Username', 'string', 128),
                defineValue('inactive', 'Inactive', 'yesno'),
                defineHasMany('company', 'company', 'coworker'),
                defineHasMany('history', 'history', 'coworker'),
                defineHasMany('helpdesk', 'helpdesk', 'coworker'),
                defineHasMany('deal', 'deal', 'coworker'),
                defineHasMany('document', 'document', 'coworker'),
            ],
        },
        {
            name: 'company',
            localname: { singular: 'Company', plural: 'Companies' },
            descriptive: ['name'],
            properties: [
                defineText('name', 'Name', 'string', 200, true),
                defineText('phone', 'Phone', 'phone', 32),
                defineText('www', 'Website', 'link', 100),
                defineOption('buyingstatus', 'Buying status', 11001, [
                    ['active', 'Active customer'],
                    ['notinterested', 'Not interested'],
                    ['excustomer', 'Ex-customer'],
                    ['prospect', 'Prospect'],
                ]),
                defineBelongsTo('coworker', 'coworker'),
                defineHasMany('person', 'person', 'company'),
                defineHasMany('history', 'history', 'company'),
                defineHasMany('helpdesk', 'helpdesk', 'company'),
                defineHasMany('deal', 'deal', 'company'),
                defineHasMany('document', 'document', 'company'),
            ],
        },
        {
            name: 'person',
            localname: { singular: 'Person', plural: 'Persons' },
            descriptive: ['firstname', 'lastname'],
            properties: [
                defineText('firstname', 'First name', 'string', 32, true),
                defineText('lastname', 'Last name', 'string', 50),
                defineText('name', 'Name', 'string', 83),
                defineText('email', 'E-mail', 'link', 100),
                defineText('phone', 'Direct phone', 'phone', 32),
                defineText('mobilephone', 'Mobile phone', 'phone', 32),
                defineText('position', 'Position', 'string', 32),
                defineBelongsTo('company', 'company'),
                defineValue('inactive', 'Inactive', 'yesno'),
                defineHasMany('history', 'history', 'person'),
                defineHasMany('helpdesk', 'helpdesk', 'person'),
                defineHasMany('deal', 'deal', 'person'),
                defineHasMany('document', 'document', 'person'),
            ],
        },
        {
            name: 'history',
            localname: { singular: 'History', plural: 'History' },
            descriptive: ['note'],
            properties: [
                defineValue('date', 'Date', 'time', true),
                defineOption(
                    'type',
                    'Category',
                    12001,
                    [
                        ['comment', 'Comment'],
                        ['customervisit', 'Customer visit'],
                        ['talkedto', 'Talked to'],
                        ['salescall', 'Sales call'],
                        ['sentemail', 'Sent e-mail'],
                        ['receivedemail', 'Received e-mail'],
                        ['noanswer', 'No answer'],
                    ],
                    true
                ),
                defineText('note', 'Notes', 'text', 4000, true),
                defineBelongsTo('person', 'person'),
                defineBelongsTo('company', 'company'),
                defineBelongsTo('coworker', 'coworker'),
                defineBelongsTo('deal', 'deal'),
                defineBelongsTo('helpdesk', 'helpdesk'),
                defineBelongsTo('document', 'document'),
                // Extension beyond Lime Chat: lets notes be listed per conversation.
                ...(extended ? [defineBelongsTo('ulconversation', 'ulconversation')] : []),
            ],
        },
        {
            name: 'helpdesk',
            localname: { singular: 'Helpdesk', plural: 'Helpdesks' },
            descriptive: ['title'],
            properties: [
                defineText('title', 'Title', 'string', 128, true),
                defineText('description', 'Description', 'text', 0),
                defineValue('startdate', 'Start date', 'time'),
                defineValue('enddate', 'End date', 'time'),
                defineOption('statuscolor', 'Status', 13001, [
                    ['new', 'New'],
                    ['ongoing', 'Ongoing'],
                    ['parked', 'Parked'],
                    ['finished', 'Done'],
                ]),
                defineBelongsTo('person', 'person'),
                defineBelongsTo('company', 'company'),
                defineBelongsTo('coworker', 'coworker'),
                defineHasMany('history', 'history', 'helpdesk'),
                defineHasMany('document', 'document', 'helpdesk'),
                defineHasMany('ulconversation', 'ulconversation', 'helpdesk'),
            ],
        },
        {
            name: 'deal',
            localname: { singular: 'Deal', plural: 'Deals' },
            descriptive: ['name'],
            properties: [
                defineText('name', 'Name', 'string', 128, true),
                defineValue('value', 'Value', 'decimal', true),
                defineValue('probability', 'Probability', 'percent', true),
                defineOption('dealstatus', 'Status', 14001, [
                    ['contact', 'Contact'],
                    ['requirement', 'Requirement'],
                    ['tender', 'Tender'],
                    ['agreement', 'Agreement'],
                    ['rejection', 'Rejection'],
                    ['onhold', 'On hold'],
                ]),
                defineBelongsTo('company', 'company'),
                defineBelongsTo('person', 'person'),
                defineBelongsTo('coworker', 'coworker'),
                defineHasMany('history', 'history', 'deal'),
                defineHasMany('document', 'document', 'deal'),
                defineHasMany('ulconversation', 'ulconversation', 'deal'),
            ],
        },
        {
            name: 'document',
            localname: { singular: 'Document', plural: 'Documents' },
            descriptive: ['comment'],
            properties: [
                defineValue('document', 'Document', 'file'),
                defineOption(
                    'type',
                    'Type',
                    15001,
                    [
                        ['email', 'E-mail'],
                        ['tender', 'Quote'],
                        ['agreement', 'Agreement'],
                        ['other', 'Other'],
                    ],
                    true
                ),
                defineText('comment', 'Description', 'string', 256),
                defineText('ul_messageid', 'Userlike message id', 'string', 256),
                defineBelongsTo('person', 'person'),
                defineBelongsTo('company', 'company'),
                defineBelongsTo('coworker', 'coworker'),
                defineBelongsTo('deal', 'deal'),
                defineBelongsTo('helpdesk', 'helpdesk'),
                defineHasMany('history', 'history', 'document'),
            ],
        },
        {
            name: 'ulconversation',
            localname: { singular: 'Conversation', plural: 'Conversations' },
            descriptive: ['conversationid'],
            properties: [
                defineValue('conversationid', 'Conversation id', 'integer', true),
                defineText('link', 'Link', 'link', 512),
                defineText('contactid', 'Contact id', 'string', 256),
                defineValue('startedtime', 'Started', 'time'),
                defineValue('contactfirstmessagetime', 'Contact first message', 'time'),
                defineBelongsTo('helpdesk', 'helpdesk'),
                defineBelongsTo('deal', 'deal'),
                // Inverse of the history.ulconversation extension.
                ...(extended ? [defineHasMany('history', 'history', 'ulconversation')] : []),
            ],
        },
    ];
}

/** Looks up limetypes and properties by name. */
export class DataModel {
    readonly limetypes: LimetypeDefinition[];
    private readonly byName: Map<string, LimetypeDefinition>;

    constructor(limetypes: LimetypeDefinition[] = createDataModel()) {
        this.limetypes = limetypes;
        this.byName = new Map(limetypes.map((limetype) => [limetype.name, limetype]));
    }

    /** The limetype, or undefined when the model has no such limetype. */
    findLimetype(name: string): LimetypeDefinition | undefined {
        return this.byName.get(name);
    }

    /** The property of a limetype, or undefined. */
    findProperty(limetype: string, property: string): PropertyDefinition | undefined {
        return this.byName
            .get(limetype)
            ?.properties.find((candidate) => candidate.name === property);
    }
}
