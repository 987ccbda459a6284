/**
 * Filenames in `Content-Disposition`. Lime's n8n nodes upload with `;filename*="UTF-8''<encoded>"`
 * (RFC 5987, with quotes and a leading `;`, lime-crm.md §1.9); plain `attachment; filename="x"` is
 * accepted too.
 */

/** The filename in a Content-Disposition header, or undefined if it names none. */
export function parseContentDispositionFilename(header: string | undefined): string | undefined {
    if (!header) {
        return undefined;
    }
    const extended = /filename\*\s*=\s*"?([^'";]*)'[^']*'([^";]*)"?/i.exec(header);
    if (extended) {
        const charset = (extended[1] ?? '').toLowerCase();
        try {
            const encoded = extended[2] ?? '';
            // Only UTF-8 is supported: that is what Lime's own clients send.
            return charset === 'utf-8' ? decodeURIComponent(encoded) : undefined;
        } catch {
            return undefined;
        }
    }
    const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
    const name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2]?.trim();
    return name === '' ? undefined : name;
}

/** A Content-Disposition header announcing `filename` for download. */
export function formatContentDisposition(filename: string): string {
    const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
