import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { DELIVERY_STATUSES as STATUSES } from '../delivery/delivery-row.ts';
import type { Delivery, DeliveryStatus, DeliveryStore } from '../delivery/delivery-store.ts';
import { describeError, ErasedError, errorAnswer, RelayError } from '../errors.ts';
import type { TenantRuntime } from '../tenant-runtime.ts';
import { isAuthorized } from '../http/authenticate.ts';
import { countParked, type ConfigReloader } from './config-reload.ts';
import { readEraseRequest } from './erase-request.ts';

/** What an erased delivery that was dead, or that the erase stopped, shows (and answers) as its last error. */
const ERASED_ERROR = describeError(
    new ErasedError(
        'The personal data of this delivery was erased on request (POST /admin/erase); it is not written to Lime.'
    )
);

/**
 * Delivery health for the administrator (x-admin-key): list deliveries with status and last error,
 * retry one or all dead-lettered, purge old ones, erase a person's data on request; see and reload the
 * configuration. Payloads (personal data) are never returned.
 */
export function createAdminRouter(options: {
    store: DeliveryStore;
    retentionDays: number;
    /** Called after a redrive so the worker picks the deliveries up at once. */
    wake: () => void;
    /** The tenants in use: an unfinished delivery of any other tenant is parked. */
    tenants: ReadonlyMap<string, TenantRuntime>;
    /** The configuration in use (its `admin.apiKeys` are the keys of these routes) and its reloads. */
    configuration: ConfigReloader;
}): Router {
    const router = Router();
    const { store, tenants, configuration } = options;
    const isParked = (delivery: Delivery) =>
        (delivery.status === 'queued' || delivery.status === 'running') &&
        !tenants.has(delivery.tenant);
    router.use((request: Request, _response: Response, next: NextFunction) => {
        // The keys in use (several during a rotation; none: the routes are off), reloaded with the file.
        const adminKeys = configuration.config().admin.apiKeys;
        if (adminKeys.length === 0)
            return next(
                new RelayError(
                    404,
                    'not_found',
                    'The admin routes are off: set admin.apiKey (or admin.apiKeys) to use them.'
                )
            );
        if (!isAuthorized(request.get('x-admin-key'), adminKeys)) {
            return next(
                new RelayError(
                    401,
                    'unauthorized',
                    'Missing or wrong admin key: send it in the x-admin-key header.'
                )
            );
        }
        next();
    });
    router.get('/deliveries', async (request, response) => {
        const status = request.query.status;
        if (status !== undefined && !STATUSES.includes(status as DeliveryStatus)) {
            throw new RelayError(
                400,
                'invalid_query',
                `status must be one of ${STATUSES.join(', ')}.`
            );
        }
        const deliveries = await store.list({
            status: status as DeliveryStatus | undefined,
            tenant: typeof request.query.tenant === 'string' ? request.query.tenant : undefined,
            limit: boundedInteger(request.query.limit, 100, 1, 1000, 'limit'),
            offset: boundedInteger(request.query.offset, 0, 0, Number.MAX_SAFE_INTEGER, 'offset'),
        });
        response.json({
            deliveries: await Promise.all(
                deliveries.map((delivery) => summarise(store, delivery, isParked))
            ),
            counts: await store.counts(),
        });
    });
    router.get('/deliveries/:id', async (request, response) => {
        const delivery = await store.get(request.params.id as string);
        if (!delivery) throw new RelayError(404, 'not_found', `No delivery ${request.params.id}.`);
        response.json(await summarise(store, delivery, isParked));
    });
    router.post('/deliveries/:id/retry', async (request, response) => {
        const redriven = await store.redrive({ id: request.params.id as string });
        if (redriven === 0) {
            const delivery = await store.get(request.params.id as string);
            if (delivery?.erasedAt)
                throw new RelayError(
                    409,
                    'erased',
                    `Delivery ${request.params.id} was erased on request: there is nothing left to retry.`
                );
            throw new RelayError(
                409,
                'not_dead',
                delivery?.status === 'refused'
                    ? `Delivery ${request.params.id} was refused (its lastError says why), not dead-lettered: refusals are not retried. Send the conversation again once the configuration takes it.`
                    : `Delivery ${request.params.id} is not dead-lettered (or does not exist).`
            );
        }
        options.wake();
        response.json({ redriven });
    });
    router.post('/deliveries/retry-dead', async (_request, response) => {
        const redriven = await store.redrive({ allDead: true });
        options.wake();
        response.json({ redriven });
    });
    router.post('/purge', express.json({ limit: '1kb' }), async (request, response) => {
        const days = request.body?.olderThanDays ?? options.retentionDays;
        if (typeof days !== 'number' || !(days >= 0))
            throw new RelayError(
                400,
                'invalid_body',
                'olderThanDays must be a number of days, 0 or more.'
            );
        const olderThan = new Date(Date.now() - days * 86_400_000);
        response.json({
            purged: (await store.purge({ olderThan })).deliveries,
            olderThan: olderThan.toISOString(),
        });
    });
    router.get('/config', async (_request, response) => {
        response.json({
            version: configuration.version(),
            tenants: [...tenants.keys()],
            reloadable: configuration.reloadable,
            lastReload: configuration.lastReload(),
            parked: await countParked(store, tenants),
        });
    });
    router.post('/config/reload', async (_request, response) => {
        if (!configuration.reloadable)
            throw new RelayError(
                409,
                'reload_unavailable',
                'This relay was given its configuration in code, not read from a file: there is nothing to reload.'
            );
        const result = await configuration.reload('admin');
        if (result.outcome !== 'refused') {
            response.json(result);
            return;
        }
        const { hash, loadedAt } = result.version;
        const refused = new RelayError(
            422,
            'configuration_refused',
            `The configuration was not reloaded (${result.problems.length} problem(s)); the one in use stays (version ${hash.slice(0, 12)}, loaded ${loadedAt.toISOString()}).`
        );
        // Answered here, not thrown: the reloader has logged the refusal, problem by problem.
        const answer = errorAnswer(describeError(refused), { problems: result.problems });
        response.status(answer.status).json(answer.body);
    });
    router.post('/erase', express.json({ limit: '4kb' }), async (request, response) => {
        const erase = await readEraseRequest(request.body, [...tenants.keys()], async (tenant) => {
            return (await store.list({ tenant, limit: 1 })).length > 0;
        });
        const erased = await store.erase({
            tenant: erase.tenant,
            match: erase.match,
            lastError: ERASED_ERROR,
        });
        // The audit line: who was erased is personal data, so it names the kind of match, not its value
        // (the request id, in the x-request-id answer header, ties it to the request).
        const log = (request as { log?: Logger }).log;
        log?.info(
            { audit: 'erase', tenant: erase.tenant, by: erase.criterion, ...erased },
            'Erased personal data from the journal on request'
        );
        response.json({ tenant: erase.tenant, erased });
    });
    return router;
}

/**
 * What the admin listing shows of a delivery: everything but the payload and checkpoint. An unfinished
 * delivery of a tenant that is not configured shows `parked: true` (it waits until the tenant is back). A
 * conversation delivery that queued media jobs also shows how they fared; `outcome: "partial"` when one
 * failed for good (the conversation is in Lime, a file is not).
 */
async function summarise(
    store: DeliveryStore,
    delivery: Delivery,
    isParked: (delivery: Delivery) => boolean
): Promise<Record<string, unknown>> {
    const { payload: _payload, checkpoint: _checkpoint, ...fields } = delivery;
    const rest = isParked(delivery) ? { ...fields, parked: true } : fields;
    const mediaJobs = (delivery.result as { mediaJobs?: number } | null)?.mediaJobs;
    if (delivery.kind !== 'conversation' || !mediaJobs) return rest;
    const jobs = await store.list({ parentId: delivery.id, limit: 1000 });
    const media = Object.fromEntries(
        STATUSES.map((status) => [status, jobs.filter((job) => job.status === status).length])
    );
    const outcome = media.dead
        ? 'partial'
        : media.queued || media.running
          ? 'media pending'
          : 'complete';
    return { ...rest, media, outcome };
}

function boundedInteger(
    value: unknown,
    fallback: number,
    min: number,
    max: number,
    name: string
): number {
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) {
        throw new RelayError(
            400,
            'invalid_query',
            `${name} must be a whole number from ${min} to ${max}.`
        );
    }
    return number;
}
