import type { Conversation, TranscriptItem } from '../conversation/conversation-schema.ts';

/** A file sent in the chat, to be imported as a Lime document. */
export interface MediaItem {
    /** The Userlike message id: the document's `ul_messageid`, so the file is never imported twice. */
    messageId: string;
    url: string;
    fileName: string;
    contentType: string | undefined;
    size: number | undefined;
}

const MEDIA_KEYS = ['file', 'media', 'attachment'] as const;

/**
 * The media items of a transcript. ASSUMPTION (openapi/userlike-conversation.yaml, assumption 1; userlike.md
 * §3.3): Userlike does not document media items, so every plausible shape is accepted — a `file`, `media` or
 * `attachment` object with a `url` (and `file_name`/`filename`/`name`, `content_type`/`mime_type`, `size`),
 * or an item of type `media`/`file`/`image` with a top-level `url`. An item without a message id or URL is
 * skipped: without an id it could not be deduplicated, without a URL there is nothing to fetch.
 */
export function findMediaItems(conversation: Conversation): MediaItem[] {
    const items: MediaItem[] = [];
    const seen = new Set<string>();
    for (const item of conversation.transcript ?? []) {
        const media = mediaOf(item);
        const messageId = text(item.msgid) ?? (item.id == null ? undefined : String(item.id));
        if (!media || !messageId || seen.has(messageId)) continue;
        seen.add(messageId);
        items.push({ messageId, ...media });
    }
    return items;
}

function mediaOf(item: TranscriptItem): Omit<MediaItem, 'messageId'> | undefined {
    for (const key of MEDIA_KEYS) {
        const value = item[key];
        if (value !== null && typeof value === 'object') {
            const media = value as Record<string, unknown>;
            const url = text(media.url) ?? text(item.url);
            if (!url) return undefined;
            return {
                url,
                fileName:
                    text(media.file_name) ??
                    text(media.filename) ??
                    text(media.name) ??
                    fileNameFromUrl(url),
                contentType: text(media.content_type) ?? text(media.mime_type),
                size: typeof media.size === 'number' && media.size >= 0 ? media.size : undefined,
            };
        }
    }
    if (['media', 'file', 'image'].includes(item.type ?? '') && text(item.url)) {
        const url = text(item.url) as string;
        return {
            url,
            fileName: text(item.file_name) ?? text(item.filename) ?? fileNameFromUrl(url),
            contentType: text(item.content_type) ?? text(item.mime_type),
            size: typeof item.size === 'number' ? item.size : undefined,
        };
    }
    return undefined;
}

function text(value: unknown): string | undefined {
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function fileNameFromUrl(url: string): string {
    try {
        const last = new URL(url).pathname.split('/').filter(Boolean).at(-1);
        return last ? decodeURIComponent(last) : 'file';
    } catch {
        return 'file';
    }
}
