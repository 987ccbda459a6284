import { describe, expect, it } from 'vitest';
import { isSameTarget, resolveTargetObject } from './resolve-target-object.ts';

describe('resolveTargetObject', () => {
    it('uses the parent in a relation tab (context.limetype is the conversation limetype)', () => {
        const context = {
            limetype: 'ulconversation',
            id: null,
            parent: { limetype: 'helpdesk', id: 1001 },
        };
        expect(resolveTargetObject(context, 'ulconversation')).toEqual({
            limetype: 'helpdesk',
            id: 1001,
        });
    });

    it('uses the context itself on a card', () => {
        expect(resolveTargetObject({ limetype: 'deal', id: 7 }, 'ulconversation')).toEqual({
            limetype: 'deal',
            id: 7,
        });
    });

    it('uses the context itself when its limetype is not the conversation limetype', () => {
        const context = { limetype: 'deal', id: 7, parent: { limetype: 'company', id: 1 } };
        expect(resolveTargetObject(context, 'ulconversation')).toEqual({ limetype: 'deal', id: 7 });
    });

    it.each([
        [undefined],
        [null],
        [{ limetype: 'helpdesk', id: null }],
        [{ limetype: null, id: 3 }],
        [{ limetype: 'helpdesk', id: 0 }],
        [{ limetype: 'ulconversation', id: null, parent: { limetype: 'helpdesk', id: null } }],
    ])('returns null without a saved object: %j', (context) => {
        expect(resolveTargetObject(context, 'ulconversation')).toBeNull();
    });
});

describe('isSameTarget', () => {
    it('compares limetype and id', () => {
        expect(isSameTarget({ limetype: 'a', id: 1 }, { limetype: 'a', id: 1 })).toBe(true);
        expect(isSameTarget({ limetype: 'a', id: 1 }, { limetype: 'b', id: 1 })).toBe(false);
        expect(isSameTarget({ limetype: 'a', id: 1 }, { limetype: 'a', id: 2 })).toBe(false);
        expect(isSameTarget(null, null)).toBe(true);
        expect(isSameTarget(null, { limetype: 'a', id: 1 })).toBe(false);
    });
});
