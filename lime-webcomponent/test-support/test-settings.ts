import type { ConversationSettings } from '../src/conversations/conversation.types.ts';

/** Lime Chat's defaults, as the component passes them, for unit tests. */
export const TEST_SETTINGS: ConversationSettings = {
    conversationLimetype: 'ulconversation',
    historyLimetype: 'history',
    relationName: 'ulconversation',
    userlikeBaseUrl: 'https://userlike.com/en/umc#/conversation/',
    objectUrlTemplate: 'client/object/{limetype}/{id}',
    applicationRoot: '/lime/',
};
