import { describe, expect, it } from 'vitest';
import { createTranslator, interpolate } from './create-translator.ts';
import { en } from './en.ts';
import { sv } from './sv.ts';

const KEY = 'webcomponent-userlike.conversations.item.heading';

describe('createTranslator', () => {
    it("uses the service's text and fills remaining placeholders", () => {
        const t = createTranslator({ get: () => 'Konversation {id}' });
        expect(t(KEY, { id: 5 })).toBe('Konversation 5');
    });

    it('passes the params to the service', () => {
        const t = createTranslator({ get: (key, params) => `${key}:${String(params?.id)}` });
        expect(t(KEY, { id: 5 })).toBe(`${KEY}:5`);
    });

    it.each([
        ['returns the key', { get: (key: string) => key }],
        ['returns an empty string', { get: () => '' }],
        [
            'throws',
            {
                get: (): string => {
                    throw new Error('not ready');
                },
            },
        ],
        ['returns a non-string', { get: () => undefined as unknown as string }],
    ])('falls back to English when the service %s', (_case, service) => {
        expect(createTranslator(service)(KEY, { id: 5 })).toBe('Conversation 5');
    });

    it('falls back to English without a service', () => {
        expect(createTranslator(undefined)('webcomponent-userlike.conversations.title')).toBe(
            'Userlike conversations'
        );
    });
});

describe('interpolate', () => {
    it('leaves unknown placeholders as written', () => {
        expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    });
});

describe('string tables', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

    it('Swedish has every English key, with the same placeholders', () => {
        expect(Object.keys(sv).sort()).toEqual(Object.keys(en).sort());
        for (const [key, text] of Object.entries(en)) {
            expect(placeholders(sv[key as keyof typeof en]), key).toEqual(placeholders(text));
        }
    });

    it('every key is namespaced for Lime', () => {
        for (const key of Object.keys(en)) {
            expect(key).toMatch(/^webcomponent-userlike\.conversations\.[a-z.-]+$/);
        }
    });
});
