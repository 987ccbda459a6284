import type { InstanceConfig } from '../config/schema.ts';
import { LimeError } from '../errors.ts';
import { checkObjectValues } from '../mapping/check-object-values.ts';
import type { Limetype } from '../lime/types.ts';
import type { TenantRuntime } from '../tenant-runtime.ts';
import { personRule } from '../sync/person-rules/person-rule.ts';
import { findMismatches, tenantRequirements } from './requirements.ts';

/** One finding of the configuration check: what is wrong, in words an administrator can act on. */
export type Finding = string;

/** What the check found, and whether Lime could be asked at all. */
export interface FitReport {
    /** What does not fit (empty: the set-up is sound, as far as it could be checked). */
    findings: Finding[];
    /**
     * Lime did not answer, failed (5xx) or throttled (429) while it was asked: the check is incomplete
     * and says nothing about the configuration. Undefined when every question got an answer.
     */
    unavailable?: Finding;
}

/**
 * Checks a tenant's configuration against its Lime application before it goes live (`check-config`, README
 * "Running the relay"): the API key is valid, and every limetype, property, relation and option key the
 * configuration names exists (requirements.ts, the same lists a delivery checks before its first write),
 * the configured values fit their properties, and what Lime requires is written. Read-only. Resolves
 * with the problems found; an empty list means the set-up is sound.
 */
export async function checkTenant(runtime: TenantRuntime): Promise<Finding[]> {
    const report = await checkTenantFit(runtime);
    return report.findings;
}

/**
 * checkTenant, telling a Lime that could not be asked apart from a configuration that does not fit. The
 * limetypes are read through `load` (default: straight from Lime; the relay's fit check passes its
 * catalog, so that the check refreshes the cached limetypes).
 */
export async function checkTenantFit(
    runtime: TenantRuntime,
    load: (name: string) => Promise<Limetype> = (name) => runtime.lime.getLimetype(name)
): Promise<FitReport> {
    const { config, lime } = runtime;
    try {
        await lime.ping();
    } catch (error) {
        const unauthorized = error instanceof LimeError && error.limeStatus === 401;
        const finding = describe(
            error,
            unauthorized ? 'Lime API key' : `Lime at ${config.lime.baseUrl}`
        );
        return isUnavailable(error)
            ? { findings: [finding], unavailable: finding }
            : { findings: [finding] };
    }
    const findings: Finding[] = [];
    let unavailable: Finding | undefined;
    const limetypes = new Map<string, Limetype | undefined>();
    const limetype = async (name: string): Promise<Limetype | undefined> => {
        if (!limetypes.has(name)) {
            try {
                limetypes.set(name, await load(name));
            } catch (error) {
                limetypes.set(name, undefined);
                if (error instanceof LimeError && error.limeStatus === 404) return undefined;
                const finding = describe(error, `limetype ${name}`);
                findings.push(finding);
                if (isUnavailable(error)) unavailable ??= finding;
            }
        }
        return limetypes.get(name);
    };

    findings.push(...(await findMismatches(tenantRequirements(config), limetype)));
    const { person } = config;
    const personType = await limetype(person.limetype);
    if (personType) {
        for (const rule of person.rules)
            findings.push(...personRule(rule, person).check(personType));
    }
    if (person.createPerson.enabled) await checkCreatePerson(runtime, limetype, findings);
    for (const instance of config.instances) {
        const objectType = await limetype(instance.limetype);
        if (!objectType) continue;
        for (const problem of checkObjectValues(instance.values, objectType))
            findings.push(`instance "${instance.topic}": ${problem}`);
        checkRequiredProperties(instance, objectType, findings);
    }
    return unavailable ? { findings, unavailable } : { findings };
}

/** Lime did not answer, failed or throttled: asking again later may succeed. */
function isUnavailable(error: unknown): boolean {
    return !(error instanceof LimeError) || error.retryable;
}

/**
 * `person.createPerson`: the placeholder fits the firstname, and every property Lime requires is one the
 * relay writes (the firstname, or a rule's property).
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
    // Missing name properties are found with the other requirements (requirements.ts).
    const firstname = personType.properties.get(settings.firstnameProperty);
    const maxLength = firstname?.length ?? 0;
    if (maxLength > 0 && settings.placeholderFirstname.length > maxLength) {
        findings.push(
            `createPerson: the placeholder firstname is ${settings.placeholderFirstname.length} characters long; ${person.limetype}.${settings.firstnameProperty} holds ${maxLength}`
        );
    }
    const written = new Set([settings.firstnameProperty, settings.lastnameProperty]);
    for (const rule of person.rules) written.add(personRule(rule, person).writtenProperty);
    for (const prop of personType.properties.values()) {
        if (prop.required && !written.has(prop.name))
            findings.push(
                `createPerson: ${person.limetype}.${prop.name} is required in Lime, but the relay does not write it when it creates a person`
            );
    }
}

/** Every property Lime requires on the instance's objects gets a value the relay always writes. */
function checkRequiredProperties(
    instance: InstanceConfig,
    objectType: Limetype,
    findings: Finding[]
): void {
    const where = `instance "${instance.topic}"`;
    const { person, company, coworker } = instance.relations;
    for (const prop of objectType.properties.values()) {
        if (!prop.required || [person, company, coworker].includes(prop.name)) continue;
        const source = instance.values[prop.name];
        if (!source) {
            findings.push(
                `${where}: ${instance.limetype}.${prop.name} is required in Lime but has no configured value`
            );
        } else if ('path' in source && source.default === undefined) {
            // A conversation without that value would be refused by Lime and dead-lettered.
            findings.push(
                `${where}: ${instance.limetype}.${prop.name} is required in Lime, but its value comes from the payload path ${source.path} without a default`
            );
        }
    }
}

function describe(error: unknown, what: string): Finding {
    if (error instanceof LimeError) {
        if (error.limeStatus === 401) return `${what}: Lime rejects the API key (401)`;
        // The check runs once: the delivery's "the relay retries later" does not apply.
        return `${what}: ${error.summary}`;
    }
    return `${what}: ${(error as Error).message}`;
}
