import type { Conversation } from '../../conversation/conversation-schema.ts';
import type { PersonRule, TenantConfig } from '../../config/schema.ts';
import type { Limetype } from '../../lime/types.ts';
import type { SyncContext } from '../sync-context.ts';
import { equalsRule } from './equals-rule.ts';
import type { PersonMatch } from './person-match.ts';
import { phoneRule } from './phone-rule.ts';

/** The tenant's person settings (`person` in the configuration). */
export type PersonSettings = TenantConfig['person'];

/**
 * One configured person rule, with everything the relay does with a rule of its kind (`match`): finding the
 * contact's person (identify-contact.ts), giving a created person the value that finds them again
 * (create-person.ts), and what the configuration check requires of Lime (check/requirements.ts,
 * check/check-tenant.ts). Each kind is one module: `equals` (an email, a custom field: equals-rule.ts) and
 * `phone` (phone-rule.ts).
 */
export interface PersonRuleKind {
    /** The person properties the rule matches against: each must exist on the person limetype. */
    readonly properties: readonly string[];
    /** The property a created person gets the contact's value in, so that the rule finds them next time. */
    readonly writtenProperty: string;
    /** The contact's value for the rule, as it is written into `writtenProperty`; undefined when none. */
    contactValue(conversation: Conversation): string | undefined;
    /** The persons the rule finds for the contact; undefined when the contact has no value for it. */
    find(context: SyncContext, conversation: Conversation): Promise<PersonMatch[] | undefined>;
    /** What the rule needs of the person limetype beyond its properties' existence, one finding each. */
    check(personType: Limetype): string[];
}

/** The rule with its kind's behaviour. */
export function personRule(rule: PersonRule, person: PersonSettings): PersonRuleKind {
    switch (rule.match) {
        case 'equals':
            return equalsRule(rule, person);
        case 'phone':
            return phoneRule(rule, person);
    }
}

/** Every person property the tenant's rules match against, in rule order. */
export function rulePropertiesOf(person: PersonSettings): string[] {
    return person.rules.flatMap((rule) => personRule(rule, person).properties);
}
