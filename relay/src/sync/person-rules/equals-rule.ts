import type { Conversation } from '../../conversation/conversation-schema.ts';
import type { PersonRule } from '../../config/schema.ts';
import { getPayloadText } from '../../mapping/payload-path.ts';
import type { SyncContext } from '../sync-context.ts';
import { readPersonMatch } from './person-match.ts';
import type { PersonRuleKind, PersonSettings } from './person-rule.ts';

type EqualsRule = Extract<PersonRule, { match: 'equals' }>;

/**
 * `match: equals` (the default): the payload value at `payloadPath` (an email, a custom field) equals the
 * person's `property`, by Lime's `=`.
 */
export function equalsRule(rule: EqualsRule, person: PersonSettings): PersonRuleKind {
    const contactValue = (conversation: Conversation) =>
        getPayloadText(conversation, rule.payloadPath);
    return {
        properties: [rule.property],
        writtenProperty: rule.property,
        contactValue,
        async find(context: SyncContext, conversation: Conversation) {
            const value = contactValue(conversation);
            if (value === undefined) return undefined;
            const matches = await context.lime.query({
                limetype: person.limetype,
                responseFormat: { object: { _id: '', [person.companyProperty]: '' } },
                // Lime's `=` is assumed case-insensitive (docs/assumptions.md, L3); the value is trimmed and
                // lower-cased as well, so the match does not depend on that assumption for addresses
                // stored in lower case.
                filter: { key: rule.property, op: '=', exp: value.toLowerCase() },
                limit: 2,
            });
            return matches.map((match) => readPersonMatch(match, person.companyProperty));
        },
        check: () => [],
    };
}
