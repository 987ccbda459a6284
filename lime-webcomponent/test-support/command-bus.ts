import type { CommandBus, CommandClass, CommandHandler } from '../src/platform/platform.types.ts';

/** Lime's own class for the create command: another class than the package's, with the same id. */
export class LimeCreateDialogCommand {
    public static commandId = 'limeobject.create-dialog';
    public limetype: unknown;
    public limeobject?: unknown;

    public constructor(limetype: unknown, limeobject?: unknown) {
        this.limetype = limetype;
        this.limeobject = limeobject;
    }
}

/**
 * A command bus as the web client's: one handler per command id, the id being the class's static
 * `commandId`; `getHandler` only when asked for (v6 has it, older clients do not).
 */
export function createCommandBus(options: { withGetHandler?: boolean } = {}): CommandBus {
    const handlers = new Map<string, CommandHandler>();
    const idOf = (value: object | CommandClass): string =>
        (value as CommandClass).commandId ??
        (value as { constructor: CommandClass }).constructor.commandId ??
        '';
    return {
        register: (commandClass, handler) => handlers.set(idOf(commandClass), handler),
        handle: (command) => handlers.get(idOf(command))?.handle(command),
        ...(options.withGetHandler === false
            ? {}
            : { getHandler: (commandClass: CommandClass) => handlers.get(idOf(commandClass)) }),
    };
}
