import { ConfigurationError } from '../errors.ts';

/**
 * Builds the note text(s) for a transcript. When the whole text fits the note property's length (0 means
 * unlimited, as Lime reports it) there is one note; otherwise the entries are spread over numbered notes
 * whose headings end in `(part 2/3)`. Nothing is ever truncated: an entry longer than a whole note is cut
 * into pieces that continue in the next part.
 *
 * @param heading the first line of every note, given the part label (`''` or ` (part 1/3)`)
 * @param entries the transcript entries, in order
 * @param maxLength the note property's length in characters; 0 for unlimited
 */
export function splitNote(
    heading: (partLabel: string) => string,
    entries: readonly string[],
    maxLength: number
): string[] {
    const single = compose(heading(''), entries);
    if (maxLength <= 0 || single.length <= maxLength) return [single];
    // The label's width depends on the number of parts; settle it by re-running with the count found.
    let parts = 2;
    for (;;) {
        const notes = pack(heading, entries, maxLength, parts);
        if (notes.length === parts) return notes;
        parts = notes.length;
    }
}

function compose(headingText: string, body: readonly string[]): string {
    return body.length > 0 ? `${headingText}\n\n${body.join('\n')}` : headingText;
}

function pack(
    heading: (partLabel: string) => string,
    entries: readonly string[],
    maxLength: number,
    assumedParts: number
): string[] {
    const notes: string[] = [];
    let body: string[] = [];
    let used = 0;
    const headingFor = (index: number): string => heading(` (part ${index}/${assumedParts})`);
    // Room for entries in the note being filled: its heading and the blank line after it.
    const room = (): number => maxLength - headingFor(notes.length + 1).length - 2;
    const tooShort = (): ConfigurationError =>
        new ConfigurationError(
            `The note property holds only ${maxLength} characters, too few for a note heading and the transcript; make it longer in Lime (Lime Chat asks for max).`
        );
    if (room() < 2) throw tooShort();
    const flush = (): void => {
        notes.push(compose(headingFor(notes.length + 1), body));
        body = [];
        used = 0;
    };
    for (const entry of entries) {
        let rest = entry;
        while (rest.length > 0) {
            const separator = body.length > 0 ? 1 : 0;
            const free = room() - used - separator;
            if (rest.length <= free) {
                body.push(rest);
                used += separator + rest.length;
                rest = '';
            } else if (body.length > 0 && rest.length <= room()) {
                flush(); // the entry fits a fresh note whole: do not cut it
            } else {
                const cut = cutPoint(rest, free);
                if (cut === 0) {
                    // Not even the next character fits an empty note (half an emoji): never loop.
                    if (body.length === 0) throw tooShort();
                    flush();
                    continue;
                }
                body.push(rest.slice(0, cut));
                used += separator + cut;
                rest = rest.slice(cut).replace(/^\n/, '');
                flush();
            }
        }
    }
    if (body.length > 0 || notes.length === 0) flush();
    return notes;
}

/** Where to cut a too-long entry within `limit` characters: at a line break if there is one, never inside a surrogate pair. */
function cutPoint(text: string, limit: number): number {
    if (limit <= 0) return 0;
    const lineBreak = text.lastIndexOf('\n', limit);
    if (lineBreak > 0) return lineBreak;
    const code = text.charCodeAt(limit - 1);
    return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}
