/**
 * The package's frontend entry, built as `<namespace>/<namespace>.esm.js` (Stencil's layout, which the web
 * client loads): importing it defines every element of the package once. Importing it twice (a reload,
 * a second copy) is harmless; see define-once.ts.
 */
import { ConnectDialog } from './elements/connect-dialog/connect-dialog.ts';
import { ConversationRow } from './elements/conversation-row/conversation-row.ts';
import { ConversationsView } from './elements/conversations/conversations.ts';
import { PluginLoader } from './elements/loader/loader.ts';
import { defineOnce } from './internal/define-once.ts';
import { TAG } from './package-names.ts';

export { ConnectDialog, ConversationRow, ConversationsView, PluginLoader };
export type { ConversationConnectedDetail } from './elements/connect-dialog/connect-dialog.ts';
export type {
    LimeWebComponentContext,
    LimeWebComponentPlatform,
} from './platform/platform.types.ts';

defineOnce(TAG.conversationRow, ConversationRow);
defineOnce(TAG.connectDialog, ConnectDialog);
defineOnce(TAG.conversations, ConversationsView);
defineOnce(TAG.loader, PluginLoader);
