import axios from 'axios';

/**
 * Posts a note into a Userlike conversation through the JSON API v3 (`POST notes/`), used to hand the
 * operator the Lime link when the relay could not answer with it in time.
 *
 * ASSUMPTION (docs/assumptions.md, U6): the endpoint exists (Userlike documents it) but its body does not;
 * the relay sends `{conversation_id, body}`, and the API token as the raw `Authorization` header value (what
 * public clients do). Verify against a live Userlike account.
 */
export async function postConversationNote(input: {
    apiBaseUrl: string;
    apiToken: string;
    conversationId: number;
    body: string;
    timeoutMs?: number;
}): Promise<void> {
    // A separate axios instance: the Userlike token must never travel with Lime requests, nor the Lime key here.
    const response = await axios.post(
        new URL('notes/', input.apiBaseUrl).toString(),
        { conversation_id: input.conversationId, body: input.body },
        {
            headers: { authorization: input.apiToken, 'content-type': 'application/json' },
            timeout: input.timeoutMs ?? 10_000,
            maxRedirects: 0,
            validateStatus: () => true,
        }
    );
    if (response.status >= 300) {
        throw new Error(
            `Userlike answered ${response.status} to the note for conversation ${input.conversationId}`
        );
    }
}
