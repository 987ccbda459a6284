/**
 * Filenames in `Content-Disposition`. Lime's n8n nodes upload with `;filename*="UTF-8''<encoded>"`
 * (RFC 5987, with quotes and a leading `;`, docs/assumptions.md SB4); plain
 * `attachment; filename="x"` is accepted too.
 *
 * The `filename*` value must be percent-encoded: RFC 5987 `attr-char`s, plus `'()*` that
 * `encodeURIComponent` (what the n8n nodes use) leaves as they are. A raw space, non-ASCII text or
 * a stray `%` means the client forgot to encode the name; it is refused instead of guessed.
 */

// charset ' language ' value, where value is pct-encoded or attr-char (plus encodeURIComponent's '()*).
const EXTENDED_VALUE =
    /^([A-Za-z0-9!#$%&+\-^_`{}~]+)'[A-Za-z0-9-]*'((?:%[0-9A-Fa-f]{2}|[A-Za-z0-9!#$&+\-.^_`|~'()*])*)$/;
const EXTENDED_PARAMETER = /(?:^|;)\s*filename\*\s*=\s*(?:"([^"]*)"|([^;"\s]*))\s*(?:;|$)/i;

function parseExtendedFilename(header: string): string | undefined {
    const parameter = EXTENDED_PARAMETER.exec(header);
    const value = EXTENDED_VALUE.exec(parameter?.[1] ?? parameter?.[2] ?? '');
    // Only UTF-8 is supported: that is what Lime's own clients send.
    if (!value || (value[1] ?? '').toLowerCase() !== 'utf-8') {
        return undefined;
    }
    try {
        const name = decodeURIComponent(value[2] ?? '');
        return name === '' ? undefined : name;
    } catch {
        return undefined; // not UTF-8 after all
    }
}

/** The filename in a Content-Disposition header, or undefined if it names none (or names it badly). */
export function parseContentDispositionFilename(header: string | undefined): string | undefined {
    if (!header) {
        return undefined;
    }
    if (/filename\*/i.test(header)) {
        return parseExtendedFilename(header);
    }
    const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
    const name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2]?.trim();
    return name === '' ? undefined : name;
}

/** A Content-Disposition header announcing `filename` for download (RFC 6266 / RFC 5987). */
export function formatContentDisposition(filename: string): string {
    const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
    const encoded = encodeURIComponent(filename).replace(
        /['()*]/g,
        (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`
    );
    return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
