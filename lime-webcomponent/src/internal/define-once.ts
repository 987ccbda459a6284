/**
 * Registers a custom element unless the tag is already defined.
 *
 * A Lime solution may load the bundle more than once (two packages, a hot reload, a loader plus a direct
 * import), and a second `customElements.define` of the same tag throws. A different class under the same
 * tag means two versions are loaded; the first one wins and a warning says so.
 */
export function defineOnce(tagName: string, elementClass: CustomElementConstructor): void {
    const existing = customElements.get(tagName);
    if (existing === undefined) {
        customElements.define(tagName, elementClass);
        return;
    }
    if (existing !== elementClass) {
        console.warn(
            `<${tagName}> is already defined by another copy of this bundle; keeping the first one.`
        );
    }
}
