import { describe, expect, it } from 'vitest';
import { markdownToText } from './markdown-to-text.ts';

describe('markdownToText', () => {
    it('keeps a fenced code block’s code, without its fences or language tag', () => {
        expect(markdownToText('```js\nconst a = 1;\n```', true)).toBe('const a = 1;');
        expect(markdownToText('Try:\n```sh\nnpm test\nnpm start\n```\nthen tell me', true)).toBe(
            'Try:\nnpm test\nnpm start\nthen tell me'
        );
        expect(markdownToText('~~~ python\nprint(1)\n~~~', true)).toBe('print(1)');
        // In plain text too, as inline code is.
        expect(markdownToText('```json\n{"a": 1}\n```', false)).toBe('{"a": 1}');
    });

    it('closes a block only with the same fence, and runs an unclosed one to the end', () => {
        expect(markdownToText('````md\n```\nnot closed\n````', true)).toBe('```\nnot closed');
        expect(markdownToText('```ts\nlet x = 1;', true)).toBe('let x = 1;');
        expect(markdownToText('```\n```', true)).toBe('');
    });

    it('reads a one-line ```code``` as inline code, not as a fence', () => {
        expect(markdownToText('Run ```npm ci``` first', true)).toBe('Run npm ci first');
        expect(markdownToText('```npm ci```', true)).toBe('npm ci');
    });

    it('reduces emphasis, links and inline code, keeping plain text as written', () => {
        expect(
            markdownToText('**bold** __b__ ~~gone~~ `code` [Lime](https://lime.se)', false)
        ).toBe('bold b gone code Lime (https://lime.se)');
        expect(markdownToText('2*3*4 and a_b_c', true)).toBe('2*3*4 and a_b_c');
        expect(markdownToText('# Title\n> quoted *word*', true)).toBe('Title\nquoted word');
        expect(markdownToText('# not a heading', false)).toBe('# not a heading');
    });
});
