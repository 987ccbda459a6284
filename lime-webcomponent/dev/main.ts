/**
 * The harness page: mounts the component, and lets a person pick the object, the context shape, the
 * language, the Lime user and a fault, so every state of the component can be tried by hand.
 */
import '../src/index.ts';
import type { LimeWebComponentContext } from '../src/platform/platform.types.ts';
import { createDevPlatform, type DevLanguage } from './dev-platform.ts';

interface HarnessObject {
    limetype: string;
    id: number;
    name: string;
}

const FAULTS: Record<string, object | 'offline' | null> = {
    none: null,
    slow: { latencyMs: 1500 },
    forbidden: { errorRate: 1, errorStatus: 403 },
    server: { errorRate: 1, errorStatus: 500 },
    'create-500': { errorRate: 1, errorStatus: 500, match: { method: 'POST' } },
    hang: { hang: true },
    offline: 'offline',
};

const component = requireElement('component', 'lwc-limepkg-userlike-relay-conversations');
const objectSelect = requireElement('object', 'select');
const shapeSelect = requireElement('context-shape', 'select');
const languageSelect = requireElement('language', 'select');
const userSelect = requireElement('user', 'select');
const faultSelect = requireElement('fault', 'select');
const resetButton = requireElement('reset', 'button');
const toasts = requireElement('toasts', 'div');

function requireElement<K extends keyof HTMLElementTagNameMap>(
    id: string,
    tag: K
): HTMLElementTagNameMap[K] {
    const element = document.getElementById(id);
    if (!element || element.localName !== tag) {
        throw new Error(`The harness page lacks <${tag} id="${id}">`);
    }
    return element as HTMLElementTagNameMap[K];
}

async function callHarness(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`/__harness/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const result: unknown = await response.json();
    if (!response.ok) {
        throw new Error(`Harness ${method} ${path} failed: ${JSON.stringify(result)}`);
    }
    return result;
}

function showToast(message: string): void {
    const toast = document.createElement('div');
    toast.className = 'toast';
    toast.textContent = message;
    toasts.append(toast);
    setTimeout(() => toast.remove(), 6000);
}

async function applyPlatform(): Promise<void> {
    const language = languageSelect.value as DevLanguage;
    component.platform = await createDevPlatform({ language, showToast });
}

function applyContext(): void {
    const [limetype = '', id = ''] = objectSelect.value.split(':');
    const object: LimeWebComponentContext = { limetype, id: Number(id) };
    // A relation tab is expected to give the related limetype with the card's object as parent [inferred].
    component.context =
        shapeSelect.value === 'relation'
            ? { limetype: 'ulconversation', id: null, parent: object }
            : object;
}

async function loadObjects(): Promise<void> {
    const objects = (await callHarness('GET', 'objects')) as HarnessObject[];
    const selected = objectSelect.value;
    objectSelect.replaceChildren(
        ...objects.map((object) => {
            const option = document.createElement('option');
            option.value = `${object.limetype}:${object.id}`;
            option.textContent = `${object.limetype} ${object.id}: ${object.name}`;
            return option;
        })
    );
    if (objects.some((object) => `${object.limetype}:${object.id}` === selected)) {
        objectSelect.value = selected;
    }
}

async function applyFault(): Promise<void> {
    const fault = FAULTS[faultSelect.value] ?? null;
    await callHarness('POST', 'network', { offline: fault === 'offline' });
    if (fault === null || fault === 'offline') {
        await callHarness('DELETE', 'faults');
    } else {
        await callHarness('POST', 'faults', fault);
    }
}

objectSelect.addEventListener('change', applyContext);
shapeSelect.addEventListener('change', applyContext);
languageSelect.addEventListener('change', () => void applyPlatform());
userSelect.addEventListener('change', () => {
    void callHarness('POST', 'user', { user: userSelect.value }).then(applyPlatform);
});
faultSelect.addEventListener('change', () => void applyFault());
resetButton.addEventListener('click', () => {
    void callHarness('POST', 'reset').then(async () => {
        faultSelect.value = 'none';
        userSelect.value = 'full';
        await loadObjects();
        applyContext();
        await applyPlatform();
    });
});

await loadObjects();
await applyPlatform();
applyContext();
document.body.dataset.ready = 'true';
