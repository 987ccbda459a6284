import type { InstanceConfig, TenantConfig } from '../config/schema.ts';
import { checkObjectValues } from '../mapping/check-object-values.ts';
import { relatedLimetype, type Limetype } from '../lime/types.ts';
import { rulePropertiesOf } from '../sync/person-rules/person-rule.ts';
import { conversationRelationOf, historyRelationOf } from '../sync/sync-context.ts';

/**
 * One piece of Lime's data model the relay's configuration relies on: a limetype, one of its properties
 * (of a type; a relation pointing to a limetype), or an active option key of an option property. The
 * configuration check (`check-config`, the start-up fit check) and the check a delivery makes before its
 * first write share these lists, so what is checked at start-up is what a write needs.
 */
export interface Requirement {
    limetype: string;
    property?: string;
    /** The property's type, e.g. `belongsto`, `option`, `file`. */
    type?: string;
    /** For a relation: the limetype it must point to. */
    relatedTo?: string;
    /** An active option key the property must offer; `what` names it in the message, after `where`. */
    option?: { key: string; what: string; where: string };
}

/** Reads a limetype's metadata; undefined when Lime has no such limetype. Other failures reject. */
export type LoadLimetype = (name: string) => Promise<Limetype | undefined>;

/**
 * What writing one conversation with this instance needs: the object's limetype and the relations the
 * instance names, the conversation record's fields and its relation to the object, the note's fields, its
 * type option and its relation to the object, and, when the relay may create persons, the person's name
 * and identifying properties. Relations the relay writes only when the limetype has them (the note's
 * person, company, coworker and conversation record) are not required.
 */
export function sendRequirements(tenant: TenantConfig, instance: InstanceConfig): Requirement[] {
    const { conversation, history, person, coworker } = tenant;
    const requirements: Requirement[] = [{ limetype: instance.limetype }];
    const relate = (property: string | undefined, relatedTo?: string) => {
        if (property)
            requirements.push({
                limetype: instance.limetype,
                property,
                type: 'belongsto',
                relatedTo,
            });
    };
    relate(instance.relations.person, person.limetype);
    relate(instance.relations.company);
    relate(instance.relations.coworker, coworker.limetype);
    for (const field of Object.values(conversation.fields))
        requirements.push({ limetype: conversation.limetype, property: field });
    requirements.push({
        limetype: conversation.limetype,
        property: conversationRelationOf(instance),
        type: 'belongsto',
        relatedTo: instance.limetype,
    });
    requirements.push(
        { limetype: history.limetype, property: history.fields.note },
        { limetype: history.limetype, property: history.fields.date },
        {
            limetype: history.limetype,
            property: history.fields.type,
            type: 'option',
            option: {
                key: instance.historyType,
                what: 'history type',
                where: `instance "${instance.topic}"`,
            },
        },
        {
            limetype: history.limetype,
            property: historyRelationOf(instance),
            type: 'belongsto',
            relatedTo: instance.limetype,
        }
    );
    if (person.createPerson.enabled) {
        const { firstnameProperty, lastnameProperty } = person.createPerson;
        for (const property of [firstnameProperty, lastnameProperty, ...rulePropertiesOf(person)])
            requirements.push({ limetype: person.limetype, property });
    }
    return requirements;
}

/** What importing a media file as a document related to an object of `objectLimetype` needs. */
export function documentRequirements(
    document: TenantConfig['media']['document'],
    documentRelation: string,
    objectLimetype: string
): Requirement[] {
    const { fields } = document;
    return [
        { limetype: document.limetype, property: fields.file, type: 'file' },
        { limetype: document.limetype, property: fields.messageId },
        { limetype: document.limetype, property: fields.comment },
        {
            limetype: document.limetype,
            property: fields.type,
            type: 'option',
            option: { key: document.type, what: 'document type', where: 'media' },
        },
        {
            limetype: document.limetype,
            property: documentRelation,
            type: 'belongsto',
            relatedTo: objectLimetype,
        },
    ];
}

/**
 * Everything a tenant's configuration names: what each instance's sends need, the properties the person
 * rules and the coworker match read, the person's company relation, and the documents of media files.
 */
export function tenantRequirements(tenant: TenantConfig): Requirement[] {
    const { person, coworker, media } = tenant;
    const requirements: Requirement[] = [];
    for (const property of rulePropertiesOf(person))
        requirements.push({ limetype: person.limetype, property });
    requirements.push({
        limetype: person.limetype,
        property: person.companyProperty,
        type: 'belongsto',
    });
    requirements.push({ limetype: coworker.limetype, property: coworker.property });
    for (const instance of tenant.instances)
        requirements.push(...sendRequirements(tenant, instance));
    if (media.enabled) {
        for (const instance of tenant.instances)
            requirements.push(
                ...documentRequirements(
                    media.document,
                    instance.documentRelation ?? instance.limetype,
                    instance.limetype
                )
            );
    }
    return requirements;
}

/**
 * The requirements Lime's data model does not meet, one message each (each missing limetype once), in
 * the order given. Limetypes are read through `load`; a failure other than "no such limetype" rejects.
 */
export async function findMismatches(
    requirements: readonly Requirement[],
    load: LoadLimetype
): Promise<string[]> {
    const limetypes = new Map<string, Limetype | undefined>();
    const problems = new Set<string>();
    for (const requirement of requirements) {
        if (!limetypes.has(requirement.limetype))
            limetypes.set(requirement.limetype, await load(requirement.limetype));
        const problem = mismatchOf(requirement, limetypes.get(requirement.limetype));
        if (problem) problems.add(problem);
    }
    return [...problems];
}

/**
 * The problems a delivery with this instance would meet before its first write: the data model
 * (sendRequirements) and the configured values of the object (fixed values, defaults, option keys).
 */
export async function findSendMismatches(
    tenant: TenantConfig,
    instance: InstanceConfig,
    load: LoadLimetype
): Promise<string[]> {
    const problems = await findMismatches(sendRequirements(tenant, instance), load);
    const objectType = await load(instance.limetype);
    if (objectType) {
        for (const problem of checkObjectValues(instance.values, objectType))
            problems.push(`instance "${instance.topic}": ${problem}`);
    }
    return problems;
}

function mismatchOf(requirement: Requirement, limetype: Limetype | undefined): string | undefined {
    const { property: name, type, relatedTo, option } = requirement;
    if (!limetype) return `limetype ${requirement.limetype} is missing in Lime`;
    if (name === undefined) return undefined;
    const where = `${limetype.name}.${name}`;
    const property = limetype.properties.get(name);
    if (!property) return `${type === 'belongsto' ? 'relation' : 'property'} ${where} is missing`;
    if (type && property.type !== type)
        return `property ${where} is a ${property.type}, expected ${type}`;
    const target = relatedLimetype(property);
    if (relatedTo && target && target !== relatedTo)
        return `relation ${where} points to ${target}, expected ${relatedTo}`;
    if (option) {
        const options = property.options ?? [];
        if (!options.some((candidate) => candidate.key === option.key && !candidate.inactive))
            return `${option.where}: ${option.what} "${option.key}" is not an option key of ${where} (known: ${options
                .filter((candidate) => !candidate.inactive)
                .map((candidate) => candidate.key)
                .join(', ')})`;
    }
    return undefined;
}
