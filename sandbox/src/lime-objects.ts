/**
 * Object operations shared by the HTTP routes and the programmatic API: lookup with access checks,
 * create, partial update and delete.
 */
import type { LimetypeDefinition } from './data-model.ts';
import type { LimeObjectRecord } from './object-store.ts';
import { USER_IDS } from './sandbox-context.ts';
import type { SandboxContext } from './sandbox-context.ts';
import { forbidden, notFound } from './sandbox-error.ts';
import { readDefaultValue, validateObjectWrite } from './validate-values.ts';
import type { KeyRole } from './validate-values.ts';

/** The limetype, or a 404 naming it. */
export function requireLimetype(context: SandboxContext, name: string): LimetypeDefinition {
    const limetype = context.model.findLimetype(name);
    if (!limetype) {
        throw notFound(`unknown limetype "${name}"`);
    }
    return limetype;
}

/**
 * Whether a key may read an object (the restricted key may not read restricted objects, nor any object of
 * a restricted limetype).
 */
export function canRead(
    context: SandboxContext,
    role: KeyRole,
    limetype: string,
    id: number
): boolean {
    return (
        role === 'full' ||
        (!context.store.isLimetypeRestricted(limetype) && !context.store.isRestricted(limetype, id))
    );
}

/** 403 when the key may not read objects of the limetype at all (lists, queries, related lists). */
export function requireReadableLimetype(
    context: SandboxContext,
    role: KeyRole,
    limetype: string
): void {
    if (role !== 'full' && context.store.isLimetypeRestricted(limetype)) {
        throw forbidden(`this API key may not read ${limetype} objects`);
    }
}

/** Parses an id path segment; non-integers are simply ids that do not exist (404). */
function parseId(limetype: LimetypeDefinition, idText: string): number {
    const id = /^\d+$/.test(idText) ? Number(idText) : Number.NaN;
    if (!Number.isSafeInteger(id)) {
        throw notFound(`${limetype.name} "${idText}" does not exist (ids are integers)`);
    }
    return id;
}

/** The stored object, or 404 if missing, or 403 if the key may not read it. */
export function requireReadableObject(
    context: SandboxContext,
    role: KeyRole,
    limetype: LimetypeDefinition,
    idText: string
): LimeObjectRecord {
    const id = parseId(limetype, idText);
    const record = context.store.get(limetype.name, id);
    if (!record) {
        throw notFound(`${limetype.name} ${id} does not exist`);
    }
    if (!canRead(context, role, limetype.name, id)) {
        throw forbidden(`this API key may not access ${limetype.name} ${id}`);
    }
    return record;
}

/** Creates an object after strict validation; returns the stored record. */
export function createObject(
    context: SandboxContext,
    role: KeyRole,
    limetype: LimetypeDefinition,
    body: unknown,
    checkRelations = true
): LimeObjectRecord {
    const values = validateObjectWrite(
        { model: context.model, store: context.store, role, checkRelations },
        limetype,
        body,
        'create'
    );
    const now = new Date().toISOString();
    const user = USER_IDS[role];
    const record: LimeObjectRecord = { _id: context.store.allocateId() };
    for (const property of limetype.properties) {
        if (property.type !== 'hasmany') {
            record[property.name] =
                property.name in values ? values[property.name] : readDefaultValue(property);
        }
    }
    Object.assign(record, {
        _createdtime: now,
        _timestamp: now,
        _createduser: user,
        _updateduser: user,
    });
    context.store.put(limetype.name, record);
    return record;
}

/** Applies a partial update (PUT) after strict validation; returns the stored record. */
export function updateObject(
    context: SandboxContext,
    role: KeyRole,
    limetype: LimetypeDefinition,
    idText: string,
    body: unknown
): LimeObjectRecord {
    const existing = requireReadableObject(context, role, limetype, idText);
    const values = validateObjectWrite(
        { model: context.model, store: context.store, role, checkRelations: true },
        limetype,
        body,
        'update'
    );
    const record: LimeObjectRecord = {
        ...existing,
        ...values,
        _timestamp: new Date().toISOString(),
        _updateduser: USER_IDS[role],
    };
    context.store.put(limetype.name, record);
    return record;
}

/** Deletes an object; belongsto values that pointed to it become null. */
export function deleteObject(
    context: SandboxContext,
    role: KeyRole,
    limetype: LimetypeDefinition,
    idText: string
): void {
    const existing = requireReadableObject(context, role, limetype, idText);
    context.store.delete(limetype.name, existing._id);
    for (const other of context.model.limetypes) {
        const pointing = other.properties.filter(
            (property) =>
                property.type === 'belongsto' && property.relatedLimetype === limetype.name
        );
        for (const record of context.store.list(other.name)) {
            const cleared = pointing.filter((property) => record[property.name] === existing._id);
            if (cleared.length > 0) {
                const updated: LimeObjectRecord = { ...record };
                for (const property of cleared) {
                    updated[property.name] = null;
                }
                context.store.put(other.name, updated);
            }
        }
    }
}
