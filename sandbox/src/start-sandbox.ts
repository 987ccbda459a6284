/**
 * The strict Lime CRM sandbox: an express 5 server standing in for Lime's REST API in tests and the
 * demo. See openapi/lime-crm.yaml for the contract it implements and its assumptions.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createDataModel, DataModel, type DataModelVariant } from './data-model.ts';
import { SandboxFaults } from './fault-injector.ts';
import type { FaultInjector } from './fault-injector.ts';
import { createObject, requireLimetype } from './lime-objects.ts';
import { ObjectStore } from './object-store.ts';
import type { LimeObjectRecord } from './object-store.ts';
import { SlidingWindowRateLimiter } from './rate-limiter.ts';
import { RequestLog } from './request-log.ts';
import type { RecordedRequest } from './request-log.ts';
import { createApiRouter } from './routes/api-router.ts';
import { createNotFoundHandler } from './routes/handle-errors.ts';
import { createInspectionRouter } from './routes/inspection-routes.ts';
import type { SandboxContext } from './sandbox-context.ts';
import { seedDemoData } from './seed-data.ts';
import type { SeedIds } from './seed-data.ts';
import { SqlitePersistence } from './sqlite-persistence.ts';
import { THIS_PACKAGE, type PackageSource } from './web-client/installed-packages.ts';
import { createWebClientRouter } from './web-client/web-client-router.ts';

export type { FaultInjector, FaultSpec } from './fault-injector.ts';
export type { LimeObjectRecord } from './object-store.ts';
export type { RecordedRequest } from './request-log.ts';
export type { SeedIds } from './seed-data.ts';

/** Options of `startSandbox`; every field has a default. */
export interface SandboxOptions {
    /** Port to listen on; default 0 (ephemeral). */
    port?: number;
    /** Host to listen on; default '127.0.0.1'. */
    host?: string;
    /** Application name, the path prefix; default 'lime' → base URL http://127.0.0.1:PORT/lime. */
    application?: string;
    /** Full-access API key; default 'sandbox-full-key'. */
    apiKey?: string;
    /** Key of a user without access to restricted objects; default 'sandbox-restricted-key'. */
    restrictedApiKey?: string;
    /** Sliding window per key; default 3000 requests per 300000 ms (Lime Cloud's limit). */
    rateLimit?: { limit: number; windowMs: number };
    /** Insert the demo data; default true. */
    seed?: boolean;
    /** Persist to this SQLite file (node:sqlite); state is loaded from it when it is not empty. */
    databasePath?: string;
    /** Upload size limit; default 25 MiB, larger uploads get 413. */
    maxFileBytes?: number;
    /** `extended` (default: with `history.ulconversation`) or `limeChat` (Lime Chat's own model). */
    dataModel?: DataModelVariant;
    /** The Lime packages the stand-in web client has installed; default this repository's package. */
    webClientPackages?: PackageSource[];
    /**
     * Pages of lists and queries hold at most this many objects, silently, whatever the limit asks for:
     * a Lime whose page cap is lower than a client expects. Default: no cap below the maximum limit.
     */
    pageCap?: number;
}

/** A started sandbox. */
export interface RunningSandbox {
    /** 'http://127.0.0.1:PORT/lime': what a relay uses as LIME_BASE_URL. */
    baseUrl: string;
    port: number;
    apiKey: string;
    restrictedApiKey: string;
    /**
     * Ids of the demo objects (null when started with `seed: false`); the same after `reset()`, and
     * read back from the SQLite file when the state was loaded from it.
     */
    seedIds: SeedIds | null;
    /** Stored objects of a limetype (plain values + system fields, option = key), copies. */
    objects(limetype: string): LimeObjectRecord[];
    /** Inserts an object for test set-up; validated strictly except that belongsto targets are not checked. */
    insert(limetype: string, values: Record<string, unknown>): LimeObjectRecord;
    /** The restricted key gets 403 on this object and never sees it in lists, related lists or queries. */
    restrict(limetype: string, id: number): void;
    /**
     * The restricted key may not read the limetype at all: 403 on its lists, objects, related lists and
     * queries (a Lime API user without read access to the limetype). Cleared by `reset()`; not persisted.
     */
    restrictLimetype(limetype: string): void;
    /**
     * Takes a property out of the data model, as an administrator changing Lime would (objects keep their
     * values, unseen); the returned function puts it back where it was.
     */
    removeProperty(limetype: string, property: string): () => void;
    /** The API requests made so far, oldest first. */
    requests(): RecordedRequest[];
    clearRequests(): void;
    faults: FaultInjector;
    /** Back to seed data (or empty), no faults, requests and rate-limit counters cleared. */
    reset(): void;
    close(): Promise<void>;
}

const DEFAULTS = {
    port: 0,
    host: '127.0.0.1',
    application: 'lime',
    apiKey: 'sandbox-full-key',
    restrictedApiKey: 'sandbox-restricted-key',
    rateLimit: { limit: 3000, windowMs: 300_000 },
    seed: true,
    maxFileBytes: 25 * 1024 * 1024,
    dataModel: 'extended' as DataModelVariant,
    webClientPackages: [THIS_PACKAGE],
};

/** Starts a sandbox server and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
    const settings = { ...DEFAULTS, ...options };
    if (settings.apiKey === settings.restrictedApiKey) {
        throw new Error('sandbox: apiKey and restrictedApiKey must differ');
    }
    const context: SandboxContext = {
        model: new DataModel(createDataModel(settings.dataModel)),
        store: new ObjectStore(),
        application: settings.application,
        baseUrl: '',
        maxFileBytes: settings.maxFileBytes,
        pageCap: settings.pageCap,
    };
    const faults = new SandboxFaults();
    const requestLog = new RequestLog();
    const rateLimiter = new SlidingWindowRateLimiter(
        settings.rateLimit.limit,
        settings.rateLimit.windowMs
    );
    const persistence = settings.databasePath
        ? new SqlitePersistence(settings.databasePath)
        : undefined;

    let seedIds: SeedIds | null = null;
    const seed = (): void => {
        seedIds = settings.seed ? seedDemoData(context) : null;
        persistence?.saveSeedIds(seedIds);
    };
    const loadInitialState = (): void => {
        if (persistence && !persistence.isEmpty()) {
            persistence.load(context.store);
            persistence.attach(context.store);
            seedIds = persistence.loadSeedIds() as SeedIds | null;
            return;
        }
        persistence?.attach(context.store);
        seed();
    };
    const reset = (): void => {
        context.store.clear();
        seed();
        faults.clear();
        requestLog.clear();
        rateLimiter.reset();
    };

    const app = express();
    app.disable('x-powered-by');
    // Mount paths (`/<application>/api/v1`) match case-sensitively, like Lime's routing.
    app.enable('case sensitive routing');
    const inspection = createInspectionRouter({ context, faults, requestLog, reset });
    const prefix = `/${settings.application}`;
    app.use('/_sandbox', inspection);
    app.use(`${prefix}/_sandbox`, inspection);
    app.use(
        `${prefix}/api/v1`,
        createApiRouter({
            context,
            keys: { full: settings.apiKey, restricted: settings.restrictedApiKey },
            rateLimiter,
            faults,
            requestLog,
        })
    );
    app.use(
        prefix,
        createWebClientRouter(context, {
            packages: settings.webClientPackages,
            keys: { full: settings.apiKey, restricted: settings.restrictedApiKey },
        })
    );
    app.use(createNotFoundHandler());

    const server = createServer(app);
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(settings.port, settings.host, () => {
            server.off('error', reject);
            resolve();
        });
    });
    const port = (server.address() as AddressInfo).port;
    const hostForUrl = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
    context.baseUrl = `http://${hostForUrl}:${port}${encodeURI(prefix)}`;
    try {
        loadInitialState();
    } catch (error) {
        server.close();
        persistence?.close();
        throw error;
    }

    return {
        baseUrl: context.baseUrl,
        port,
        apiKey: settings.apiKey,
        restrictedApiKey: settings.restrictedApiKey,
        get seedIds() {
            return seedIds;
        },
        objects(limetype) {
            requireLimetype(context, limetype);
            return context.store.list(limetype).map((record) => structuredClone(record));
        },
        insert(limetype, values) {
            const definition = requireLimetype(context, limetype);
            return structuredClone(createObject(context, 'full', definition, values, false));
        },
        restrict(limetype, id) {
            requireLimetype(context, limetype);
            if (!context.store.get(limetype, id)) {
                throw new Error(`sandbox.restrict: ${limetype} ${id} does not exist`);
            }
            context.store.restrict(limetype, id);
        },
        removeProperty(limetype, property) {
            const { properties } = requireLimetype(context, limetype);
            const index = properties.findIndex((candidate) => candidate.name === property);
            if (index < 0)
                throw new Error(`sandbox.removeProperty: ${limetype} has no ${property}`);
            const [removed] = properties.splice(index, 1);
            return () => {
                if (!properties.includes(removed!)) properties.splice(index, 0, removed!);
            };
        },
        restrictLimetype(limetype) {
            context.store.restrictLimetype(requireLimetype(context, limetype).name);
        },
        requests: () => requestLog.list(),
        clearRequests: () => requestLog.clear(),
        faults,
        reset,
        async close() {
            faults.destroyHung();
            server.closeAllConnections();
            await new Promise<void>((resolve, reject) =>
                server.close((error) => (error ? reject(error) : resolve()))
            );
            persistence?.close();
        },
    };
}
