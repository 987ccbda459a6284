/**
 * Entry of the bundle Lime loads: registers `<lwc-userlike-conversations>` once.
 * Importing it twice (two packages, a reload) is harmless; see define-once.ts.
 */
import { LwcUserlikeConversations } from './components/lwc-userlike-conversations/lwc-userlike-conversations.ts';
import { defineOnce } from './internal/define-once.ts';

export { LwcUserlikeConversations };
export type {
    LimeWebComponentContext,
    LimeWebComponentPlatform,
} from './platform/platform.types.ts';

defineOnce('lwc-userlike-conversations', LwcUserlikeConversations);
