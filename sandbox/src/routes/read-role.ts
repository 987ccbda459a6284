import type { Response } from 'express';
import type { KeyRole } from '../validate-values.ts';

/** The key role the authentication middleware stored on the response. */
export function readRole(response: Response): KeyRole {
    const role: unknown = response.locals.keyRole;
    return role === 'full' || role === 'restricted' ? role : 'none';
}
