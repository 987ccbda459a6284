import { describe, expect, it } from 'vitest';
import { parseConversationId } from './parse-conversation-id.ts';

describe('parseConversationId', () => {
    it.each([
        ['5550001', 5550001],
        ['  5550001\t', 5550001],
        ['0042', 42],
        ['2147483647', 2147483647],
    ])('accepts %j as %i', (input, id) => {
        expect(parseConversationId(input)).toEqual({ ok: true, id });
    });

    it.each([
        ['', 'empty'],
        ['   ', 'empty'],
        ['555 0001', 'not-digits'],
        ['-5', 'not-digits'],
        ['5.5', 'not-digits'],
        ['1e6', 'not-digits'],
        ['#5550001', 'not-digits'],
        ['５５５', 'not-digits'],
        ['0', 'zero'],
        ['000', 'zero'],
        ['2147483648', 'too-large'],
        ['99999999999999999999', 'too-large'],
    ])('refuses %j as %s', (input, problem) => {
        expect(parseConversationId(input)).toEqual({ ok: false, problem });
    });
});
