import type { InstanceConfig } from '../config/schema.ts';
import { resolveObjectValues } from '../mapping/object-values.ts';
import type { TenantRuntime } from '../tenant-runtime.ts';

/** A payload with nothing personal in it, for the test object. */
const TEST_PAYLOAD = { id: 0, contact: { name: 'Relay configuration check' }, topics: [] };

/** The test object was created but could not be deleted: it is left in Lime. */
export class TestObjectLeftError extends Error {
    readonly id: number;

    constructor(id: number, cause: unknown) {
        super((cause as Error).message, { cause });
        this.name = 'TestObjectLeftError';
        this.id = id;
    }
}

/**
 * Proves that the API user can create (and delete) an object of the instance's limetype with the
 * configured values, as TimelinesAI's test contact does. The object is deleted again at once; when that
 * fails, TestObjectLeftError names it so that the administrator can delete it.
 */
export async function writeTestObject(
    runtime: TenantRuntime,
    instance: InstanceConfig
): Promise<{ id: number }> {
    const limetype = await runtime.lime.getLimetype(instance.limetype);
    const values = resolveObjectValues(instance.values, TEST_PAYLOAD, limetype);
    const created = await runtime.lime.createObject(instance.limetype, values);
    try {
        await runtime.lime.deleteObject(instance.limetype, created._id);
    } catch (error) {
        throw new TestObjectLeftError(created._id, error);
    }
    return { id: created._id };
}
