import type { LimeWebComponentContext } from '../platform/platform.types.ts';

/** The limeobject whose conversations are shown (a helpdesk ticket, a deal). */
export interface TargetObject {
    limetype: string;
    id: number;
}

/**
 * Finds the object the component is about.
 *
 * In a relation tab the context is expected to be `{ limetype: <related limetype>, parent: <card object> }`
 * (docs/assumptions.md W7; verify by logging `context` in the real client). So the object is
 * `context.parent` when it exists and `context.limetype` is the conversation limetype, else `context`
 * itself (a component placed directly on the card). Returns null while there is no saved object.
 */
export function resolveTargetObject(
    context: LimeWebComponentContext | undefined | null,
    conversationLimetype: string
): TargetObject | null {
    if (!context) {
        return null;
    }
    const candidate =
        context.parent && context.limetype === conversationLimetype ? context.parent : context;
    return toTarget(candidate);
}

/** True when both describe the same object (or both none). */
export function isSameTarget(a: TargetObject | null, b: TargetObject | null): boolean {
    return a?.limetype === b?.limetype && a?.id === b?.id;
}

function toTarget(context: LimeWebComponentContext): TargetObject | null {
    const { limetype, id } = context;
    if (typeof limetype !== 'string' || limetype === '') {
        return null;
    }
    if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) {
        return null;
    }
    return { limetype, id };
}
