import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../translations/create-translator.ts';
import {
    describeConnectFailure,
    describeIdProblem,
    describeLoadFailure,
    describeOwner,
    formatDateTime,
} from './lwc-userlike-conversations.helpers.ts';

const t = createTranslator(undefined);

describe('messages', () => {
    it('describes load failures by kind, with the status of a server error', () => {
        expect(describeLoadFailure({ kind: 'forbidden', status: 403 }, t)).toBe(
            'You do not have access to the conversations of this object.'
        );
        expect(describeLoadFailure({ kind: 'server', status: 503 }, t)).toBe(
            'Lime could not load the conversations (error 503). Try again in a moment.'
        );
        expect(describeLoadFailure({ kind: 'network' }, t)).toContain('could not be reached');
        expect(describeLoadFailure({ kind: 'unknown' }, t)).toBe(
            'The conversations could not be loaded.'
        );
    });

    it("describes a refused write with Lime's message, or its status without one", () => {
        expect(
            describeConnectFailure(
                { kind: 'bad-request', status: 400, serverMessage: 'Unknown property' },
                t
            )
        ).toBe('Lime refused the conversation: Unknown property');
        expect(describeConnectFailure({ kind: 'bad-request', status: 422 }, t)).toBe(
            'Lime refused the conversation: HTTP 422'
        );
        expect(describeConnectFailure({ kind: 'forbidden', status: 403 }, t)).toBe(
            'You are not allowed to connect conversations to this object.'
        );
    });

    it('describes every ID problem differently', () => {
        const messages = (['empty', 'not-digits', 'zero', 'too-large'] as const).map((problem) =>
            describeIdProblem(problem, t)
        );
        expect(new Set(messages).size).toBe(4);
    });

    it('names an owner by its descriptive, or by limetype and id without read access', () => {
        expect(describeOwner({ limetype: 'helpdesk', id: 1, name: 'Printer', url: '' }, t)).toBe(
            'helpdesk “Printer”'
        );
        expect(describeOwner({ limetype: 'deal', id: 7, url: '' }, t)).toBe('deal 7');
    });

    it('formats times in the given language and survives a bad locale tag', () => {
        expect(formatDateTime('2026-03-02T09:01:00Z', 'sv')).toMatch(/2026/);
        expect(formatDateTime('2026-03-02T09:01:00Z', 'not a locale!')).toMatch(/2026-03-02/);
    });
});
