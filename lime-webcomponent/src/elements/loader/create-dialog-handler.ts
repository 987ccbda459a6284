import type { TargetObject } from '../../conversations/resolve-target-object.ts';
import type { CommandBus, CommandHandler } from '../../platform/platform.types.ts';

/** The web client's command for "create a new limeobject" (the relation tab's create button issues it). */
export const CREATE_DIALOG_COMMAND_ID = 'limeobject.create-dialog';

/**
 * This package's class for Lime's create-dialog command. The command bus matches commands by their
 * class's `commandId`, so a class of our own with Lime's id reaches the same registration as Lime's
 * `CreateLimeobjectDialogCommand` (docs/assumptions.md W2): the package need not import the web client.
 */
export class CreateDialogCommand {
    public static readonly commandId = CREATE_DIALOG_COMMAND_ID;
    /** The limetype to create: a LimeType object with `name`, or its name (docs/assumptions.md W3). */
    public limetype: unknown;
    /** Default data for the new object: from a relation tab, the relation back to the card's object. */
    public limeobject?: unknown;
    public route?: boolean;
    public title?: string;
}

/** What the take-over needs to know. */
export interface CreateDialogTakeOver {
    /** The conversation limetype whose create button opens the prompt. */
    conversationLimetype: string;
    /** The limetype a belongsto of the conversation limetype points to, when not named after it. */
    limetypeOf?(relation: string): string | undefined;
    /** Opens the prompt for this object (null: the command did not say which object it is for). */
    openPrompt(target: TargetObject | null, relation: string | null): void;
}

/** Whether the handler is installed, or why not. */
export type TakeOverResult = { installed: true } | { installed: false; reason: string };

/**
 * Replaces the handler of `limeobject.create-dialog`: for the conversation limetype it opens the connect
 * prompt; every other limetype goes to the handler that was registered before, unchanged, so Lime's own
 * create dialog keeps working everywhere else.
 *
 * A command bus that cannot return the current handler (`getHandler`, v6) is left alone: taking over
 * without being able to hand back would break every other create button.
 */
export function takeOverCreateDialog(
    bus: CommandBus,
    options: CreateDialogTakeOver
): TakeOverResult {
    if (typeof bus.getHandler !== 'function') {
        return {
            installed: false,
            reason: 'the command bus cannot return the current handler (getHandler)',
        };
    }
    let previous: CommandHandler | undefined;
    try {
        previous = bus.getHandler(CreateDialogCommand);
    } catch {
        previous = undefined;
    }
    if (!previous || typeof previous.handle !== 'function') {
        return {
            installed: false,
            reason: `no handler is registered for ${CREATE_DIALOG_COMMAND_ID} to hand other limetypes to`,
        };
    }
    const fallback = previous;
    bus.register(CreateDialogCommand, {
        handle(command: object): unknown {
            const record = command as Partial<CreateDialogCommand> & { context?: unknown };
            if (readLimetypeName(record.limetype) !== options.conversationLimetype) {
                return fallback.handle(command);
            }
            const found =
                findTargetObject(record.limeobject, options.limetypeOf) ??
                findContextObject(record.context);
            options.openPrompt(found?.target ?? null, found?.relation ?? null);
            return undefined;
        },
    });
    return { installed: true };
}

/** The name of the command's limetype: a LimeType object's `name`, or the string itself. */
export function readLimetypeName(limetype: unknown): string | undefined {
    if (typeof limetype === 'string') {
        return limetype;
    }
    if (typeof limetype === 'object' && limetype !== null) {
        const name = (limetype as { name?: unknown }).name;
        return typeof name === 'string' ? name : undefined;
    }
    return undefined;
}

/**
 * The object a new conversation record is for, from the command's default data: a relation tab fills in
 * the belongsto back to the card's object, as `{<relation>: <id>}` or `{<relation>: {id|_id, limetype?}}`
 * (docs/assumptions.md W3). Lime Chat names that belongsto after the object's limetype, so the relation's
 * name is the limetype unless the value or `limetypeOf` (the package's configuration) says otherwise.
 */
export function findTargetObject(
    defaults: unknown,
    limetypeOf: (relation: string) => string | undefined = () => undefined
): { target: TargetObject; relation: string } | null {
    if (typeof defaults !== 'object' || defaults === null) {
        return null;
    }
    for (const [relation, value] of Object.entries(defaults)) {
        if (relation.startsWith('_') || CONVERSATION_VALUES.has(relation)) continue;
        const id = readId(value);
        if (id === null) continue;
        const named =
            typeof value === 'object' && value !== null
                ? readLimetypeName((value as { limetype?: unknown }).limetype)
                : undefined;
        const limetype = named ?? limetypeOf(relation) ?? relation;
        return { target: { limetype, id }, relation };
    }
    return null;
}

// The values of a conversation record in Lime Chat's model; none of them points to the object.
const CONVERSATION_VALUES = new Set([
    'conversationid',
    'link',
    'contactid',
    'startedtime',
    'contactfirstmessagetime',
]);

/** The object of a command that carries a `context` (`{limetype, id}`, or a relation tab's `parent`). */
function findContextObject(context: unknown): { target: TargetObject; relation: null } | null {
    if (typeof context !== 'object' || context === null) {
        return null;
    }
    const { limetype, id, parent } = context as {
        limetype?: unknown;
        id?: unknown;
        parent?: unknown;
    };
    const own = typeof limetype === 'string' ? readId(id) : null;
    if (typeof limetype === 'string' && own !== null) {
        return { target: { limetype, id: own }, relation: null };
    }
    return parent ? findContextObject(parent) : null;
}

function readId(value: unknown): number | null {
    const candidate =
        typeof value === 'object' && value !== null
            ? ((value as { id?: unknown }).id ?? (value as { _id?: unknown })._id)
            : value;
    return typeof candidate === 'number' && Number.isSafeInteger(candidate) && candidate > 0
        ? candidate
        : null;
}
