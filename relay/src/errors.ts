/**
 * Errors the relay answers with. Each carries the HTTP status and a stable `code`; its message is safe to
 * show to the Userlike operator (no secrets, no message bodies) and says what to do. One express error
 * handler (http/error-handler.ts) maps them to `{"error": {"code", "message"}}`.
 */
export class RelayError extends Error {
    readonly status: number;
    readonly code: string;

    constructor(status: number, code: string, message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.name = new.target.name;
        this.status = status;
        this.code = code;
    }
}

/** 400: the payload is not a conversation we can read. */
export class InvalidPayloadError extends RelayError {
    constructor(message: string) {
        super(400, 'invalid_payload', message);
    }
}

/** 401: unknown tenant or wrong key; deliberately says nothing about which. */
export class UnauthorizedError extends RelayError {
    constructor() {
        super(
            401,
            'unauthorized',
            'Missing or wrong API key: send the relay key in the x-api-key header.'
        );
    }
}

/** 422: the conversation cannot be routed to any configured instance. */
export class NoMatchingInstanceError extends RelayError {
    constructor(message: string) {
        super(422, 'no_matching_instance', message);
    }
}

/** 409: Lime holds several conversation records for one conversation; nothing is written. */
export class ConversationConflictError extends RelayError {
    constructor(message: string) {
        super(409, 'conversation_conflict', message);
    }
}

/** 500: the relay's configuration does not fit the Lime data model (found while sending). */
export class ConfigurationError extends RelayError {
    constructor(message: string) {
        super(500, 'configuration_error', message);
    }
}

/**
 * 410: the delivery's personal data was erased on request (`POST /admin/erase`); it is not written to
 * Lime. Also the last error an erase records on the deliveries it stops.
 */
export class ErasedError extends RelayError {
    constructor(message: string) {
        super(410, 'erased', message);
    }
}

/**
 * 500: a delivery's writes need a limetype, property, relation or option key that Lime does not have. Found
 * before the first write, so nothing was written; the delivery can be retried once the configuration or
 * Lime's data model is fixed.
 */
export class ConfigurationMismatchError extends RelayError {
    readonly problems: readonly string[];

    constructor(problems: readonly string[]) {
        super(
            500,
            'configuration_mismatch',
            `The relay's configuration does not fit Lime, so nothing was written: ${problems.join('; ')}. ` +
                'Fix the configuration or Lime (npm run check-config lists every problem), then retry the delivery.'
        );
        this.problems = problems;
    }
}
