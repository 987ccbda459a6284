/** Lime Chat's default `baseUrl` for links into Userlike's Message Center. */
export const DEFAULT_USERLIKE_BASE_URL = 'https://userlike.com/en/umc#/conversation/';

/**
 * Default template of a Lime web client object URL, relative to the application root
 * (`<app root>/client/object/<limetype>/<id>`, docs/assumptions.md W12).
 */
export const DEFAULT_OBJECT_URL_TEMPLATE = 'client/object/{limetype}/{id}';

/** Builds the URL that opens a conversation in Userlike: the base URL followed by the conversation ID. */
export function buildUserlikeUrl(baseUrl: string, conversationId: number): string {
    return `${baseUrl}${conversationId}`;
}

/**
 * Builds the web client URL of a limeobject from a template with `{limetype}` and `{id}` placeholders,
 * resolved against the application root. An absolute template (`https://…`) ignores the root.
 *
 * @example buildObjectUrl('client/object/{limetype}/{id}', '/lime/', 'history', 12) // '/lime/client/object/history/12'
 */
export function buildObjectUrl(
    template: string,
    applicationRoot: string,
    limetype: string,
    id: number
): string {
    const path = template
        .replaceAll('{limetype}', encodeURIComponent(limetype))
        .replaceAll('{id}', String(id));
    if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/')) {
        return path;
    }
    return `${ensureTrailingSlash(applicationRoot)}${path}`;
}

/**
 * Finds the application root (the path before the web client's `client/` segment) in a page path.
 * Relative links would otherwise resolve against the card's own URL (`…/client/object/helpdesk/`).
 * How the web client prefixes its routes on-prem or in the cloud is an assumption (docs/assumptions.md
 * W12); set the element's `applicationRoot` property when this guess is wrong.
 *
 * @example findApplicationRoot('/lime/client/object/helpdesk/1001') // '/lime/'
 */
export function findApplicationRoot(pathname: string): string {
    const index = pathname.indexOf('/client/');
    return index === -1 ? '/' : pathname.slice(0, index + 1);
}

function ensureTrailingSlash(path: string): string {
    return path.endsWith('/') ? path : `${path}/`;
}
