import { request, type IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';

/**
 * The media section's throughput baseline: one file streamed from the media server straight into the
 * sandbox's `POST /api/v1/file/` (node:http on both sides, no relay), i.e. what the pipe itself costs.
 */

async function readText(response: IncomingMessage): Promise<string> {
    let text = '';
    response.setEncoding('utf8');
    for await (const chunk of response) text += chunk as string;
    return text;
}

function get(url: string, signal: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
        request(url, { signal }, resolve).once('error', reject).end();
    });
}

/**
 * Copies `sourceUrl` to the Lime file API at `lime.baseUrl` as `fileName`; resolves with the stored file's
 * id and size as the sandbox reports them, rejects on any answer but 200 / 201.
 */
export async function copyMediaFile(
    sourceUrl: string,
    lime: { baseUrl: string; apiKey: string },
    fileName: string,
    signal: AbortSignal
): Promise<{ id: number; size: number }> {
    const source = await get(sourceUrl, signal);
    if (source.statusCode !== 200) {
        source.resume();
        throw new Error(
            `Plain copy: the media server answered ${source.statusCode} for ${sourceUrl}`
        );
    }
    const upload = request(`${lime.baseUrl}/api/v1/file/`, {
        method: 'POST',
        signal,
        headers: {
            'x-api-key': lime.apiKey,
            'content-type': 'application/octet-stream',
            'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
            ...(source.headers['content-length']
                ? { 'content-length': source.headers['content-length'] }
                : {}),
        },
    });
    const answered = new Promise<IncomingMessage>((resolve, reject) => {
        upload.once('response', resolve);
        upload.once('error', reject);
    });
    const [, response] = await Promise.all([pipeline(source, upload), answered]);
    const text = await readText(response);
    if (response.statusCode !== 201 && response.statusCode !== 200) {
        throw new Error(
            `Plain copy: the sandbox answered ${response.statusCode} to the upload of ${fileName} (${text.slice(0, 200)})`
        );
    }
    const file = JSON.parse(text) as { id: number; size: number };
    return { id: Number(file.id), size: Number(file.size) };
}
