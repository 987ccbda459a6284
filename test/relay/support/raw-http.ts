import { connect } from 'node:net';

/** An HTTP/1.1 answer as it came over the socket (undefined status: the connection closed unanswered). */
export interface RawAnswer {
    status: number | undefined;
    headers: Record<string, string>;
    body: string;
}

/**
 * Sends one request as raw bytes, so that a test can send what `fetch` refuses to: a Content-Length that
 * does not match the body, a cut-off chunked body, a body whose Content-Encoding lies. Writes the head and
 * the body and reads until the server closes (the request asks it to). With `giveUp`, the client then
 * closes its side at once, as an uploader that stops sending does: a server waiting for the rest of the
 * body can only answer then. Only the first answer is returned; its body is read as text.
 */
export async function sendRaw(
    url: string,
    request: {
        method: string;
        path: string;
        headers: Record<string, string>;
        body?: Buffer;
        giveUp?: boolean;
    }
): Promise<RawAnswer> {
    const { hostname, port } = new URL(url);
    const head = [
        `${request.method} ${request.path} HTTP/1.1`,
        `Host: ${hostname}:${port}`,
        'Connection: close',
        ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
        '',
        '',
    ].join('\r\n');
    const received = await new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        const socket = connect(Number(port), hostname, () => {
            socket.write(head);
            if (request.body) socket.write(request.body);
            if (request.giveUp) socket.end();
        });
        socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        // A reset after the answer was read (the server closing an unread body) is not a failure.
        socket.on('error', (error) => (chunks.length > 0 ? undefined : reject(error)));
        socket.on('close', () => resolve(Buffer.concat(chunks)));
    });
    return parseAnswer(received);
}

function parseAnswer(bytes: Buffer): RawAnswer {
    const text = bytes.toString('latin1');
    const end = text.indexOf('\r\n\r\n');
    if (end < 0) return { status: undefined, headers: {}, body: '' };
    const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let body = bytes.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'));
    if (headers['content-length'] !== undefined)
        body = body.subarray(0, Number(headers['content-length']));
    return {
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]) || undefined,
        headers,
        body: body.toString('utf8'),
    };
}
