import { z } from 'zod';
import type { EraseMatch } from '../delivery/delivery-store.ts';
import { RelayError } from '../errors.ts';

/**
 * The body of `POST /admin/erase`: whose data (one of `conversationId`, `contactId`, `contactEmail`) and in
 * which tenant. Its values are personal data: no error message repeats them.
 */
const EraseRequestSchema = z.strictObject({
    tenant: z.string().min(1).optional(),
    conversationId: z
        .union([z.number().int().positive(), z.string().regex(/^[1-9][0-9]*$/)])
        .optional(),
    contactId: z.union([z.number().int(), z.string().trim().min(1)]).optional(),
    contactEmail: z
        .string()
        .trim()
        .regex(/^[^@\s]+@[^@\s]+$/)
        .optional(),
});

const CRITERIA = ['conversationId', 'contactId', 'contactEmail'] as const;
type Criterion = (typeof CRITERIA)[number];

/** A checked erase request: the tenant it applies to and the match for the store. */
export interface EraseRequest {
    tenant: string;
    /** Which of the criteria was given (for the audit line; never its value). */
    criterion: Criterion;
    match: EraseMatch;
}

const USAGE =
    'Send {"tenant": …, and one of "conversationId" (Userlike conversation id), "contactId" (Userlike contact id) or "contactEmail"}.';

/**
 * Reads an erase request. `tenants` are the configured tenant names; the tenant may be left out when there is
 * only one. A tenant that is not configured is accepted only when `isKnownTenant` says the journal holds
 * deliveries of it (a tenant removed from the configuration keeps its deliveries until they are purged).
 *
 * @throws RelayError 400 naming what is wrong (never a value of the body)
 */
export async function readEraseRequest(
    body: unknown,
    tenants: readonly string[],
    isKnownTenant: (tenant: string) => Promise<boolean>
): Promise<EraseRequest> {
    const parsed = EraseRequestSchema.safeParse(body ?? {});
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.code === 'unrecognized_keys' ? undefined : issue?.path[0];
        throw invalid(
            field === undefined
                ? `The body must be a JSON object with only the fields tenant, ${CRITERIA.join(', ')}. ${USAGE}`
                : `${String(field)} is not valid: ${describeField(String(field))} ${USAGE}`
        );
    }
    const request = parsed.data;
    const given = CRITERIA.filter((criterion) => request[criterion] !== undefined);
    if (given.length !== 1) {
        throw invalid(
            given.length === 0
                ? `Say whose data to erase. ${USAGE}`
                : `Give exactly one of ${CRITERIA.join(', ')} (got ${given.join(', ')}).`
        );
    }
    const criterion = given[0] as Criterion;
    return {
        tenant: await resolveTenant(request.tenant, tenants, isKnownTenant),
        criterion,
        match: { [criterion]: String(request[criterion]) } as EraseMatch,
    };
}

function describeField(field: string): string {
    switch (field) {
        case 'conversationId':
            return 'a Userlike conversation id is a positive whole number.';
        case 'contactId':
            return 'a Userlike contact id is a whole number or a text.';
        case 'contactEmail':
            return 'an email address has one @ and no spaces.';
        default:
            return 'the tenant is a configured tenant name.';
    }
}

async function resolveTenant(
    tenant: string | undefined,
    tenants: readonly string[],
    isKnownTenant: (tenant: string) => Promise<boolean>
): Promise<string> {
    if (tenant === undefined) {
        if (tenants.length === 1) return tenants[0] as string;
        throw invalid(
            `Name the tenant: this relay serves several (${tenants.join(', ')}), and ids are only unique within one.`
        );
    }
    if (tenants.includes(tenant) || (await isKnownTenant(tenant))) return tenant;
    throw invalid(
        `No tenant "${tenant}" is configured or has deliveries in the journal. Configured: ${tenants.join(', ')}.`
    );
}

function invalid(message: string): RelayError {
    return new RelayError(400, 'invalid_body', message);
}
