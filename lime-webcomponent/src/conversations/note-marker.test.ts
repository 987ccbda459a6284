import { describe, expect, it } from 'vitest';
import { NOTE_PREFIXES, readNoteConversationId } from './note-marker.ts';

describe('readNoteConversationId', () => {
    it('reads the conversation of a note per send, with or without a name and part', () => {
        expect(
            readNoteConversationId('Userlike conversation 5550001 with Jane Doe\n\n2024-…')
        ).toBe(5550001);
        expect(readNoteConversationId('Userlike conversation 5550001\n\n2024-…')).toBe(5550001);
        expect(readNoteConversationId('Userlike conversation 42 (part 2/3)\n\n…')).toBe(42);
        expect(readNoteConversationId('Userlike conversation 42 with Jane (part 2/3)\n\n…')).toBe(
            42
        );
        expect(readNoteConversationId('Userlike conversation 42')).toBe(42);
    });

    it('reads the conversation of a note per day from its second line', () => {
        expect(
            readNoteConversationId('Chat with Jane Doe (22/02/2024)\nUserlike conversation 7\n\n…')
        ).toBe(7);
        expect(
            readNoteConversationId(
                'Chat with Jane Doe (22/02/2024) (part 1/2)\nUserlike conversation 7\n\n…'
            )
        ).toBe(7);
    });

    it('is null for notes the relay did not write', () => {
        for (const text of [
            'Called Jane about the printer',
            'userlike conversation 5 with Jane',
            'Userlike conversation five',
            'Re: Userlike conversation 5',
            'Chat with Jane Doe (22/02/2024)\nSomething else',
            'Chat with Userlike conversation 5 (x)',
            '',
            null,
            12,
        ]) {
            expect(readNoteConversationId(text)).toBeNull();
        }
    });

    it('has a prefix for every kind of note it reads', () => {
        expect(NOTE_PREFIXES).toEqual(['Userlike conversation ', 'Chat with ']);
    });
});
