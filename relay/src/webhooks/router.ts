import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Conversation } from '../conversation/conversation-schema.ts';
import { parseConversation } from '../conversation/parse-conversation.ts';
import type { AcceptOutcome, DeliveryAcceptor } from '../delivery/accept-delivery.ts';
import { RelayError, UnauthorizedError } from '../errors.ts';
import { isAuthorized } from '../http/authenticate.ts';
import type { RelayMetrics } from '../ops/metrics.ts';
import { contentHash } from '../sync/content-hash.ts';
import type { TenantRuntime } from '../tenant-runtime.ts';
import { answerOf, eventAnswerOf } from './answer.ts';
import { decideEvent } from './decide-event.ts';
import { bodyText, createJsonBodyReader } from './read-json-body.ts';

/** The tenant served at the bare mount path (`POST /userlike/`). */
export const DEFAULT_TENANT = 'default';

export interface WebhookRouterOptions {
    mountPath: string;
    bodyLimitBytes: number;
    tenants: ReadonlyMap<string, TenantRuntime>;
    /** Journals an authenticated, valid conversation (its JSON body as text) and resolves with its outcome. */
    accept: DeliveryAcceptor;
    metrics: RelayMetrics;
}

/**
 * The inbound edge: `POST <mountPath>` (tenant `default`, the path Userlike's Lime add-on posts to) and
 * `POST /t/{tenant}<mountPath>`. Authentication, then content type, then the body (size limit, JSON,
 * schema) — everything is refused before anything is stored or sent to Lime.
 *
 * Userlike's API add-on events (webhooks) arrive at `POST <mountPath>events/` and
 * `POST /t/{tenant}<mountPath>events/`, authenticated the same way. An ending event for an instance with
 * `autoSend` is accepted as a manual send is (journaled, deduplicated, serialised per
 * conversation); every other event is acknowledged as ignored and nothing is stored. The answer is always
 * 200 once the event is accepted (Userlike's webhooks only need a 200): `{status: "sent", url}`,
 * `{status: "queued", id}`, `{status: "failed", error}` (the delivery is journaled and visible to the
 * administrator) or `{status: "ignored", reason}`.
 */
export function createWebhookRouter(options: WebhookRouterOptions): Router {
    const router = Router();
    const parseJson = createJsonBodyReader(options.bodyLimitBytes);

    const authenticate = (request: Request, response: Response, next: NextFunction): void => {
        const tenantName = request.params.tenant ?? DEFAULT_TENANT;
        const tenant = typeof tenantName === 'string' ? options.tenants.get(tenantName) : undefined;
        if (!isAuthorized(request.get('x-api-key'), tenant?.config.relayApiKeys)) {
            // Drain the body so the connection can be reused, but do not read it.
            request.resume();
            return next(new UnauthorizedError());
        }
        response.locals.tenant = tenant;
        next();
    };
    const requireJson = (request: Request, _response: Response, next: NextFunction): void => {
        if (!request.is(['application/json', '+json'])) {
            request.resume();
            return next(
                new RelayError(
                    415,
                    'unsupported_media_type',
                    'The body must be JSON (Content-Type: application/json).'
                )
            );
        }
        next();
    };
    /** Journals the conversation and logs and counts the answer it gets (as the webhook renders it). */
    const deliver = async (
        request: Request,
        tenant: TenantRuntime,
        conversation: Conversation,
        log: Logger
    ): Promise<AcceptOutcome> => {
        const outcome = await options.accept(
            {
                tenant: tenant.name,
                conversationId: String(conversation.id),
                contentHash: contentHash(conversation, tenant.config),
                payload: bodyText(request),
            },
            log
        );
        const unchanged = outcome.kind === 'written' && outcome.unchanged;
        if (unchanged) options.metrics.deliveries.inc({ outcome: 'duplicate' });
        const { status } = answerOf(outcome);
        options.metrics.answers.inc({ tenant: tenant.name, status: String(status) });
        log.info(
            {
                conversationId: conversation.id,
                deliveryId: outcome.id,
                status,
                ...(unchanged ? { duplicate: true } : {}),
            },
            'Answered'
        );
        return outcome;
    };

    const handle = async (request: Request, response: Response): Promise<void> => {
        const tenant = response.locals.tenant as TenantRuntime;
        const conversation = parseConversation(request.body);
        const log = (request as { log?: Logger }).log as Logger;
        const answer = answerOf(await deliver(request, tenant, conversation, log));
        response.status(answer.status).json(answer.body);
    };

    const handleEvent = async (request: Request, response: Response): Promise<void> => {
        const tenant = response.locals.tenant as TenantRuntime;
        const log = (request as { log?: Logger }).log as Logger;
        const decision = decideEvent(tenant.config, request.body);
        if (decision.action === 'ignore') {
            log.info('Event acknowledged and ignored');
            response.status(200).json({ status: 'ignored', reason: decision.reason });
            return;
        }
        const outcome = await deliver(
            request,
            tenant,
            decision.conversation,
            log.child({ trigger: 'event' })
        );
        const answer = eventAnswerOf(outcome);
        response.status(answer.status).json(answer.body);
    };

    for (const path of [options.mountPath, `/t/:tenant${options.mountPath}`]) {
        router.post(path, authenticate, requireJson, parseJson, handle);
        router.all(path, onlyPost("Userlike's Lime CRM add-on posts conversations here"));
        router.post(`${path}events/`, authenticate, requireJson, parseJson, handleEvent);
        router.all(`${path}events/`, onlyPost("Userlike's API add-on posts its events here"));
    }
    return router;
}

/**
 * Any other method on a webhook path (someone opening the printed URL in a browser): 405 with `Allow: POST`
 * and one line of text saying what the path is for. Nothing is read or stored, and the answer is the same
 * for every tenant name, so it does not tell which tenants exist.
 */
function onlyPost(purpose: string) {
    return (request: Request, response: Response): void => {
        request.resume();
        response
            .status(405)
            .set('Allow', 'POST')
            .type('text/plain')
            .send(
                `This is the relay's webhook: ${purpose} by POST, as JSON with the relay key in x-api-key.\n`
            );
    };
}
