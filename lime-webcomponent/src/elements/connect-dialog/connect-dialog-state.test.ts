import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, withValue, type DialogState } from './connect-dialog-state.ts';

describe('withValue', () => {
    it('changes only the value while editing', () => {
        const editing: DialogState = { step: 'editing', value: '1', problem: 'x', refusal: null };
        expect(withValue(editing, '12')).toEqual({ ...editing, value: '12' });
        expect(withValue(INITIAL_STATE, '5')).toMatchObject({ step: 'editing', value: '5' });
    });

    it('goes back to editing after a refusal, keeping the refusal on screen', () => {
        const refusal = { kind: 'text' as const, lines: ['No.'] };
        expect(withValue({ step: 'refused', value: '1', refusal }, '2')).toEqual({
            step: 'editing',
            value: '2',
            problem: null,
            refusal,
        });
    });

    it('ignores typing while connecting', () => {
        const connecting: DialogState = { step: 'connecting', value: '1', conversationId: 1 };
        expect(withValue(connecting, '2')).toBe(connecting);
    });
});
