import { describe, expect, it, vi } from 'vitest';
import { createCommandBus, LimeCreateDialogCommand } from '../../../test-support/command-bus.ts';
import {
    CreateDialogCommand,
    findTargetObject,
    readLimetypeName,
    takeOverCreateDialog,
} from './create-dialog-handler.ts';

describe('takeOverCreateDialog', () => {
    it('opens the prompt for the conversation limetype and hands every other limetype to Lime', () => {
        const bus = createCommandBus();
        const limeDialog = { handle: vi.fn(() => 'lime dialog') };
        bus.register(LimeCreateDialogCommand, limeDialog);
        const openPrompt = vi.fn();

        expect(
            takeOverCreateDialog(bus, { conversationLimetype: 'ulconversation', openPrompt })
        ).toEqual({ installed: true });

        const conversation = new LimeCreateDialogCommand(
            { name: 'ulconversation', localname: { singular: 'Conversation' } },
            { helpdesk: 1009 }
        );
        expect(bus.handle(conversation)).toBeUndefined();
        expect(openPrompt).toHaveBeenCalledWith({ limetype: 'helpdesk', id: 1009 }, 'helpdesk');
        expect(limeDialog.handle).not.toHaveBeenCalled();

        const note = new LimeCreateDialogCommand({ name: 'history' }, { helpdesk: 1009 });
        expect(bus.handle(note)).toBe('lime dialog');
        expect(limeDialog.handle).toHaveBeenCalledWith(note);
        expect(openPrompt).toHaveBeenCalledTimes(1);
    });

    it('accepts the limetype as a name too, and finds the object in a context', () => {
        const bus = createCommandBus();
        bus.register(LimeCreateDialogCommand, { handle: vi.fn() });
        const openPrompt = vi.fn();
        takeOverCreateDialog(bus, { conversationLimetype: 'ulconversation', openPrompt });
        bus.handle(
            Object.assign(new CreateDialogCommand(), {
                limetype: 'ulconversation',
                context: {
                    limetype: 'ulconversation',
                    id: null,
                    parent: { limetype: 'deal', id: 7 },
                },
            })
        );
        expect(openPrompt).toHaveBeenCalledWith({ limetype: 'deal', id: 7 }, null);
    });

    it('opens the prompt without an object when the command does not name one', () => {
        const bus = createCommandBus();
        bus.register(LimeCreateDialogCommand, { handle: vi.fn() });
        const openPrompt = vi.fn();
        takeOverCreateDialog(bus, { conversationLimetype: 'ulconversation', openPrompt });
        bus.handle(new LimeCreateDialogCommand({ name: 'ulconversation' }));
        expect(openPrompt).toHaveBeenCalledWith(null, null);
    });

    it('leaves a bus alone that cannot hand back the current handler', () => {
        const bus = createCommandBus({ withGetHandler: false });
        const limeDialog = { handle: vi.fn() };
        bus.register(LimeCreateDialogCommand, limeDialog);
        const result = takeOverCreateDialog(bus, {
            conversationLimetype: 'ulconversation',
            openPrompt: vi.fn(),
        });
        expect(result).toEqual({
            installed: false,
            reason: 'the command bus cannot return the current handler (getHandler)',
        });
        bus.handle(new LimeCreateDialogCommand({ name: 'ulconversation' }));
        expect(limeDialog.handle).toHaveBeenCalled();
    });

    it('leaves a bus alone that has no create dialog to hand other limetypes to', () => {
        const result = takeOverCreateDialog(createCommandBus(), {
            conversationLimetype: 'ulconversation',
            openPrompt: vi.fn(),
        });
        expect(result).toMatchObject({ installed: false });
    });
});

describe('findTargetObject', () => {
    it('reads the relation back to the object as an id or an object with id', () => {
        expect(findTargetObject({ helpdesk: 1009 })).toEqual({
            target: { limetype: 'helpdesk', id: 1009 },
            relation: 'helpdesk',
        });
        expect(findTargetObject({ ticket: { id: 5, limetype: { name: 'helpdesk' } } })).toEqual({
            target: { limetype: 'helpdesk', id: 5 },
            relation: 'ticket',
        });
        expect(findTargetObject({ deal: { _id: 9 } })).toEqual({
            target: { limetype: 'deal', id: 9 },
            relation: 'deal',
        });
    });

    it('takes the limetype of a relation not named after it from the configuration', () => {
        expect(
            findTargetObject({ ticket: 5 }, (relation) =>
                relation === 'ticket' ? 'helpdesk' : undefined
            )
        ).toEqual({
            target: { limetype: 'helpdesk', id: 5 },
            relation: 'ticket',
        });
    });

    it("skips the conversation's own values and system properties", () => {
        expect(findTargetObject({ conversationid: 5550001, _id: 3, deal: 9 })).toMatchObject({
            relation: 'deal',
        });
        expect(findTargetObject({ conversationid: 5550001 })).toBeNull();
        expect(findTargetObject({ helpdesk: 0 })).toBeNull();
        expect(findTargetObject(null)).toBeNull();
    });
});

describe('readLimetypeName', () => {
    it('reads a LimeType object or a name', () => {
        expect(readLimetypeName({ name: 'deal' })).toBe('deal');
        expect(readLimetypeName('deal')).toBe('deal');
        expect(readLimetypeName(undefined)).toBeUndefined();
        expect(readLimetypeName({})).toBeUndefined();
    });
});
