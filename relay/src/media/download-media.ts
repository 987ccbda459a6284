import type { LookupFunction } from 'node:net';
import { Transform, type Readable } from 'node:stream';
import { createBrotliDecompress, createUnzip } from 'node:zlib';
import axios from 'axios';
import { isAllowedHost } from './allowed-hosts.ts';
import { createMediaAgents } from './media-agents.ts';
import { MediaDownloadError } from '../errors.ts';

/** Where media may be fetched from, and how much of it (no SSRF: README, "Media files"). */
export interface MediaPolicy {
    /** Host names media may come from: exact (`www.userlike.com`) or a suffix wildcard (`*.userlike.com`). */
    allowedHosts: readonly string[];
    /** Largest file accepted, in bytes. */
    maxBytes: number;
    /** Time allowed for the whole download, in milliseconds. */
    timeoutMs: number;
    /** Redirects followed, each checked against the allowlist. */
    maxRedirects: number;
    /** Headers for the media host only (e.g. Userlike credentials); never sent to Lime. */
    headers?: Record<string, string>;
    /**
     * TESTS ONLY: allow `http://` and these IP addresses (the local media server of the tests). Production
     * configurations cannot set it (relay/src/config/schema.ts has no key for it).
     */
    testOverride?: { allowHttp: boolean; allowAddresses: string[] };
    /** DNS lookup used to connect (tests map a host name to a loopback address). */
    lookup?: LookupFunction;
    /**
     * Host name → the address to connect to instead of what DNS says, even an internal one (the
     * `media.resolve` smoke-test setting). Every other rule holds: https, the allowlist, no credentials,
     * the certificate checked against the name, the caps, and every other host's connect-time check.
     */
    resolve?: Readonly<Record<string, string>>;
}

export interface MediaDownload {
    /** The file's bytes; errors with MediaDownloadError past `maxBytes` or on timeout. */
    stream: Readable;
    contentType: string | undefined;
    /** The file's length as the host declared it; undefined when unknown or the body was compressed. */
    contentLength: number | undefined;
}

/**
 * Opens a download of a media file from Userlike, safely: only https and only from allowlisted hosts,
 * redirects followed only within the allowlist, and the address every connection goes to checked at connect
 * time (request-filtering-agent), so that neither a redirect nor a DNS trick reaches loopback, private,
 * link-local or otherwise internal addresses. The file is streamed, never held in memory, and cut off past
 * the size cap or the time limit. This axios instance carries no Lime credentials.
 */
export async function openMediaDownload(
    url: string,
    policy: MediaPolicy,
    signal?: AbortSignal
): Promise<MediaDownload> {
    checkUrl(url, policy);
    const agents = createMediaAgents({
        allowAddresses: policy.testOverride?.allowAddresses ?? [],
        lookup: policy.lookup,
        resolve: policy.resolve,
    });
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    const abort = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response;
    try {
        response = await axios.get<Readable>(url, {
            responseType: 'stream',
            maxRedirects: policy.maxRedirects,
            // Every hop is held to the first one's rules. `href` is the whole next URL as follow-redirects
            // resolved it (credentials and IPv6 brackets included), unlike its split-up host fields.
            beforeRedirect: (options: { href?: string }) =>
                checkUrl(options.href ?? '', policy, 'redirect '),
            httpAgent: agents.httpAgent,
            httpsAgent: agents.httpsAgent,
            proxy: false,
            // Asked for unencoded; a host that compresses anyway is decoded here (decoderFor).
            headers: { 'accept-encoding': 'identity', ...policy.headers },
            decompress: false,
            signal: abort,
            validateStatus: () => true,
        });
    } catch (error) {
        throw toDownloadError(error, abort, timeout, policy);
    }
    const { status } = response;
    const body = response.data;
    if (status !== 200) {
        body.destroy();
        // Anything but 200 is not the file: a redirect that was not followed (maxRedirects 0, or no
        // Location), an empty 204, a partial 206. Only a host that is busy or failing may answer later.
        const retryable = status === 408 || status === 429 || status >= 500;
        throw new MediaDownloadError(
            status >= 400
                ? `the media host answered ${status}`
                : `the media host answered ${status} instead of the file`,
            retryable
        );
    }
    const encoding = String(response.headers['content-encoding'] ?? 'identity')
        .trim()
        .toLowerCase();
    const decoder = decoderFor(encoding);
    if (decoder === null) {
        body.destroy();
        throw new MediaDownloadError(
            `the media host sent the file in an encoding the relay cannot read (${encoding})`,
            false
        );
    }
    const declaredLength = Number(response.headers['content-length']);
    // A compressed body's Content-Length is not the file's: it must not be checked or passed on as such.
    const contentLength =
        decoder === undefined && Number.isFinite(declaredLength) ? declaredLength : undefined;
    if (contentLength !== undefined && contentLength > policy.maxBytes) {
        body.destroy();
        throw new MediaDownloadError(
            `the file is larger (${contentLength} bytes) than the relay imports (${policy.maxBytes} bytes)`,
            false
        );
    }
    const stream = capBytes(policy.maxBytes);
    const fail = (error: unknown) => stream.destroy(toDownloadError(error, abort, timeout, policy));
    body.on('error', fail);
    if (decoder) {
        const undecodable = 'the media host sent a file that could not be decoded';
        decoder.on('error', (cause) =>
            stream.destroy(new MediaDownloadError(undecodable, false, { cause }))
        );
        body.pipe(decoder).pipe(stream);
    } else body.pipe(stream);
    const onAbort = () => fail(abort.reason);
    abort.addEventListener('abort', onAbort, { once: true });
    // However the stream ends (read to the end, over the cap, timed out, or given up by the consumer), the
    // response is destroyed with it, so the connection to the media host does not outlive the download.
    stream.once('close', () => {
        abort.removeEventListener('abort', onAbort);
        decoder?.destroy();
        body.destroy();
    });
    const type = response.headers['content-type'];
    return {
        stream,
        contentType: typeof type === 'string' ? type : undefined,
        contentLength,
    };
}

/**
 * The decoder of a Content-Encoding: undefined for none, null for one the relay cannot read. Axios's own
 * decoding is off because it keeps the compressed Content-Length, which would then be sent to Lime.
 */
function decoderFor(encoding: string): Transform | undefined | null {
    if (encoding === 'identity' || encoding === '') return undefined;
    if (['gzip', 'x-gzip', 'deflate'].includes(encoding)) return createUnzip();
    if (encoding === 'br') return createBrotliDecompress();
    return null;
}

/** Refuses a URL outside the policy: wrong scheme, credentials in the URL, or a host not allowlisted. */
export function checkUrl(
    url: string,
    policy: Pick<MediaPolicy, 'allowedHosts' | 'testOverride'>,
    what = ''
): void {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        throw new MediaDownloadError(`the media ${what}URL is not a valid URL`, false);
    }
    const httpAllowed = policy.testOverride?.allowHttp === true;
    if (parsed.protocol !== 'https:' && !(httpAllowed && parsed.protocol === 'http:')) {
        throw new MediaDownloadError(
            `the media ${what}URL uses ${parsed.protocol.replace(':', '')}; only https is allowed`,
            false
        );
    }
    if (parsed.username || parsed.password) {
        throw new MediaDownloadError(`the media ${what}URL carries credentials`, false);
    }
    if (!isAllowedHost(parsed.hostname, policy.allowedHosts)) {
        throw new MediaDownloadError(
            `the media ${what}host ${parsed.hostname} is not an allowed media host`,
            false
        );
    }
}

/** Passes bytes through and fails once more than `maxBytes` went by (a body without Content-Length). */
function capBytes(maxBytes: number): Transform {
    let seen = 0;
    return new Transform({
        transform(chunk: Buffer, _encoding, callback) {
            seen += chunk.length;
            if (seen > maxBytes) {
                callback(
                    new MediaDownloadError(
                        `the file is larger than the relay imports (${maxBytes} bytes)`,
                        false
                    )
                );
            } else callback(null, chunk);
        },
    });
}

function toDownloadError(
    error: unknown,
    abort: AbortSignal,
    timeout: AbortSignal,
    policy: MediaPolicy
): MediaDownloadError {
    // A refusal from beforeRedirect arrives wrapped (follow-redirects, then axios): find it in the causes.
    // So does a Location that is no URL at all, which follow-redirects fails to parse before asking
    // beforeRedirect (the first URL was parsed by checkUrl, so only a redirect can be one).
    for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
        if (cause instanceof MediaDownloadError) return cause;
        if ((cause as { code?: unknown }).code === 'ERR_INVALID_URL')
            return new MediaDownloadError('the media redirect URL is not a valid URL', false);
    }
    error = withoutRequestConfig(error);
    if (timeout.aborted)
        return new MediaDownloadError(
            `the download took longer than ${policy.timeoutMs} ms`,
            true,
            { cause: error }
        );
    // The caller's signal (the job's lease was lost, the worker stops): not the media host's fault.
    if (abort.aborted)
        return new MediaDownloadError('the download was cancelled', true, { cause: error });
    const message = error instanceof Error ? error.message : String(error);
    if (/is not allowed/i.test(message)) {
        // request-filtering-agent refused the connection: the name resolved to an internal address (on
        // whichever hop). Its message names the address and, when it looked one up, the host.
        return new MediaDownloadError(describeRefusedAddress(message), false, { cause: error });
    }
    if (/maxRedirects|Maximum number of redirects/i.test(message)) {
        return new MediaDownloadError(
            `the media host redirected more than ${policy.maxRedirects} times`,
            false,
            { cause: error }
        );
    }
    const code = (error as { code?: string })?.code;
    if (code && /CERT|SIGNATURE|ALTNAME/.test(code)) {
        // Retried (a host's certificate gets fixed), but named for what it is: for a stand-in media
        // server (media.resolve), its CA is not trusted yet (NODE_EXTRA_CA_CERTS).
        return new MediaDownloadError(
            `the media host's TLS certificate could not be verified (${code})`,
            true,
            { cause: error }
        );
    }
    return new MediaDownloadError(`the media download failed (${code ?? 'network error'})`, true, {
        cause: error,
    });
}

/** request-filtering-agent's refusal (`DNS lookup <address>(family:…, host:<host>) is not allowed…`) in words. */
function describeRefusedAddress(message: string): string {
    const match = /DNS lookup (\S+?)\(family:[^,]*, host:([^)]*)\)/.exec(message);
    if (!match) return 'the media host resolves to a private or internal address';
    const [, address, host] = match;
    return host && host !== 'undefined'
        ? `the media host ${host} resolves to a private or internal address (${address})`
        : `the media host ${address} is a private or internal address`;
}

/**
 * An axios error carries its request's configuration, media credentials included: keep only its message,
 * code and cause, so that nothing which logs or prints the error's causes can reveal them.
 */
function withoutRequestConfig(error: unknown): unknown {
    if (!axios.isAxiosError(error)) return error;
    return Object.assign(new Error(error.message, { cause: error.cause }), {
        name: 'AxiosError',
        code: error.code,
    });
}
