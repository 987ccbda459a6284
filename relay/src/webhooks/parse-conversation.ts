import { InvalidPayloadError } from '../errors.ts';
import { ConversationSchema, type Conversation } from './conversation-schema.ts';

/**
 * Validates a parsed JSON body as a Userlike conversation. The error names the field path of each problem
 * (e.g. `transcript[3].sent_at`), never its value: values are personal data.
 */
export function parseConversation(body: unknown): Conversation {
    const result = ConversationSchema.safeParse(body);
    if (result.success) return result.data;
    const problems = result.error.issues.slice(0, 5).map((issue) => {
        const path = issue.path.reduce<string>(
            (text, key) =>
                typeof key === 'number'
                    ? `${text}[${key}]`
                    : text
                      ? `${text}.${String(key)}`
                      : String(key),
            ''
        );
        return `${path || 'body'}: ${issue.message}`;
    });
    const more =
        result.error.issues.length > 5 ? ` (and ${result.error.issues.length - 5} more)` : '';
    throw new InvalidPayloadError(
        `The payload is not a Userlike conversation: ${problems.join('; ')}${more}`
    );
}
