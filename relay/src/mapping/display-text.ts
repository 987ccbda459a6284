/** The longest name written into a note heading or in front of a transcript line. */
export const NAME_MAX_LENGTH = 100;

/**
 * The first `max` characters (UTF-16 code units, as Lime counts a property's length) of a text, ending in
 * `…` when it was cut. Never cuts a surrogate pair in two: half an emoji is not a character Lime can store.
 */
export function cutText(text: string, max: number): string {
    if (max <= 0 || text.length <= max) return text;
    let end = max - 1;
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end -= 1;
    return `${text.slice(0, end)}…`;
}

/**
 * A visitor- or operator-given name as one line of readable length for a heading or a transcript line:
 * runs of whitespace, line breaks included, become one space, and a very long name is cut (the transcript
 * itself is never cut). Undefined when the name is empty.
 */
export function displayName(name: string | null | undefined): string | undefined {
    const line = (name ?? '').replace(/\s+/g, ' ').trim();
    return line ? cutText(line, NAME_MAX_LENGTH) : undefined;
}
