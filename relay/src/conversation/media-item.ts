import type { TranscriptItem } from './conversation-schema.ts';

/** A file sent in the chat, as its transcript item describes it. */
export interface MediaItem {
    /** Where the file can be fetched; undefined when the item names no URL (nothing to import). */
    url: string | undefined;
    /** The file's name as the item gives it; undefined when it gives none. */
    fileName: string | undefined;
    contentType: string | undefined;
    /** In bytes, when the item says. */
    size: number | undefined;
}

const MEDIA_KEYS = ['file', 'media', 'attachment'] as const;
const MEDIA_TYPES: ReadonlySet<string> = new Set(['media', 'file', 'image']);

/**
 * The file a transcript item carries, or undefined when it is no media item: the one reading of a media
 * item, used by the note's transcript (its `[file: …]` label) and by the media import. ASSUMPTION
 * (openapi/userlike-conversation.yaml, assumption 1; docs/assumptions.md, U4): Userlike does not document
 * media items, so every plausible shape is read — a `file`, `media` or `attachment` object (its `url`, else
 * the item's; `file_name`/`filename`/`name`, `content_type`/`mime_type`, `size`), or an item of type
 * `media`, `file` or `image` with a top-level `url` (the item's `file_name`/`filename`, never its `name`,
 * which is its author).
 */
export function readMediaItem(item: TranscriptItem): MediaItem | undefined {
    for (const key of MEDIA_KEYS) {
        const value = item[key];
        if (value !== null && typeof value === 'object') {
            const media = value as Record<string, unknown>;
            return {
                url: text(media.url) ?? text(item.url),
                fileName: text(media.file_name) ?? text(media.filename) ?? text(media.name),
                contentType: text(media.content_type) ?? text(media.mime_type),
                size: sizeOf(media.size),
            };
        }
    }
    const url = text(item.url);
    if (url && MEDIA_TYPES.has(item.type ?? '')) {
        return {
            url,
            fileName: text(item.file_name) ?? text(item.filename),
            contentType: text(item.content_type) ?? text(item.mime_type),
            size: sizeOf(item.size),
        };
    }
    return undefined;
}

function text(value: unknown): string | undefined {
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function sizeOf(value: unknown): number | undefined {
    return typeof value === 'number' && value >= 0 ? value : undefined;
}
