import type { LitElement } from 'lit';
import '../src/index.ts';
import type { LimeWebComponentPlatform } from '../src/platform/platform.types.ts';

/**
 * Test support for the elements (run under happy-dom): mounts an element of the package, lets it render,
 * and builds a platform from a map of services. The `limel-*` elements are not defined here, as in a web
 * client that has not loaded them yet; tests drive them through their events.
 */
export async function mount<T extends LitElement>(
    tag: string,
    properties: Partial<T> & Record<string, unknown>
): Promise<T> {
    const element = document.createElement(tag) as T;
    Object.assign(element, properties);
    document.body.append(element);
    await element.updateComplete;
    return element;
}

/** A platform offering exactly these services (`has` says so). */
export function createPlatform(services: Record<string, unknown>): LimeWebComponentPlatform {
    return {
        type: 'LimeCRMWebClient',
        get: (name) => services[name],
        has: (name) => name in services,
    };
}

/** Lets pending promises and Lit updates settle. */
export async function settle(element?: LitElement): Promise<void> {
    for (let round = 0; round < 5; round++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        await element?.updateComplete;
    }
}

/** The text of an element's shadow root, whitespace folded. */
export function shadowText(element: Element): string {
    return (element.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
