import type { TranslateService } from '../platform/platform.types.ts';
import { en, type TranslationKey } from './en.ts';

/** Values substituted into `{name}` placeholders. */
export type TranslationParams = Record<string, string | number>;

/** Translates one key; always returns displayable text. */
export type Translator = (key: TranslationKey, params?: TranslationParams) => string;

/**
 * Creates a translator that asks the host's translate service first and falls back to English.
 *
 * The service returns the key itself when it has no text for it, so a result equal to the key, an empty
 * result, or a throwing service all mean "use English". Placeholders left in the service's text (`{id}`)
 * are filled in here too, because the host's own interpolation syntax is not documented
 * (docs/assumptions.md W8).
 */
export function createTranslator(service: TranslateService | undefined): Translator {
    return (key, params) => {
        const fromService = askService(service, key, params);
        const text = fromService ?? en[key];
        return params ? interpolate(text, params) : text;
    };
}

/** Replaces `{name}` placeholders with the matching parameter; unknown placeholders stay as written. */
export function interpolate(text: string, params: TranslationParams): string {
    return text.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
        Object.hasOwn(params, name) ? String(params[name]) : placeholder
    );
}

function askService(
    service: TranslateService | undefined,
    key: string,
    params: TranslationParams | undefined
): string | undefined {
    if (!service) {
        return undefined;
    }
    try {
        const text = service.get(key, params);
        return typeof text === 'string' && text !== '' && text !== key ? text : undefined;
    } catch {
        return undefined;
    }
}
