import type { InstanceConfig, TenantConfig } from '../config/schema.ts';
import { ConfigurationError } from '../errors.ts';
import type { Limetype } from '../lime/types.ts';
import type { TranscriptOptions } from '../mapping/transcript.ts';
import type { Identified } from './identify-contact.ts';
import { historyRelationOf, type SyncContext } from './sync-context.ts';

/** The object and conversation record a send's notes belong to. */
export interface NoteTarget {
    id: number;
    recordId: number;
}

/** The transcript options of an instance. */
export function transcriptOptionsOf(
    tenant: TenantConfig,
    instance: InstanceConfig
): TranscriptOptions {
    return {
        timeZone: tenant.transcript.timeZone,
        includeSystemEvents: instance.includeSystemEvents,
        speakerStyle: instance.speakerStyle,
    };
}

/** The note property's length (0: unlimited); a configuration error when the property is missing. */
export function noteLengthOf(context: SyncContext, historyType: Limetype): number {
    const { history } = context.tenant;
    const noteProperty = historyType.properties.get(history.fields.note);
    if (!noteProperty) {
        throw new ConfigurationError(
            `The limetype ${history.limetype} has no property ${history.fields.note} for the transcript.`
        );
    }
    return noteProperty.length ?? 0;
}

/**
 * The values every note of a send shares: its type and its relations to the object, person, company,
 * coworker and conversation record (the optional relations only when the history limetype has them).
 */
export function noteBase(
    context: SyncContext,
    historyType: Limetype,
    instance: InstanceConfig,
    target: NoteTarget,
    identified: Identified
): Record<string, unknown> {
    const { history } = context.tenant;
    const base: Record<string, unknown> = { [history.fields.type]: instance.historyType };
    const relate = (
        property: string | undefined,
        id: number | undefined,
        required: boolean
    ): void => {
        if (!property || id === undefined) return;
        if (historyType.properties.has(property)) base[property] = id;
        else if (required)
            throw new ConfigurationError(
                `The limetype ${history.limetype} has no relation ${property}.`
            );
    };
    relate(historyRelationOf(instance), target.id, true);
    relate(history.fields.person, identified.personId, false);
    relate(history.fields.company, identified.companyId, false);
    relate(history.fields.coworker, identified.coworkerId, false);
    relate(history.fields.conversation, target.recordId, false);
    return base;
}
