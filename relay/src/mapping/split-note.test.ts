import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors.ts';
import { splitNote } from './split-note.ts';

const heading = (part: string): string => `Userlike conversation 42${part}`;

describe('splitNote', () => {
    it('writes one note without a part label when the text fits', () => {
        expect(splitNote(heading, ['a', 'b'], 1000)).toEqual(['Userlike conversation 42\n\na\nb']);
    });

    it('treats length 0 as unlimited', () => {
        const entries = Array.from({ length: 500 }, (_, i) => `line ${i} ${'x'.repeat(50)}`);
        expect(splitNote(heading, entries, 0)).toHaveLength(1);
    });

    it('splits into numbered parts that each fit, keeping every entry whole and in order', () => {
        const entries = Array.from(
            { length: 40 },
            (_, i) => `2024-02-22 15:49  Jane (contact): message number ${i}`
        );
        const notes = splitNote(heading, entries, 300);
        expect(notes.length).toBeGreaterThan(1);
        notes.forEach((note, index) => {
            expect(note.length).toBeLessThanOrEqual(300);
            expect(
                note.startsWith(`Userlike conversation 42 (part ${index + 1}/${notes.length})\n\n`)
            ).toBe(true);
        });
        const body = notes.map((note) => note.split('\n\n').slice(1).join('\n\n')).join('\n');
        expect(body.split('\n')).toEqual(entries);
    });

    it('cuts an entry longer than a whole note across parts without losing a character', () => {
        const long = 'y'.repeat(1000);
        const notes = splitNote(heading, ['short', long, 'tail'], 200);
        const bodies = notes.map((note) => note.slice(note.indexOf('\n\n') + 2));
        expect(bodies.join('').replace(/\n/g, '')).toBe(`short${long}tail`);
        for (const note of notes) expect(note.length).toBeLessThanOrEqual(200);
    });

    it('never cuts a surrogate pair in two', () => {
        const emoji = '😀'.repeat(300);
        const notes = splitNote(heading, [emoji], 101);
        for (const note of notes) expect(note).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
        expect(notes.map((n) => n.slice(n.indexOf('\n\n') + 2)).join('')).toBe(emoji);
    });

    it('never exceeds the length with astral characters, line breaks and long messages mixed', () => {
        const entries = Array.from(
            { length: 30 },
            (_, i) => `2024-02-22 15:49  Åsa 😀 (contact): ${'😀a\nb'.repeat(i * 5)}end ${i}`
        );
        const loneSurrogate =
            /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
        for (const maxLength of [60, 61, 97, 250, 1001]) {
            const notes = splitNote(
                (part) => `Userlike conversation 1 with 😀${part}`,
                entries,
                maxLength
            );
            for (const note of notes) {
                expect(note.length).toBeLessThanOrEqual(maxLength);
                expect(note).not.toMatch(loneSurrogate);
            }
            const text = notes.map((note) => note.slice(note.indexOf('\n\n') + 2)).join('');
            expect(text.replace(/\n/g, '')).toBe(entries.join('').replace(/\n/g, ''));
        }
    });

    it('keeps the part count consistent when it grows past nine', () => {
        const entries = Array.from({ length: 200 }, (_, i) => `entry ${i}`);
        const notes = splitNote(heading, entries, 80);
        expect(notes.length).toBeGreaterThan(9);
        expect(notes.at(-1)).toContain(`(part ${notes.length}/${notes.length})`);
        for (const note of notes) expect(note.length).toBeLessThanOrEqual(80);
    });

    it('refuses, as a configuration problem, a note field too short for its heading', () => {
        expect(() => splitNote(heading, ['a'.repeat(50)], 30)).toThrow(ConfigurationError);
    });

    it('refuses a note with room for a single UTF-16 unit instead of looping on an astral character', () => {
        // "H (part 1/2)" and the blank line after it leave exactly one UTF-16 unit: half an emoji.
        const short = (part: string): string => `H${part}`;
        const maxLength = short(' (part 1/2)').length + 3;
        expect(() => splitNote(short, ['😀'.repeat(20)], maxLength)).toThrow(ConfigurationError);
    });
});
