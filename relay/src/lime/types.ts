/**
 * Shapes of Lime's REST API as the relay uses them (openapi/lime-crm.yaml is the contract;
 * docs/lime-rest-api.md).
 */

export type PropertyType =
    | 'string'
    | 'text'
    | 'phone'
    | 'link'
    | 'integer'
    | 'decimal'
    | 'percent'
    | 'time'
    | 'date'
    | 'yesno'
    | 'option'
    | 'set'
    | 'file'
    | 'belongsto'
    | 'hasone'
    | 'hasmany'
    | 'hasandbelongstomany'
    | (string & {});

export interface LimeProperty {
    name: string;
    type: PropertyType;
    required?: boolean;
    /** Maximum length of text properties; 0 means unlimited. */
    length?: number | null;
    options?: { key: string; text?: string; inactive?: boolean }[];
    _links?: { related_type?: { name?: string } };
}

export interface Limetype {
    name: string;
    properties: Map<string, LimeProperty>;
}

/** A limeobject as Lime returns it (HAL): property values plus system properties. */
export interface LimeObject {
    _id: number;
    _descriptive?: string;
    [property: string]: unknown;
}

/** Text-like property types: Lime rejects null for them (docs/lime-rest-api.md §3). */
export const TEXT_TYPES: ReadonlySet<string> = new Set(['string', 'text', 'phone', 'link']);

/** The related limetype of a relation property, or undefined. */
export function relatedLimetype(property: LimeProperty): string | undefined {
    return property._links?.related_type?.name;
}
