import { ConfigurationError } from '../errors.ts';
import { TEXT_TYPES } from '../lime/types.ts';
import { toPropertyValue } from '../mapping/object-values.ts';
import type { Conversation } from '../conversation/conversation-schema.ts';
import type { PersonMatch } from './person-rules/person-match.ts';
import { personRule } from './person-rules/person-rule.ts';
import { createOnce } from './recover-writes.ts';
import type { SyncContext } from './sync-context.ts';

/**
 * Creates a person for a contact no rule found (`person.createPerson.enabled`). The person gets the
 * contact's name (first word → firstname, the rest → lastname; firstname is required in Lime, so the
 * placeholder stands in when the contact has no name) and, for every person rule, the contact's value in
 * the rule's property (the email, the number in E.164 form, a custom field), so that the next send finds
 * this person instead of creating another. Without any such value nothing is created: a person only a
 * name identifies would be created again on every send. Names are cut to the property's length; an
 * identifying value that does not fit is left out rather than cut.
 *
 * On a retry (`recoverSince`) a person an earlier attempt created with the same values is used again.
 */
export async function createPerson(
    context: SyncContext,
    conversation: Conversation,
    recoverSince: Date | undefined
): Promise<PersonMatch | undefined> {
    const { person } = context.tenant;
    const settings = person.createPerson;
    const limetype = await context.catalog.limetype(person.limetype);

    const identifying: Record<string, unknown> = {};
    for (const rule of person.rules) {
        const { writtenProperty, contactValue } = personRule(rule, person);
        const value = contactValue(conversation);
        if (value !== undefined && !(writtenProperty in identifying))
            setIdentifying(writtenProperty, value);
    }
    if (Object.keys(identifying).length === 0) {
        context.logger.info(
            'No person matched and the contact has no value any person rule could find again; no person is created'
        );
        return undefined;
    }

    const [first, ...rest] = (conversation.contact.name ?? '').trim().split(/\s+/).filter(Boolean);
    const values: Record<string, unknown> = {
        [settings.firstnameProperty]: toPropertyValue(
            first ?? settings.placeholderFirstname,
            settings.firstnameProperty,
            limetype
        ),
    };
    if (rest.length > 0 && limetype.properties.has(settings.lastnameProperty))
        values[settings.lastnameProperty] = toPropertyValue(
            rest.join(' '),
            settings.lastnameProperty,
            limetype
        );
    Object.assign(values, identifying);

    const { id, created } = await createOnce(context, person.limetype, values, recoverSince);
    if (created) context.logger.info({ personId: id }, 'No person matched: created one');
    return { id, companyId: undefined };

    function setIdentifying(property: string, value: string): void {
        const definition = limetype.properties.get(property);
        const max = definition?.length ?? 0;
        if (definition && TEXT_TYPES.has(definition.type) && max > 0 && value.length > max) {
            context.logger.info(
                { property: `${person.limetype}.${property}`, length: value.length, max },
                'A value for the new person is longer than its property; it is left out'
            );
            return;
        }
        try {
            identifying[property] = toPropertyValue(value, property, limetype);
        } catch (error) {
            if (!(error instanceof ConfigurationError)) throw error;
            context.logger.info(
                { property: `${person.limetype}.${property}` },
                'A value for the new person does not fit its property; it is left out'
            );
        }
    }
}
