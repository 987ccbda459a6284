/**
 * Type-level contract checks (compiled by `npm run typecheck`, never run): the relay's own types must accept
 * everything the OpenAPI documents in `openapi/` describe, so a change to a contract that the code does not
 * follow breaks the build (cf. octokit's typescript-validate.ts).
 */
import type { z } from 'zod';
import type { components as Lime } from '../../openapi/generated/lime-crm.ts';
import type { components as Relay } from '../../openapi/generated/relay.ts';
import type { components as Userlike } from '../../openapi/generated/userlike-conversation.ts';
import type { LimeQuery } from './lime/client.ts';
import type { LimeObject, LimeProperty } from './lime/types.ts';
import type { ReloadResult } from './ops/config-reload.ts';
import type { ConversationSchema } from './conversation/conversation-schema.ts';
import type { ErrorReport } from './errors.ts';

type Assert<T extends true> = T;
type Extends<A, B> = [A] extends [B] ? true : false;

/** Every conversation the Userlike contract allows is a valid input to the relay's zod schema. */
export type ConversationAccepted = Assert<
    Extends<Userlike['schemas']['Conversation'], z.input<typeof ConversationSchema>>
>;

/** The relay reads Lime's limetype properties and objects as the Lime contract describes them. */
export type PropertyReadable = Assert<Extends<Lime['schemas']['Property'], LimeProperty>>;
export type ObjectReadable = Assert<Extends<Lime['schemas']['LimeObject'], LimeObject>>;

/** What the relay sends to the query API is a query of the Lime contract. */
export type QuerySendable = Assert<
    Extends<
        LimeQuery,
        Omit<Lime['schemas']['LimeQuery'], 'limit' | 'offset'> & { limit?: number; offset?: number }
    >
>;

/** The relay's answers are the ones its own contract promises. */
export type LinkAnswer = Assert<Extends<{ url: string }, Relay['schemas']['ConversationLink']>>;
export type QueuedAnswer = Assert<
    Extends<{ status: 'queued'; id: string }, Relay['schemas']['DeliveryQueued']>
>;

/** A delivery's last error, as the admin listing shows it, is the contract's LastError. */
export type LastErrorListed = Assert<Extends<ErrorReport, Relay['schemas']['LastError']>>;

/** A reload's answer, as JSON (its dates as ISO text), is the contract's ReloadResult. */
export type ReloadAnswer = Assert<
    Extends<
        Omit<ReloadResult, 'at' | 'version'> & {
            at: string;
            version: { hash: string; loadedAt: string };
        },
        Relay['schemas']['ReloadResult']
    >
>;
