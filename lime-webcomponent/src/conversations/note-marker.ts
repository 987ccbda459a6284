/**
 * How a history note written by the relay says which Userlike conversation it holds.
 *
 * The relay starts every note it writes with a line that names the conversation (docs/note-marker.md):
 * - one note per send: `Userlike conversation 5550001 with Jane Doe` (` with …` only when the contact has a
 *   name, ` (part 2/3)` added when the transcript is split);
 * - one note per day: `Chat with Jane Doe (22/02/2024)` and, on the second line,
 *   `Userlike conversation 5550001`.
 *
 * On Lime Chat's own data model a note is related to the object, not to the conversation record, so this
 * line is what attributes the object's notes to its conversations.
 */

/** Every note the relay writes begins with one of these; a Query API `=?` (begins with) filter uses them. */
export const NOTE_PREFIXES = ['Userlike conversation ', 'Chat with '] as const;

const MARKER_LINE = /^Userlike conversation (\d+)(?: with .*| \(part \d+\/\d+\))?$/;
const DAY_TITLE_LINE = /^Chat with .* \(\d{2}\/\d{2}\/\d{4}\)(?: \(part \d+\/\d+\))?$/;

/**
 * The Userlike conversation ID a note names, or null when the note was not written by the relay.
 *
 * @example readNoteConversationId('Userlike conversation 5550001 with Jane\n\n2024-02-22 15:49  …') // 5550001
 */
export function readNoteConversationId(text: unknown): number | null {
    if (typeof text !== 'string') {
        return null;
    }
    const [first = '', second = ''] = text.split('\n', 2);
    const line = DAY_TITLE_LINE.test(first) ? second : first;
    const match = MARKER_LINE.exec(line.trimEnd());
    if (!match) {
        return null;
    }
    const id = Number(match[1]);
    return Number.isSafeInteger(id) && id > 0 ? id : null;
}
