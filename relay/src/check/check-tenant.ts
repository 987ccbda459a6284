import type { InstanceConfig } from '../config/schema.ts';
import { LimeError } from '../lime/errors.ts';
import { checkObjectValues } from '../mapping/check-object-values.ts';
import { relatedLimetype, TEXT_TYPES, type Limetype } from '../lime/types.ts';
import { conversationRelationOf, historyRelationOf } from '../sync/sync-context.ts';
import type { TenantRuntime } from '../tenant-runtime.ts';

/** One finding of the configuration check: what is wrong, in words an administrator can act on. */
export type Finding = string;

/**
 * Checks a tenant's configuration against its Lime application before it goes live (product.md "A
 * configuration check"): the API key is valid, and every limetype, property, relation and option key the
 * configuration names exists. Resolves with the problems found; an empty list means the set-up is sound.
 */
export async function checkTenant(runtime: TenantRuntime): Promise<Finding[]> {
    const { config, lime } = runtime;
    try {
        await lime.ping();
    } catch (error) {
        const unauthorized = error instanceof LimeError && error.limeStatus === 401;
        return [describe(error, unauthorized ? 'Lime API key' : `Lime at ${config.lime.baseUrl}`)];
    }
    const findings: Finding[] = [];
    const limetypes = new Map<string, Limetype | undefined>();
    const limetype = async (name: string): Promise<Limetype | undefined> => {
        if (!limetypes.has(name)) {
            try {
                limetypes.set(name, await lime.getLimetype(name));
            } catch (error) {
                limetypes.set(name, undefined);
                findings.push(
                    error instanceof LimeError && error.limeStatus === 404
                        ? `limetype ${name} is missing in Lime`
                        : describe(error, `limetype ${name}`)
                );
            }
        }
        return limetypes.get(name);
    };
    const property = async (
        type: string,
        name: string,
        expected?: string,
        relatedTo?: string
    ): Promise<void> => {
        const found = await limetype(type);
        if (!found) return;
        const prop = found.properties.get(name);
        if (!prop) findings.push(`property ${type}.${name} is missing`);
        else if (expected && prop.type !== expected)
            findings.push(`property ${type}.${name} is a ${prop.type}, expected ${expected}`);
        else if (relatedTo && relatedLimetype(prop) && relatedLimetype(prop) !== relatedTo) {
            findings.push(
                `relation ${type}.${name} points to ${relatedLimetype(prop)}, expected ${relatedTo}`
            );
        }
    };

    const { conversation, history, person, coworker } = config;
    for (const field of Object.values(conversation.fields))
        await property(conversation.limetype, field);
    for (const field of [history.fields.note, history.fields.date])
        await property(history.limetype, field);
    await property(history.limetype, history.fields.type, 'option');
    for (const rule of person.rules) {
        if (rule.match === 'phone') {
            for (const name of rule.properties) await property(person.limetype, name);
            await requireTextProperties(person.limetype, rule.properties, 'phone rule');
        } else await property(person.limetype, rule.property);
    }
    await property(person.limetype, person.companyProperty, 'belongsto');
    if (person.createPerson.enabled) await checkCreatePerson(runtime, limetype, findings);
    await property(coworker.limetype, coworker.property);

    for (const instance of config.instances) {
        await checkInstance(instance, { limetype, property, findings }, runtime);
    }
    if (config.media.enabled) {
        const { document } = config.media;
        const { fields } = document;
        await property(document.limetype, fields.file, 'file');
        await property(document.limetype, fields.messageId);
        await property(document.limetype, fields.comment);
        await property(document.limetype, fields.type, 'option');
        const documentType = await limetype(document.limetype);
        const typeOptions = documentType?.properties.get(fields.type)?.options ?? [];
        if (
            documentType &&
            !typeOptions.some((option) => option.key === document.type && !option.inactive)
        ) {
            findings.push(
                `media: document type "${document.type}" is not an option key of ${document.limetype}.${fields.type} (known: ${typeOptions.map((o) => o.key).join(', ')})`
            );
        }
        for (const instance of config.instances) {
            await property(
                document.limetype,
                instance.documentRelation ?? instance.limetype,
                'belongsto',
                instance.limetype
            );
        }
    }
    return findings;

    async function requireTextProperties(
        type: string,
        names: readonly string[],
        what: string
    ): Promise<void> {
        const found = await limetype(type);
        for (const name of names) {
            const prop = found?.properties.get(name);
            if (prop && !TEXT_TYPES.has(prop.type))
                findings.push(
                    `${what}: property ${type}.${name} is a ${prop.type}, expected a text or phone property`
                );
        }
    }
}

/**
 * `person.createPerson`: the name properties exist, the placeholder fits the firstname, and every property
 * Lime requires is one the relay writes (the firstname, or a rule's property).
 */
async function checkCreatePerson(
    runtime: TenantRuntime,
    limetype: (name: string) => Promise<Limetype | undefined>,
    findings: Finding[]
): Promise<void> {
    const { person } = runtime.config;
    const settings = person.createPerson;
    const personType = await limetype(person.limetype);
    if (!personType) return;
    const firstname = personType.properties.get(settings.firstnameProperty);
    if (!firstname) {
        findings.push(
            `createPerson: property ${person.limetype}.${settings.firstnameProperty} (firstnameProperty) is missing`
        );
    } else if (
        (firstname.length ?? 0) > 0 &&
        settings.placeholderFirstname.length > (firstname.length ?? 0)
    ) {
        findings.push(
            `createPerson: the placeholder firstname is ${settings.placeholderFirstname.length} characters long; ${person.limetype}.${settings.firstnameProperty} holds ${firstname.length}`
        );
    }
    if (!personType.properties.has(settings.lastnameProperty))
        findings.push(
            `createPerson: property ${person.limetype}.${settings.lastnameProperty} (lastnameProperty) is missing`
        );
    const written = new Set([settings.firstnameProperty, settings.lastnameProperty]);
    for (const rule of person.rules) {
        if (rule.match === 'phone') written.add(rule.properties[0] as string);
        else written.add(rule.property);
    }
    for (const prop of personType.properties.values()) {
        if (prop.required && !written.has(prop.name))
            findings.push(
                `createPerson: ${person.limetype}.${prop.name} is required in Lime, but the relay does not write it when it creates a person`
            );
    }
}

async function checkInstance(
    instance: InstanceConfig,
    tools: {
        limetype: (name: string) => Promise<Limetype | undefined>;
        property: (
            type: string,
            name: string,
            expected?: string,
            relatedTo?: string
        ) => Promise<void>;
        findings: Finding[];
    },
    runtime: TenantRuntime
): Promise<void> {
    const { config } = runtime;
    const where = `instance "${instance.topic}"`;
    const objectType = await tools.limetype(instance.limetype);
    if (!objectType) return;
    const { person, company, coworker } = instance.relations;
    if (person)
        await tools.property(instance.limetype, person, 'belongsto', config.person.limetype);
    if (company) await tools.property(instance.limetype, company, 'belongsto');
    if (coworker)
        await tools.property(instance.limetype, coworker, 'belongsto', config.coworker.limetype);
    await tools.property(
        config.conversation.limetype,
        conversationRelationOf(instance),
        'belongsto',
        instance.limetype
    );
    await tools.property(
        config.history.limetype,
        historyRelationOf(instance),
        'belongsto',
        instance.limetype
    );

    const historyType = await tools.limetype(config.history.limetype);
    const typeOptions = historyType?.properties.get(config.history.fields.type)?.options ?? [];
    if (
        historyType &&
        !typeOptions.some((option) => option.key === instance.historyType && !option.inactive)
    ) {
        tools.findings.push(
            `${where}: history type "${instance.historyType}" is not an option key of ${config.history.limetype}.${config.history.fields.type} (known: ${typeOptions.map((o) => o.key).join(', ')})`
        );
    }
    // Configured values (fixed values, defaults, map targets) against the data model; payload values are
    // only known when a conversation arrives.
    for (const problem of checkObjectValues(instance.values, objectType))
        tools.findings.push(`${where}: ${problem}`);
    for (const prop of objectType.properties.values()) {
        if (!prop.required || [person, company, coworker].includes(prop.name)) continue;
        const source = instance.values[prop.name];
        if (!source) {
            tools.findings.push(
                `${where}: ${instance.limetype}.${prop.name} is required in Lime but has no configured value`
            );
        } else if ('path' in source && source.default === undefined) {
            // A conversation without that value would be refused by Lime and dead-lettered.
            tools.findings.push(
                `${where}: ${instance.limetype}.${prop.name} is required in Lime, but its value comes from the payload path ${source.path} without a default`
            );
        }
    }
}

function describe(error: unknown, what: string): Finding {
    if (error instanceof LimeError) {
        if (error.limeStatus === 401) return `${what}: Lime rejects the API key (401)`;
        // The check runs once: the delivery's "the relay retries later" does not apply.
        return `${what}: ${error.message.replace(/; the relay retries later\.$/, '')}`;
    }
    return `${what}: ${(error as Error).message}`;
}
