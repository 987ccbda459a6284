/**
 * Whether a host name is one media may be downloaded from: an entry of `allowed` names it exactly, or is a
 * suffix wildcard (`*.userlike.com`) it falls under. Case and a trailing dot do not matter.
 */
export function isAllowedHost(hostname: string, allowed: readonly string[]): boolean {
    const host = hostname.toLowerCase().replace(/\.$/, '');
    return allowed.some((entry) => {
        const rule = entry.toLowerCase();
        return rule.startsWith('*.')
            ? host.endsWith(rule.slice(1)) && host.length > rule.length - 1
            : host === rule;
    });
}
