import type { Conversation, TranscriptItem } from '../conversation/conversation-schema.ts';
import { readMediaItem } from '../conversation/media-item.ts';
import { displayName } from './display-text.ts';
import { createMinuteFormatter } from './local-time.ts';
import { markdownToText } from './markdown-to-text.ts';

/** How a line names who wrote it (the instance's `speakerStyle`). */
export type SpeakerStyle = 'nameAndRole' | 'name' | 'role' | 'none';

export interface TranscriptOptions {
    /** IANA time zone of the printed times. */
    timeZone: string;
    /** Whether notifications and system events are written. */
    includeSystemEvents: boolean;
    /** Default `nameAndRole`: `Peter Testman (operator):`. */
    speakerStyle?: SpeakerStyle;
}

/** One rendered line and when it was sent (an item without a time takes the time of the item before it). */
export interface TranscriptEntry {
    text: string;
    /** Milliseconds since the epoch; undefined when no item up to this one has a time. */
    sentAt: number | undefined;
}

/** Width of `YYYY-MM-DD HH:MM  `, used to indent the continuation lines of a multi-line message. */
const CONTINUATION_INDENT = ' '.repeat(18);
const SYSTEM_TYPES = new Set(['notification', 'event', 'system']);

/**
 * Renders the conversation's transcript as note entries, one per message, in chronological order:
 * `2024-02-22 15:49  Peter Testman (operator): Hello, how can I help you?`. A message's own line breaks are
 * kept (continuation lines are indented). Notifications and system events are written only when asked for.
 */
export function renderTranscript(conversation: Conversation, options: TranscriptOptions): string[] {
    return renderTranscriptEntries(conversation, options).map((entry) => entry.text);
}

/** renderTranscript with each line's time, for grouping lines by day (noteMode `perDay`). */
export function renderTranscriptEntries(
    conversation: Conversation,
    options: TranscriptOptions
): TranscriptEntry[] {
    const formatTime = createMinuteFormatter(options.timeZone);
    const contactName = displayName(conversation.contact.name) ?? 'Contact';
    const style = options.speakerStyle ?? 'nameAndRole';
    const entries: TranscriptEntry[] = [];
    for (const { item, time: sentAt } of chronological(conversation.transcript ?? [])) {
        const system = isSystemItem(item);
        if (system && !options.includeSystemEvents) continue;
        const speaker = system ? '[event] ' : speakerLabel(item, contactName, style);
        const text = textOf(item);
        if (!text) continue;
        const time = item.sent_at ? formatTime(item.sent_at) : '                ';
        entries.push({
            text: `${time}  ${speaker}${text.replace(/\r\n?/g, '\n').replace(/\n/g, `\n${CONTINUATION_INDENT}`)}`,
            sentAt: Number.isFinite(sentAt) ? sentAt : undefined,
        });
    }
    return entries;
}

/** Stable chronological order; an item without a time keeps its place after the item before it. */
function chronological(items: readonly TranscriptItem[]): { item: TranscriptItem; time: number }[] {
    let previous = Number.NEGATIVE_INFINITY;
    const keyed = items.map((item, index) => {
        const parsed = item.sent_at ? Date.parse(item.sent_at) : Number.NaN;
        if (!Number.isNaN(parsed)) previous = parsed;
        return { item, index, time: previous };
    });
    keyed.sort((a, b) => a.time - b.time || a.index - b.index);
    return keyed;
}

function isSystemItem(item: TranscriptItem): boolean {
    return SYSTEM_TYPES.has(item.type ?? '') || item.sender?.type === 'system';
}

/** The speaker with its trailing `: ` in the instance's style (`''` for `none`). */
function speakerLabel(item: TranscriptItem, contactName: string, style: SpeakerStyle): string {
    if (style === 'none') return '';
    const { name, role } = speakerOf(item, contactName);
    if (style === 'name') return `${name}: `;
    if (style === 'role') return `${role.charAt(0).toUpperCase()}${role.slice(1)}: `;
    return `${name} (${role}): `;
}

function speakerOf(
    item: TranscriptItem,
    contactName: string
): { name: string; role: 'contact' | 'bot' | 'operator' } {
    const senderType = item.sender?.type;
    if (senderType === 'contact' || (senderType == null && item.operator_name?.trim() === '')) {
        return { name: contactName, role: 'contact' };
    }
    const name = displayName(item.operator_name) ?? displayName(item.name) ?? 'Operator';
    return { name, role: item.operator_is_bot === true ? 'bot' : 'operator' };
}

/**
 * A message's text, markdown reduced to text; a media item's with a `[file: <name>]` label (the file is
 * imported as a document when media import is on).
 */
function textOf(item: TranscriptItem): string {
    const media = readMediaItem(item);
    const raw = (item.body_plain ?? item.body ?? '').trim();
    const isMarkdown =
        item.is_markdown_formatted === true || (item.text_format ?? '').startsWith('markdown');
    const text = raw ? markdownToText(raw, isMarkdown) : '';
    if (!media) return text;
    const name = media.fileName ?? 'unnamed file';
    const label = `[file: ${name}]`;
    // A media message's body is often just the file name; say it once.
    return text && text !== name ? `${text}\n${label}` : label;
}
