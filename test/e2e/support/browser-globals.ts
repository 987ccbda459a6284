/**
 * The few DOM shapes the `page.evaluate` callbacks use. `test/` is type-checked without the DOM lib
 * (it is Node code), so callbacks read `document` through {@link BrowserGlobals} instead.
 */
export interface DomNode {
    localName: string;
    id: string;
    getAttribute(name: string): string | null;
    querySelector(selector: string): DomNode | null;
    shadowRoot: DomShadowRoot | null;
    click(): void;
}

export interface DomShadowRoot {
    activeElement: DomNode | null;
    querySelector(selector: string): DomNode | null;
}

/** `globalThis` in the page. */
export interface BrowserGlobals {
    document: { activeElement: DomNode | null; querySelector(selector: string): DomNode | null };
}
