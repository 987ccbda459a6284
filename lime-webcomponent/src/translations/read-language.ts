import { findApplication } from '../platform/get-services.ts';
import type { LimeWebComponentPlatform } from '../platform/platform.types.ts';

/**
 * The user's language (a BCP 47 tag such as `sv` or `en-GB`) for dates and numbers: what the web client's
 * `state.application` repository says, so a Swedish user sees Swedish dates whatever the page's own
 * `lang`. Only a client without that repository falls back to the page, then to English.
 */
export function readLanguage(platform: LimeWebComponentPlatform | undefined): string {
    const application = platform ? findApplication(platform) : undefined;
    try {
        const language = application?.getLanguage();
        if (typeof language === 'string' && language.trim() !== '') {
            return language.trim();
        }
    } catch {
        // A repository that throws is treated as absent.
    }
    return globalThis.document?.documentElement.lang || 'en';
}
