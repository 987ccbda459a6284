import { pino, type Logger, type DestinationStream } from 'pino';

/**
 * Paths that must never reach a log line: API keys and secrets wherever they appear, and message bodies.
 * The relay does not log payloads at all (docs/privacy.md); this list is the second line of defence.
 */
export const REDACTED_PATHS = [
    'apiKey',
    'apiKeys',
    'relayApiKey',
    'relayApiKeys',
    '*.apiKey',
    '*.apiKeys',
    '*.relayApiKey',
    '*.relayApiKeys',
    'headers["x-api-key"]',
    '*.headers["x-api-key"]',
    'config.headers',
    '*.config.headers',
    'body',
    '*.body',
    'payload',
    '*.payload',
    'email',
    '*.email',
];

/** Creates the relay's JSON logger (pino). Tests pass a destination stream to read what was logged. */
export function createLogger(
    options: { level?: string; destination?: DestinationStream } = {}
): Logger {
    return pino(
        {
            level: options.level ?? process.env.LOG_LEVEL ?? 'info',
            base: { service: 'userlike-lime-relay' },
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            timestamp: pino.stdTimeFunctions.isoTime,
        },
        options.destination
    );
}
