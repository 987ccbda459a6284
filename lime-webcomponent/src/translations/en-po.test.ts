/**
 * The built-in English (the fallback) and the Lime package's `en.po` (what Lime's translate service serves)
 * must say the same; `sv.po` must have every key with the same placeholders.
 */
import { readFileSync } from 'node:fs';
import { po } from 'gettext-parser';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';

const TRANSLATIONS = new URL(
    '../../../lime-package/limepkg_userlike_relay/translations/',
    import.meta.url
);

function readPo(language: string): Record<string, string> {
    const parsed = po.parse(readFileSync(new URL(`${language}.po`, TRANSLATIONS)));
    const texts: Record<string, string> = {};
    for (const [msgid, entry] of Object.entries(parsed.translations[''] ?? {})) {
        if (msgid !== '') texts[msgid] = entry.msgstr[0] ?? '';
    }
    return texts;
}

const placeholders = (text: string) =>
    [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("the Lime package's translations", () => {
    it('en.po says exactly what the built-in English says', () => {
        expect(readPo('en')).toEqual(en);
    });

    it('sv.po has every key, translated, with the same placeholders', () => {
        const sv = readPo('sv');
        expect(Object.keys(sv).sort()).toEqual(Object.keys(en).sort());
        for (const [key, text] of Object.entries(en)) {
            expect(sv[key], key).not.toBe('');
            expect(placeholders(sv[key] ?? ''), key).toEqual(placeholders(text));
        }
    });
});
