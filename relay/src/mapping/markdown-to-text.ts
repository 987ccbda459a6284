const MARKUP_CHARACTER = /[*_~[`#>]/;

/**
 * Reduces Userlike's chat markdown (`markdown_v1`) to readable plain text for a Lime note: emphasis markers
 * go, links become `text (url)`, code keeps its content, headings and quotes lose their markers. Line
 * breaks are kept. Single `*`/`_` emphasis is only removed for text known to be markdown, so that plain
 * text such as `2*3*4` stays as written.
 */
export function markdownToText(text: string, isMarkdown: boolean): string {
    // Every rule below needs one of these characters; most chat messages have none.
    if (!MARKUP_CHARACTER.test(text)) return text;
    let result = text
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
