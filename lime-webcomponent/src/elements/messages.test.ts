import { describe, expect, it } from 'vitest';
import { createTranslator } from '../translations/create-translator.ts';
import {
    describeConnectFailure,
    describeIdProblem,
    describeLoadFailure,
    describeOwner,
    formatDateTime,
} from './messages.ts';

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
            describeConnectFailure({ kind: 'bad-request', status: 400 }, 'Unknown property', t)
        ).toEqual(['Lime refused the conversation: Unknown property']);
        expect(describeConnectFailure({ kind: 'bad-request', status: 422 }, undefined, t)).toEqual([
            'Lime refused the conversation: HTTP 422',
        ]);
    });

    it("says what a missing right means, and adds Lime's own words when it gave some", () => {
        expect(describeConnectFailure({ kind: 'forbidden', status: 403 }, undefined, t)).toEqual([
            'Lime does not let you create Userlike conversation records, so nothing was connected. Ask your Lime administrator for the right to create them.',
        ]);
        expect(
            describeConnectFailure({ kind: 'forbidden', status: 403 }, 'Field is read-only', t)
        ).toEqual([
            expect.stringContaining('Ask your Lime administrator'),
            'Lime says: Field is read-only',
        ]);
        expect(describeConnectFailure({ kind: 'server', status: 503 }, 'Maintenance', t)).toEqual([
            'Lime could not save the conversation (error 503). Nothing was connected; try again in a moment.',
            'Lime says: Maintenance',
        ]);
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
