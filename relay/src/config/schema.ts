import { isIP } from 'node:net';
import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { isAllowedHost } from '../media/allowed-hosts.ts';

/**
 * The relay's configuration file (YAML or JSON), validated at start-up and on every reload. Defaults follow
 * Lime's own package (limepkg-userlike, "Lime Chat"): see docs/lime-rest-api.md §7 and
 * relay/config.example.yaml.
 */

const propertyName = z.string().regex(/^[a-z_][a-z0-9_]*$/i, 'must be a Lime property name');
const limetypeName = z.string().regex(/^[a-z_][a-z0-9_]*$/i, 'must be a Lime limetype name');
/** A dotted path into the Userlike payload, e.g. `contact.email` or `um_widget.name`. */
const payloadPath = z
    .string()
    .regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'must be a dotted payload path');

/**
 * How one property of a created object gets its value: a fixed value, a payload path (with a fallback when
 * the path is empty), or a template whose `{path}` placeholders are payload paths.
 */
export const ValueSourceSchema = z.union(
    [
        z.strictObject({ value: z.union([z.string(), z.number(), z.boolean()]) }),
        z.strictObject({
            path: payloadPath,
            /**
             * Payload value → value written (e.g. `{ web: 'web', whatsapp: 'messaging' }` for an option
             * property). Keys are compared as text, case-insensitively; a value the map does not name gets
             * `default`.
             */
            map: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
            default: z.union([z.string(), z.number(), z.boolean()]).optional(),
        }),
        z.strictObject({ template: z.string().min(1) }),
    ],
    {
        error: 'must be one of { value: <text, number or true/false> }, { path: <payload path>, map?, default? } or { template: <text with {path} placeholders> }',
    }
);

/**
 * Which conversations an instance sends (Chat2Desk's tag modes): `acceptOnly` sends only conversations
 * with one of the topics or tags, `reject` sends none of those. ASSUMPTION: Userlike does not document
 * where tags are in the payload; the relay reads a top-level `tags` array of strings or `{name}` objects
 * (mapping/conversation-filter.ts).
 */
export const SendFilterSchema = z
    .strictObject({
        mode: z.enum(['acceptOnly', 'reject']),
        topics: z.array(z.string().trim().min(1)).default([]),
        tags: z.array(z.string().trim().min(1)).default([]),
    })
    .refine(
        (filter) => filter.topics.length + filter.tags.length > 0,
        'a filter needs at least one topic or tag'
    );
export type SendFilter = z.infer<typeof SendFilterSchema>;
export type ValueSource = z.infer<typeof ValueSourceSchema>;

export const InstanceSchema = z.strictObject({
    /** The Userlike topic that selects this instance (compared case-insensitively). */
    topic: z.string().min(1),
    /** The limetype of the object created for a conversation, e.g. `helpdesk`. */
    limetype: limetypeName,
    /** belongsto properties on the instance's limetype; leave one out to not relate that object. */
    relations: z
        .strictObject({
            person: propertyName.optional(),
            company: propertyName.optional(),
            coworker: propertyName.optional(),
        })
        .default({ person: 'person', company: 'company', coworker: 'coworker' }),
    /**
     * belongsto on the conversation limetype that points to this instance's objects. Default: the
     * instance's limetype name, as Lime Chat's installer creates it (`ulconversation.helpdesk`).
     */
    conversationRelation: propertyName.optional(),
    /** belongsto on the history limetype that points to this instance's objects. Default: the limetype name. */
    historyRelation: propertyName.optional(),
    /** belongsto on the document limetype that points to this instance's objects. Default: the limetype name. */
    documentRelation: propertyName.optional(),
    /** Property values of the created object (defaults and payload mappings). */
    values: z.record(propertyName, ValueSourceSchema).default({}),
    /** The option key written to the history note's `type`. */
    historyType: z.string().min(1).default('comment'),
    /** Whether notifications and system events (status changes, welcome messages) go into the note. */
    includeSystemEvents: z.boolean().default(false),
    /**
     * How a transcript line names who wrote it: `nameAndRole` (`Peter Testman (operator):`, Lime Chat's
     * behaviour), `name` (`Peter Testman:`), `role` (`Operator:`), or `none` (no speaker).
     */
    speakerStyle: z.enum(['nameAndRole', 'name', 'role', 'none']).default('nameAndRole'),
    /**
     * `perSend`: one complete note per send (Lime Chat). `perDay`: one note per calendar day of the
     * conversation (transcript.timeZone), titled `Chat with NAME (DD/MM/YYYY)`, replaced on a re-send.
     */
    noteMode: z.enum(['perSend', 'perDay']).default('perSend'),
    /** Which conversations are sent at all; without a filter every conversation is. */
    filter: SendFilterSchema.optional(),
    /** Send the conversation on Userlike's conversation-ended event (API add-on webhook, `<mountPath>events/`). */
    autoSend: z.boolean().default(false),
});
export type InstanceConfig = z.infer<typeof InstanceSchema>;

/** Matches a payload value against one person property with Lime's `=` (email, a custom field, ...). */
export const EqualsRuleSchema = z.strictObject({
    /** The rule's kind; `equals` when left out. */
    match: z.literal('equals'),
    /** Where the identifying value is in the payload, e.g. `contact.email`. */
    payloadPath,
    /** The person property it is matched against, e.g. `email`. */
    property: propertyName,
});

/**
 * Matches the contact's phone numbers, normalised to E.164, against the person's phone properties (which
 * Lime stores in free form): candidates are queried by their last digits and compared client-side.
 */
export const PhoneRuleSchema = z.strictObject({
    match: z.literal('phone'),
    /** Where the number is; default: both `contact.phone_number` and `contact.mobile_number`. */
    payloadPath: payloadPath.optional(),
    /** The person properties holding numbers. */
    properties: z.array(propertyName).min(1).default(['phone', 'mobilephone']),
});

/** The kinds of person rule, by `match`: `equals` (the default when `match` is left out) and `phone`. */
export const PersonRuleSchema = z.preprocess(
    (rule) =>
        rule !== null && typeof rule === 'object' && !Array.isArray(rule) && !('match' in rule)
            ? { match: 'equals', ...rule }
            : rule,
    z.discriminatedUnion('match', [EqualsRuleSchema, PhoneRuleSchema])
);
export type PersonRule = z.infer<typeof PersonRuleSchema>;

export const LimeSchema = z.strictObject({
    /** Base URL including the application, e.g. https://acme.lime-crm.com/acme (no trailing /api/v1). */
    baseUrl: z.url({ protocol: /^https?$/ }),
    apiKey: z.string().min(1),
    /**
     * The web client URL of an object, returned to Userlike. `{baseUrl}`, `{limetype}` and `{id}` are
     * replaced. The default is the web client's object URL (`<host>/<app>/client/object/<limetype>/<id>`;
     * docs/assumptions.md, W12).
     */
    webClientUrl: z.string().default('{baseUrl}/client/object/{limetype}/{id}'),
    timeoutMs: z.number().int().positive().default(15_000),
    /** How long limetype metadata and the coworker list are cached. */
    cacheTtlMs: z
        .number()
        .int()
        .nonnegative()
        .default(10 * 60_000),
    /**
     * Requests allowed toward this Lime application per window, shared by all work of every relay instance
     * on the same store (Lime Cloud: 3,000 per 5 minutes per IP; docs/lime-rest-api.md §6).
     */
    rateLimit: z
        .strictObject({
            limit: z.number().int().positive().default(3000),
            windowMs: z
                .number()
                .int()
                .positive()
                .default(5 * 60_000),
        })
        .prefault({}),
});

export const UserlikeSchema = z.strictObject({
    /**
     * Userlike JSON API v3 token. When set, a conversation answered with 202 (not written in time) gets a
     * note with the Lime link once it is written. ASSUMPTION (docs/assumptions.md, U6): the token is sent
     * as the raw `Authorization` header value, and `POST notes/` takes `{conversation_id, body}`.
     */
    apiToken: z.string().min(1).optional(),
    apiBaseUrl: z.url().default('https://api.userlike.com/api/um/v3/'),
});

/**
 * Media files of the chat imported as Lime documents (Lime Chat's media import, docs/lime-rest-api.md
 * §7), in the background once the object exists, never twice for one message (`ul_messageid`).
 */
export const MediaSchema = z
    .strictObject({
        enabled: z.boolean().default(false),
        /** Hosts media may be downloaded from: exact names or `*.suffix` (https only). */
        allowedHosts: z
            .array(
                z
                    .string()
                    .regex(
                        /^(\*\.)?[a-z0-9.-]+$/i,
                        'must be a host name, optionally starting with *.'
                    )
            )
            .min(1)
            .default(['www.userlike.com', 'userlike.com', '*.userlike.com']),
        maxBytes: z
            .number()
            .int()
            .positive()
            .default(25 * 1024 * 1024),
        timeoutMs: z.number().int().positive().default(60_000),
        maxRedirects: z.number().int().nonnegative().default(3),
        /**
         * Send the tenant's `userlike.apiToken` as `Authorization` to the media host. ASSUMPTION
         * (docs/assumptions.md, U5): whether media downloads need credentials is unknown.
         */
        sendUserlikeToken: z.boolean().default(false),
        /**
         * FOR A SMOKE TEST BEFORE GO-LIVE (off by default; logged as a warning at start-up while set): media
         * host name → the IP address to connect to instead of what DNS says, even a loopback or private one,
         * e.g. `{ media.smoke.test: 127.0.0.1 }` for a stand-in media server. Every other rule holds: the host
         * must be in `allowedHosts`, https only, its certificate must be valid for the name (trust a stand-in's
         * own CA with NODE_EXTRA_CA_CERTS), and every other host is still checked at connect time.
         */
        resolve: z
            .record(
                z
                    .string()
                    .regex(
                        /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i,
                        'must be a host name (no wildcard)'
                    ),
                z
                    .string()
                    .refine((address) => isIP(address) !== 0, 'must be an IPv4 or IPv6 address')
            )
            .default({}),
        document: z
            .strictObject({
                limetype: limetypeName.default('document'),
                /** The option key written to the document's `type`. */
                type: z.string().min(1).default('other'),
                fields: z
                    .strictObject({
                        file: propertyName.default('document'),
                        type: propertyName.default('type'),
                        comment: propertyName.default('comment'),
                        messageId: propertyName.default('ul_messageid'),
                        person: propertyName.default('person'),
                    })
                    .prefault({}),
            })
            .prefault({}),
    })
    .superRefine((media, context) => {
        for (const host of Object.keys(media.resolve)) {
            if (!isAllowedHost(host, media.allowedHosts))
                context.addIssue({
                    code: 'custom',
                    path: ['resolve', host],
                    message:
                        'is not in media.allowedHosts; add it there too (every other media rule still holds)',
                });
        }
    });

/** A key the relay accepts (a tenant's relay key, an admin key). */
const acceptedKey = z.string().min(16, 'must be at least 16 characters');
const acceptedKeys = z.array(acceptedKey).min(1, 'must list at least one key');

/**
 * Keys may be given as one (`single`) or as a list (`list`), for a rotation without downtime: the old and
 * the new key both work until the old one is removed. Exactly one of the two may be set (neither, too, when
 * the keys are optional).
 */
function checkKeyForms(single: string, list: string, required: boolean) {
    return (value: Record<string, unknown>, context: z.core.$RefinementCtx): void => {
        if (value[single] !== undefined && value[list] !== undefined)
            context.addIssue({
                code: 'custom',
                path: [list],
                message: `set either ${single} (one key) or ${list} (a list of keys), not both`,
            });
        else if (required && value[single] === undefined && value[list] === undefined)
            context.addIssue({
                code: 'custom',
                path: [single],
                message: `is required (or ${list}, a list of keys)`,
            });
    };
}

export const TenantSchema = z
    .strictObject({
        /**
         * The key Userlike's Lime add-on sends in `x-api-key` ("API key" in the add-on's settings). Or
         * `relayApiKeys`: several keys, any of which is accepted (a rotation's old and new key).
         */
        relayApiKey: acceptedKey.optional(),
        relayApiKeys: acceptedKeys.optional(),
        lime: LimeSchema,
        userlike: UserlikeSchema.prefault({}),
        media: MediaSchema.prefault({}),
        instances: z.array(InstanceSchema).min(1),
        /** Default topic per Userlike widget (`um_widget.id` or `um_widget.name` → topic). */
        widgetDefaultTopics: z.record(z.string(), z.string().min(1)).default({}),
        conversation: z
            .strictObject({
                limetype: limetypeName.default('ulconversation'),
                fields: z
                    .strictObject({
                        conversationId: propertyName.default('conversationid'),
                        link: propertyName.default('link'),
                        contactId: propertyName.default('contactid'),
                        startedTime: propertyName.default('startedtime'),
                        contactFirstMessageTime: propertyName.default('contactfirstmessagetime'),
                    })
                    .prefault({}),
                /** Where a conversation opens in Userlike (Lime Chat's `baseUrl`). */
                linkBaseUrl: z.url().default('https://userlike.com/en/umc#/conversation/'),
            })
            .prefault({}),
        history: z
            .strictObject({
                limetype: limetypeName.default('history'),
                fields: z
                    .strictObject({
                        note: propertyName.default('note'),
                        date: propertyName.default('date'),
                        type: propertyName.default('type'),
                        person: propertyName.optional().default('person'),
                        company: propertyName.optional().default('company'),
                        coworker: propertyName.optional().default('coworker'),
                        /**
                         * belongsto from the note to the conversation record. Not part of Lime Chat's model
                         * (an extension the web component uses to list a conversation's notes); written only
                         * when the history limetype has this property.
                         */
                        conversation: propertyName.optional().default('ulconversation'),
                    })
                    .prefault({}),
            })
            .prefault({}),
        person: z
            .strictObject({
                limetype: limetypeName.default('person'),
                /** belongsto from person to company: the company related to the object and note. */
                companyProperty: propertyName.default('company'),
                /** Ordered rules; the first that finds exactly one person wins. */
                rules: z
                    .array(PersonRuleSchema)
                    .default([
                        { match: 'equals', payloadPath: 'contact.email', property: 'email' },
                    ]),
                /**
                 * The region of numbers written without a country code (ISO 3166 code, e.g. `SE`); without it,
                 * only numbers in international form (`+46…`, `0046…`) can be matched.
                 */
                defaultPhoneRegion: z
                    .string()
                    .refine(
                        (code) => isSupportedCountry(code),
                        'must be an ISO 3166 region code such as SE or DE'
                    )
                    .optional(),
                /**
                 * Create the person when no rule finds one (off by default, as in Lime Chat). Only done when no
                 * rule was ambiguous and the contact has a value for at least one rule, so that the next send
                 * finds the person instead of creating another.
                 */
                createPerson: z
                    .strictObject({
                        enabled: z.boolean().default(false),
                        /** Firstname is required in Lime: used when the contact has no name. */
                        placeholderFirstname: z.string().trim().min(1).default('Unknown'),
                        firstnameProperty: propertyName.default('firstname'),
                        lastnameProperty: propertyName.default('lastname'),
                    })
                    .prefault({}),
            })
            .prefault({}),
        coworker: z
            .strictObject({
                limetype: limetypeName.default('coworker'),
                /** Where the operator's email is in the payload. */
                payloadPath: payloadPath.default('operator_assigned_to_email'),
                property: propertyName.default('email'),
            })
            .prefault({}),
        transcript: z
            .strictObject({
                /** IANA time zone for the times in the note. */
                timeZone: z
                    .string()
                    .default('UTC')
                    .refine(
                        isTimeZone,
                        'must be an IANA time zone such as UTC or Europe/Stockholm'
                    ),
            })
            .prefault({}),
    })
    .superRefine(checkKeyForms('relayApiKey', 'relayApiKeys', true))
    // One form for the code: the list of accepted keys.
    .transform(({ relayApiKey, relayApiKeys, ...tenant }) => ({
        ...tenant,
        relayApiKeys: relayApiKeys ?? [relayApiKey as string],
    }));
export type TenantConfig = z.infer<typeof TenantSchema>;

export const ConfigSchema = z.strictObject({
    server: z
        .strictObject({
            /** The path Userlike's Lime add-on posts to; tenants other than `default` get `/t/{tenant}` before it. */
            mountPath: z
                .string()
                .regex(/^\/([A-Za-z0-9_-]+\/)*$/, 'must start and end with "/"')
                .default('/userlike/'),
            /** Largest accepted body; long conversations with many messages are large. */
            bodyLimitBytes: z
                .number()
                .int()
                .positive()
                .default(10 * 1024 * 1024),
        })
        .prefault({}),
    delivery: z
        .strictObject({
            /**
             * The journal: a SQLite file path (the embedded default, one instance), or a `postgres://` URL
             * (several instances; `?schema=name` picks the schema). Put a password in the environment:
             * `store: ${DATABASE_URL}`.
             */
            store: z.string().min(1).default('./data/relay.sqlite'),
            /** Answer 200 with the link when the write is done within this time, else 202 and go on in the background. */
            inlineDeadlineMs: z.number().int().positive().default(8_000),
            /** Deliveries written at once by one relay instance (different conversations). */
            concurrency: z.number().int().positive().default(4),
            /** A delivery whose worker died is taken over after this long. */
            leaseMs: z.number().int().positive().default(60_000),
            retry: z
                .strictObject({
                    maxAttempts: z.number().int().positive().default(15),
                    maxAgeMs: z
                        .number()
                        .int()
                        .positive()
                        .default(3 * 24 * 3_600_000),
                    /** Ceiling of the first retry's delay (full jitter); it doubles per attempt, up to maxMs. */
                    baseMs: z.number().int().positive().default(2_000),
                    maxMs: z
                        .number()
                        .int()
                        .positive()
                        .default(30 * 60_000),
                })
                // The backoff cannot compute a delay from a base above its cap (the worker refuses it).
                .refine((retry) => retry.baseMs <= retry.maxMs, {
                    path: ['baseMs'],
                    message: 'must not be greater than delivery.retry.maxMs',
                })
                .prefault({}),
            /** Stored payloads (and finished deliveries) are deleted after this many days. */
            retentionDays: z.number().positive().default(30),
        })
        .prefault({}),
    admin: z
        .strictObject({
            /** Key for the /admin routes (x-admin-key header); without a key the admin routes are off. */
            apiKey: acceptedKey.optional(),
            /** Several admin keys, any of which is accepted (a rotation's old and new key). */
            apiKeys: acceptedKeys.optional(),
        })
        .superRefine(checkKeyForms('apiKey', 'apiKeys', false))
        // One form for the code: the accepted keys (none: the admin routes are off).
        .transform(({ apiKey, apiKeys }) => ({ apiKeys: apiKeys ?? (apiKey ? [apiKey] : []) }))
        .prefault({}),
    tenants: z
        .record(
            z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and -'),
            TenantSchema
        )
        .refine((tenants) => Object.keys(tenants).length > 0, 'at least one tenant is required'),
});
export type RelayConfig = z.infer<typeof ConfigSchema>;

function isTimeZone(name: string): boolean {
    try {
        new Intl.DateTimeFormat('en', { timeZone: name });
        return true;
    } catch {
        return false;
    }
}

/**
 * Keys whose values are secrets: they must be environment references, never literal values (in a list,
 * each item).
 */
export const SECRET_KEYS = new Set([
    'relayApiKey',
    'relayApiKeys',
    'apiKey',
    'apiKeys',
    'apiToken',
]);
