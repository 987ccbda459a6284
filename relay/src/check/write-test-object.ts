import type { InstanceConfig } from '../config/schema.ts';
import { resolveObjectValues } from '../mapping/object-values.ts';
import type { TenantRuntime } from '../tenant-runtime.ts';

/** A payload with nothing personal in it, for the test object. */
const TEST_PAYLOAD = { id: 0, contact: { name: 'Relay configuration check' }, topics: [] };

/**
 * Proves that the API user can create (and delete) an object of the instance's limetype with the
 * configured values, as TimelinesAI's test contact does. The object is deleted again at once.
 */
export async function writeTestObject(
    runtime: TenantRuntime,
    instance: InstanceConfig
): Promise<{ id: number }> {
    const limetype = await runtime.lime.getLimetype(instance.limetype);
    const values = resolveObjectValues(instance.values, TEST_PAYLOAD, limetype);
    const created = await runtime.lime.createObject(instance.limetype, values);
    await runtime.lime.deleteObject(instance.limetype, created._id);
    return { id: created._id };
}
