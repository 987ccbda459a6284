import { getPayloadText } from '../mapping/payload-path.ts';
import type { Conversation } from '../conversation/conversation-schema.ts';
import { createPerson } from './create-person.ts';
import type { PersonMatch } from './person-rules/person-match.ts';
import { personRule } from './person-rules/person-rule.ts';
import type { SyncContext } from './sync-context.ts';
import { LimeError } from '../errors.ts';
import { relatedLimetype } from '../lime/types.ts';

/** The Lime records a conversation's contact and operator were matched to. */
export interface Identified {
    personId?: number;
    companyId?: number;
    coworkerId?: number;
}

/**
 * Matches the contact to a Lime person by the ordered person rules (first rule that finds exactly one
 * person wins: equality rules such as email or a custom field, or phone rules comparing E.164 numbers),
 * creates the person when no rule finds one and `createPerson` is on, takes that person's company, and
 * matches the operator to a coworker by email. What the relay's API user may not read is left out and
 * logged at info level (README, "Object access").
 *
 * @param recoverSince on a retry: when the earlier attempt started, so a person it created is reused
 */
export async function identifyContact(
    context: SyncContext,
    conversation: Conversation,
    recoverSince?: Date
): Promise<Identified> {
    const [person, coworkerId] = await Promise.all([
        findOrCreatePerson(context, conversation, recoverSince),
        findCoworker(context, conversation),
    ]);
    const identified: Identified = {};
    if (person) {
        identified.personId = person.id;
        if (person.companyId !== undefined) {
            const companyLimetype = await companyLimetypeOf(context);
            if (
                companyLimetype &&
                (await context.catalog.isReadable(companyLimetype, person.companyId))
            ) {
                identified.companyId = person.companyId;
            } else {
                context.logger.info(
                    { personId: person.id },
                    "The person's company is not readable by the API user; it is left out"
                );
            }
        }
    }
    if (coworkerId !== undefined) identified.coworkerId = coworkerId;
    return identified;
}

async function findOrCreatePerson(
    context: SyncContext,
    conversation: Conversation,
    recoverSince: Date | undefined
): Promise<PersonMatch | undefined> {
    const { person } = context.tenant;
    let ambiguous = false;
    for (const [index, rule] of person.rules.entries()) {
        let matches;
        try {
            matches = await personRule(rule, person).find(context, conversation);
        } catch (error) {
            if (!(error instanceof LimeError && error.limeStatus === 403)) throw error;
            // Nobody can be found, so a person created now could be a duplicate of one the relay cannot see.
            context.logger.info(
                { limetype: person.limetype },
                'The API user may not read persons; the person and their company are left out'
            );
            return undefined;
        }
        if (matches === undefined) continue;
        if (matches.length === 1) return matches[0];
        ambiguous ||= matches.length > 1;
        context.logger.info(
            { rule: index + 1, matches: matches.length },
            matches.length === 0
                ? 'Person rule found no readable person'
                : 'Person rule is ambiguous; trying the next rule'
        );
    }
    if (!person.createPerson.enabled) return undefined;
    if (ambiguous) {
        // Several persons fit: one of them is probably the contact, so another would be a duplicate.
        context.logger.info('Person rules were ambiguous; no person is created');
        return undefined;
    }
    return createPerson(context, conversation, recoverSince);
}

async function findCoworker(
    context: SyncContext,
    conversation: Conversation
): Promise<number | undefined> {
    const { coworker } = context.tenant;
    const email = getPayloadText(conversation, coworker.payloadPath);
    if (email === undefined) return undefined;
    const id = await context.catalog.coworkerId(email, coworker);
    if (id === 'unreadable') {
        context.logger.info(
            { limetype: coworker.limetype },
            'The API user may not read coworkers; the coworker is left out'
        );
        return undefined;
    }
    if (id === undefined)
        context.logger.info('No readable coworker matches the operator; the coworker is left out');
    return id;
}

async function companyLimetypeOf(context: SyncContext): Promise<string | undefined> {
    const personType = await context.catalog.limetype(context.tenant.person.limetype);
    const companyProperty = personType.properties.get(context.tenant.person.companyProperty);
    return companyProperty ? relatedLimetype(companyProperty) : undefined;
}
