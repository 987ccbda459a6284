import { findMismatches, type LoadLimetype, type Requirement } from '../check/requirements.ts';
import { ConfigurationMismatchError, LimeError } from '../errors.ts';
import type { SyncContext } from './sync-context.ts';

/**
 * The limetypes of the tenant's Lime from the catalog (cached, or read afresh with `refresh`): undefined
 * for one Lime does not have.
 */
export function limetypesOf(context: SyncContext, refresh = false): LoadLimetype {
    return async (name) => {
        try {
            return await context.catalog.limetype(name, { refresh });
        } catch (error) {
            if (error instanceof LimeError && error.limeStatus === 404) return undefined;
            throw error;
        }
    };
}

/**
 * Before a delivery's first write: rejects with ConfigurationMismatchError, naming every missing piece,
 * when Lime's data model lacks anything the writes need, so that nothing is written in part (an object
 * created, then its conversation record refused). The cached limetypes are checked first; when they show a
 * problem, the limetypes are read afresh, so a retry right after Lime was fixed goes through.
 */
export async function requireFit(
    context: SyncContext,
    requirements: readonly Requirement[] | ((load: LoadLimetype) => Promise<string[]>)
): Promise<void> {
    const check = (load: LoadLimetype) =>
        typeof requirements === 'function'
            ? requirements(load)
            : findMismatches(requirements, load);
    if ((await check(limetypesOf(context))).length === 0) return;
    const problems = await check(limetypesOf(context, true));
    if (problems.length > 0) throw new ConfigurationMismatchError(problems);
}
