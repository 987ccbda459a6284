import type { Logger } from 'pino';
import type { InstanceConfig, TenantConfig } from '../config/schema.ts';
import type { LimeClient } from '../lime/client.ts';
import type { LimeCatalog } from '../lime/lime-catalog.ts';

/** What the sync of one conversation needs: the tenant's configuration and its Lime application. */
export interface SyncContext {
    tenantName: string;
    tenant: TenantConfig;
    lime: LimeClient;
    catalog: LimeCatalog;
    logger: Logger;
    now: () => Date;
    /** Aborted when the delivery's lease is lost: stop writing. */
    signal?: AbortSignal;
}

/** The belongsto on the conversation limetype pointing to the instance's objects. */
export const conversationRelationOf = (instance: InstanceConfig): string =>
    instance.conversationRelation ?? instance.limetype;

/** The belongsto on the history limetype pointing to the instance's objects. */
export const historyRelationOf = (instance: InstanceConfig): string =>
    instance.historyRelation ?? instance.limetype;
