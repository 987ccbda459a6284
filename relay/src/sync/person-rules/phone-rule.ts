import type { Conversation } from '../../conversation/conversation-schema.ts';
import type { PersonRule } from '../../config/schema.ts';
import type { QueryFilter } from '../../lime/client.ts';
import { TEXT_TYPES, type Limetype } from '../../lime/types.ts';
import { getPayloadText } from '../../mapping/payload-path.ts';
import { normalisePhoneNumber, phonePatterns } from '../../mapping/phone-number.ts';
import type { SyncContext } from '../sync-context.ts';
import { readPersonMatch, type PersonMatch } from './person-match.ts';
import type { PersonRuleKind, PersonSettings } from './person-rule.ts';

type PhoneRule = Extract<PersonRule, { match: 'phone' }>;

/** Where a phone rule without `payloadPath` reads numbers from. */
const CONTACT_PHONE_PATHS = ['contact.phone_number', 'contact.mobile_number'] as const;

/** Candidates fetched per query: enough to find the one whose normalised number is equal. */
const CANDIDATE_LIMIT = 50;

/**
 * `match: phone`: the contact's phone numbers, normalised to E.164 with the tenant's default region, equal
 * a number in one of the person's phone `properties` (which Lime stores as typed). A created person gets
 * the first number, in E.164 form, in the first property.
 */
export function phoneRule(rule: PhoneRule, person: PersonSettings): PersonRuleKind {
    const numbersOf = (conversation: Conversation) =>
        readContactNumbers(conversation, rule, person.defaultPhoneRegion);
    return {
        properties: rule.properties,
        writtenProperty: rule.properties[0] as string,
        contactValue: (conversation) => numbersOf(conversation)[0],
        async find(context, conversation) {
            const numbers = numbersOf(conversation);
            return numbers.length > 0
                ? findPersonsByPhone(context, numbers, rule, person)
                : undefined;
        },
        check(personType: Limetype) {
            const findings: string[] = [];
            for (const name of rule.properties) {
                const property = personType.properties.get(name);
                if (property && !TEXT_TYPES.has(property.type))
                    findings.push(
                        `phone rule: property ${personType.name}.${name} is a ${property.type}, expected a text or phone property`
                    );
            }
            return findings;
        },
    };
}

/** The contact's numbers for a phone rule, normalised to E.164 and without repeats. */
function readContactNumbers(
    conversation: Conversation,
    rule: PhoneRule,
    defaultRegion: string | undefined
): string[] {
    const paths = rule.payloadPath ? [rule.payloadPath] : CONTACT_PHONE_PATHS;
    const numbers = new Set<string>();
    for (const path of paths) {
        const text = getPayloadText(conversation, path);
        const number = text === undefined ? undefined : normalisePhoneNumber(text, defaultRegion);
        if (number) numbers.add(number);
    }
    return [...numbers];
}

/**
 * The persons one of whose phone properties holds one of the numbers. Lime stores numbers as typed
 * ("070-123 45 67"), so candidates are queried with `?` (contains) on the numbers' last seven digits in
 * their common written forms (phonePatterns) and then compared after normalising the stored numbers to
 * E.164 with the tenant's default region.
 */
async function findPersonsByPhone(
    context: SyncContext,
    numbers: readonly string[],
    rule: PhoneRule,
    person: PersonSettings
): Promise<PersonMatch[]> {
    const patterns = new Set(numbers.flatMap(phonePatterns));
    const clauses: QueryFilter[] = [];
    for (const pattern of patterns) {
        for (const property of rule.properties)
            clauses.push({ key: property, op: '?', exp: pattern });
    }
    const candidates = await context.lime.query({
        limetype: person.limetype,
        responseFormat: {
            object: {
                _id: '',
                [person.companyProperty]: '',
                ...Object.fromEntries(rule.properties.map((property) => [property, ''])),
            },
        },
        filter: clauses.length === 1 ? clauses[0] : { op: 'OR', exp: clauses },
        orderBy: [{ _id: 'ASC' }],
        limit: CANDIDATE_LIMIT,
    });
    if (candidates.length === CANDIDATE_LIMIT) {
        context.logger.warn(
            { candidates: candidates.length },
            'Phone rule: the candidate limit was reached; a matching person may have been missed'
        );
    }
    const wanted = new Set(numbers);
    return candidates
        .filter((candidate) =>
            rule.properties.some((property) => {
                const stored = candidate[property];
                return (
                    typeof stored === 'string' &&
                    wanted.has(normalisePhoneNumber(stored, person.defaultPhoneRegion) ?? '\u0000')
                );
            })
        )
        .map((candidate) => readPersonMatch(candidate, person.companyProperty));
}
