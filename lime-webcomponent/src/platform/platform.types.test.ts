/**
 * The local platform types (platform.types.ts) against Lime's own interfaces: whatever the web client passes
 * as typed by `@limetech/lime-web-components-interfaces` must be accepted by this component. Checked by
 * `tsc -p lime-webcomponent/tsconfig.json`; the runtime assertions are no-ops.
 *
 * The interfaces come from the package `@limetech/lime-web-components` depends on: that package itself
 * ships no `dist/` at 2.1.0 (see platform.types.ts), its interfaces package does.
 */
import type {
    HttpService,
    LimeWebComponent,
    LimeWebComponentContext as LimeContext,
    LimeWebComponentPlatform as LimePlatform,
    NotificationService as LimeNotificationService,
    TranslateService as LimeTranslateService,
} from '@limetech/lime-web-components-interfaces';
import { describe, expectTypeOf, it } from 'vitest';
import type { ConversationsView } from '../elements/conversations/conversations.ts';
import type {
    HttpClient,
    LimeWebComponentContext,
    LimeWebComponentPlatform,
    NotificationService,
    TranslateService,
} from './platform.types.ts';

describe("Lime's interfaces fit the component's platform types", () => {
    it('accepts the platform and context the web client passes', () => {
        expectTypeOf<LimePlatform>().toExtend<LimeWebComponentPlatform>();
        expectTypeOf<LimeContext>().toExtend<LimeWebComponentContext>();
        expectTypeOf<LimeWebComponent['platform']>().toExtend<ConversationsView['platform']>();
        expectTypeOf<LimeWebComponent['context']>().toExtend<ConversationsView['context']>();
    });

    it('accepts the services it gets from the platform', () => {
        expectTypeOf<HttpService>().toExtend<HttpClient>();
        expectTypeOf<LimeTranslateService>().toExtend<TranslateService>();
        expectTypeOf<LimeNotificationService>().toExtend<NotificationService>();
    });
});
