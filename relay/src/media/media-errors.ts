/**
 * Why a media file could not be fetched. `retryable` says whether trying again later can help (a timeout,
 * a 5xx from the media host) or not (a host outside the allowlist, a file over the size cap).
 */
export class MediaDownloadError extends Error {
    readonly retryable: boolean;

    constructor(message: string, retryable: boolean, options?: { cause?: unknown }) {
        super(message, options);
        this.name = 'MediaDownloadError';
        this.retryable = retryable;
    }
}
