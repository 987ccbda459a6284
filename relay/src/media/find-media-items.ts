import type { Conversation, TranscriptItem } from '../conversation/conversation-schema.ts';
import { readMediaItem } from '../conversation/media-item.ts';

/** A file sent in the chat, to be imported as a Lime document. */
export interface ImportableMediaItem {
    /** The Userlike message id: the document's `ul_messageid`, so the file is never imported twice. */
    messageId: string;
    url: string;
    fileName: string;
    contentType: string | undefined;
    size: number | undefined;
}

/**
 * The media items of a transcript that can be imported (conversation/media-item.ts reads each item): one
 * per message id, with a URL. An item without a message id or URL is skipped: without an id it could not
 * be deduplicated, without a URL there is nothing to fetch. A file the item does not name is named after
 * its URL's last segment.
 */
export function findMediaItems(conversation: Conversation): ImportableMediaItem[] {
    const items: ImportableMediaItem[] = [];
    const seen = new Set<string>();
    for (const item of conversation.transcript ?? []) {
        const media = readMediaItem(item);
        const messageId = messageIdOf(item);
        if (!media?.url || !messageId || seen.has(messageId)) continue;
        seen.add(messageId);
        items.push({
            messageId,
            url: media.url,
            fileName: media.fileName ?? fileNameFromUrl(media.url),
            contentType: media.contentType,
            size: media.size,
        });
    }
    return items;
}

function messageIdOf(item: TranscriptItem): string | undefined {
    const msgid = item.msgid?.trim();
    return msgid || (item.id == null ? undefined : String(item.id));
}

function fileNameFromUrl(url: string): string {
    try {
        const last = new URL(url).pathname.split('/').filter(Boolean).at(-1);
        return last ? decodeURIComponent(last) : 'file';
    } catch {
        return 'file';
    }
}
