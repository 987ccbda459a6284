import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineOnce } from './define-once.ts';

// Node has no custom element registry; a minimal one with the browser's semantics (define throws on a
// second registration of a tag) is enough to test the guard.
function installRegistry() {
    const defined = new Map<string, CustomElementConstructor>();
    const registry = {
        get: (name: string) => defined.get(name),
        define: vi.fn((name: string, constructor: CustomElementConstructor) => {
            if (defined.has(name)) {
                throw new DOMException(`"${name}" has already been used`, 'NotSupportedError');
            }
            defined.set(name, constructor);
        }),
    };
    vi.stubGlobal('customElements', registry);
    return registry;
}

afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
});

describe('defineOnce', () => {
    class First {}
    class Second {}

    it('defines a new tag', () => {
        const registry = installRegistry();
        defineOnce('lwc-x', First as unknown as CustomElementConstructor);
        expect(registry.get('lwc-x')).toBe(First);
    });

    it('does nothing when the same class is defined again', () => {
        const registry = installRegistry();
        const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
        defineOnce('lwc-x', First as unknown as CustomElementConstructor);
        defineOnce('lwc-x', First as unknown as CustomElementConstructor);
        expect(registry.define).toHaveBeenCalledTimes(1);
        expect(warn).not.toHaveBeenCalled();
    });

    it('keeps the first class and warns when another copy registers the tag', () => {
        const registry = installRegistry();
        const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
        defineOnce('lwc-x', First as unknown as CustomElementConstructor);
        defineOnce('lwc-x', Second as unknown as CustomElementConstructor);
        expect(registry.get('lwc-x')).toBe(First);
        expect(warn).toHaveBeenCalledWith(expect.stringContaining('<lwc-x> is already defined'));
    });
});
