import { describe, expect, it } from 'vitest';
import { createTranslator, interpolate } from './create-translator.ts';
import { en } from './en.ts';

const KEY = 'limepkg_userlike_relay.row.heading';

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
        expect(createTranslator(undefined)('limepkg_userlike_relay.conversations.title')).toBe(
            'Userlike conversations'
        );
    });
});

describe('interpolate', () => {
    it('leaves unknown placeholders as written', () => {
        expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    });
});

describe('the built-in English', () => {
    it('every key is prefixed with the Lime package module, as Lime looks texts up', () => {
        for (const key of Object.keys(en)) {
            expect(key).toMatch(/^limepkg_userlike_relay\.[a-z-]+(\.[a-z-]+)*$/);
        }
    });
});
