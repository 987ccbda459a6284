/** A person found for the contact, and the company it belongs to. */
export interface PersonMatch {
    id: number;
    companyId: number | undefined;
}

/** Reads a query result row (`_id` and the company relation) as a PersonMatch. */
export function readPersonMatch(
    row: Record<string, unknown>,
    companyProperty: string
): PersonMatch {
    const company = row[companyProperty];
    const companyId =
        typeof company === 'number'
            ? company
            : typeof (company as { _id?: unknown } | null)?._id === 'number'
              ? (company as { _id: number })._id
              : undefined;
    return { id: Number(row._id), companyId };
}
