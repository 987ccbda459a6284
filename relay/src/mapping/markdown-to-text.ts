const MARKUP_CHARACTER = /[*_~[`#>]/;

/** A code fence: three or more backticks or tildes at the start of a line, and what follows on it. */
const FENCE = /^[ \t]*(`{3,}|~{3,})(.*)$/;

/**
 * Fenced code blocks without their fences: the line that opens one (` ``` ` or `~~~`, with an optional
 * language tag such as `js`) and the line that closes it (the same character, at least as many, nothing
 * else) go; the code between them stays as it is. An unclosed block runs to the end of the message, as in
 * CommonMark. A line such as ` ```code``` ` opens nothing (a backtick fence's tag has no backtick).
 */
function removeFences(text: string): string {
    let open: string | undefined;
    const kept: string[] = [];
    for (const line of text.split('\n')) {
        const [, fence, rest = ''] = FENCE.exec(line) ?? [];
        if (fence && open === undefined && !(fence.startsWith('`') && rest.includes('`'))) {
            open = fence;
            continue;
        }
        if (fence && open && fence[0] === open[0] && fence.length >= open.length && !rest.trim()) {
            open = undefined;
            continue;
        }
        kept.push(line);
    }
    return kept.join('\n');
}

/**
 * Reduces Userlike's chat markdown (`markdown_v1`, docs/assumptions.md U8) to readable plain text for a
 * Lime note: emphasis markers go, links become `text (url)`, code keeps its content (a fenced block loses
 * its fences and language tag), headings and quotes lose their markers. Line breaks are kept. Single
 * `*`/`_` emphasis is only removed for text known to be markdown, so that plain text such as `2*3*4` stays
 * as written.
 */
export function markdownToText(text: string, isMarkdown: boolean): string {
    // Every rule below needs one of these characters; most chat messages have none.
    if (!MARKUP_CHARACTER.test(text)) return text;
    let result = (/^[ \t]*(```|~~~)/m.test(text) ? removeFences(text) : text)
        .replace(/\*\*(.+?)\*\*/gs, '$1')
        .replace(/__(.+?)__/gs, '$1')
        .replace(/~~(.+?)~~/gs, '$1')
        .replace(/!?\[([^\]\n]*)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) =>
            label && label !== url ? `${label} (${url})` : url
        )
        .replace(/`{1,3}([^`]+)`{1,3}/g, '$1');
    if (isMarkdown) {
        result = result
            .replace(/(^|[\s(])\*(?!\s)([^*\n]+?)\*(?=[\s).,!?:;]|$)/gm, '$1$2')
            .replace(/(^|[\s(])_(?!\s)([^_\n]+?)_(?=[\s).,!?:;]|$)/gm, '$1$2')
            .replace(/^#{1,6}\s+/gm, '')
            .replace(/^>\s?/gm, '');
    }
    return result;
}
