// @ts-check
/**
 * The stand-in web client in the browser: a platform with the services a Lime package uses (`http`,
 * `commandBus`, `translate`, `notifications`, `state.limeobjects`, `state.application`, `state.configs`),
 * Lime's own create dialog behind `limeobject.create-dialog`, the installed packages loaded from their
 * static content with their loaders created once, and an object card with the view's components and
 * relation tabs. Plain JavaScript so the sandbox serves it as it is.
 */

/** @type {{applicationRoot: string, apiKey: string, user: string, language: string, object: {limetype: string, id: number}, limetypes: Record<string, any>, view: {components: {name: string, props?: Record<string, unknown>}[], relations: string[]}, packages: {name: string, loader: string, modules: string[]}[]}} */
const boot = JSON.parse(document.getElementById('web-client-boot')?.textContent ?? '{}');

/** The error Lime's http service throws on 4xx/5xx: `status`, and the fetch `Response` with its body unread. */
class HttpResponseError extends Error {
    /**
     * @param {number} status
     * @param {Response} response
     */
    constructor(status, response) {
        super(`HTTP ${status}`);
        this.name = 'HttpResponseError';
        this.status = status;
        this.response = response;
    }
}

/** `http`: relative URLs against the application root, the page user's key, JSON in and out. */
function createHttp() {
    /**
     * @param {string} method
     * @param {string} url
     * @param {object | undefined} data
     */
    const send = async (method, url, data) => {
        const response = await fetch(new URL(url, new URL(boot.applicationRoot, location.origin)), {
            method,
            headers: {
                accept: 'application/json',
                'x-api-key': boot.apiKey,
                ...(data === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body: data === undefined ? undefined : JSON.stringify(data),
        });
        if (!response.ok) throw new HttpResponseError(response.status, response);
        const text = await response.text();
        return text === '' ? null : JSON.parse(text);
    };
    return {
        /** @param {string} url */
        get: (url) => send('GET', url, undefined),
        /** @param {string} url @param {object} [data] */
        post: (url, data) => send('POST', url, data ?? {}),
        /** @param {string} url @param {object} [data] */
        put: (url, data) => send('PUT', url, data ?? {}),
        /** @param {string} url */
        delete: (url) => send('DELETE', url, undefined),
    };
}

/** `commandBus`: one handler per command id, the id being the class's static `commandId`. */
function createCommandBus() {
    /** @type {Map<string, {handle(command: object): unknown}>} */
    const handlers = new Map();
    /** @param {any} value */
    const idOf = (value) =>
        typeof value === 'string' ? value : (value?.commandId ?? value?.constructor?.commandId);
    return {
        /** @param {any} commandClass @param {{handle(command: object): unknown}} handler */
        register(commandClass, handler) {
            handlers.set(idOf(commandClass), handler);
        },
        /** @param {any} commandClass */
        getHandler(commandClass) {
            return handlers.get(idOf(commandClass));
        },
        /** @param {any} commandId */
        isSupported(commandId) {
            return handlers.has(idOf(commandId));
        },
        /** @param {object} command */
        handle(command) {
            const handler = handlers.get(idOf(command));
            if (!handler) throw new Error(`No handler for command ${idOf(command)}`);
            return handler.handle(command);
        },
    };
}

/**
 * `state.limeobjects`: loads objects and relations through `http` and tells subscribers, so every view
 * of an object or relation shows what was loaded last (a package's write followed by a load refreshes
 * the relation tab).
 * @param {ReturnType<typeof createHttp>} http
 */
function createLimeObjects(http) {
    /** @type {Set<(change: {limetype: string, id: number, relation?: string, objects?: any[]}) => void>} */
    const subscribers = new Set();
    /** @param {{limetype: string, id: number, relation?: string, objects?: any[]}} change */
    const tell = (change) => subscribers.forEach((subscriber) => subscriber(change));
    return {
        /** @param {string} limetype @param {number} id */
        async loadObject(limetype, id) {
            const object = await http.get(`api/v1/limeobject/${limetype}/${id}/`);
            tell({ limetype, id });
            return object;
        },
        /** @param {string} limetype @param {number} id @param {string} relation */
        async loadRelations(limetype, id, relation) {
            const body = await http.get(
                `api/v1/limeobject/${limetype}/${id}/${relation}/?_limit=100&_sort=-_id`
            );
            const objects = body?._embedded?.limeobjects ?? [];
            tell({ limetype, id, relation, objects });
            return { objects, totalCount: objects.length };
        },
        /** @param {(change: any) => void} callback */
        subscribe(callback) {
            subscribers.add(callback);
            return () => subscribers.delete(callback);
        },
    };
}

/** @param {string} message */
function showToast(message) {
    const toast = document.createElement('div');
    toast.className = 'toast';
    toast.textContent = message;
    document.getElementById('toasts')?.append(toast);
    setTimeout(() => toast.remove(), 8000);
}

/** Lime's own create dialog (the stand-in shows which limetype it would create, with its default data). */
const limeCreateDialog = {
    /** @param {{limetype: any, limeobject?: any}} command */
    handle(command) {
        const dialog = document.createElement('dialog');
        dialog.className = 'lime-create-dialog';
        const heading = document.createElement('h2');
        heading.textContent = `Create ${command.limetype?.localname?.singular ?? command.limetype?.name ?? command.limetype}`;
        const data = document.createElement('pre');
        data.textContent = JSON.stringify(command.limeobject ?? {});
        const close = document.createElement('button');
        close.textContent = 'Close';
        close.addEventListener('click', () => dialog.close());
        dialog.addEventListener('close', () => dialog.remove());
        dialog.append(heading, data, close);
        document.body.append(dialog);
        dialog.showModal();
    },
};

/** Lime's command class for the create button; the bus matches by `commandId`. */
class CreateLimeobjectDialogCommand {
    static commandId = 'limeobject.create-dialog';
    /** @param {any} limetype @param {any} limeobject */
    constructor(limetype, limeobject) {
        this.limetype = limetype;
        this.limeobject = limeobject;
        this.route = false;
    }
}

async function createPlatform() {
    const http = createHttp();
    const translations = await http.get(`_webclient/translations/${boot.language}`);
    const commandBus = createCommandBus();
    commandBus.register(CreateLimeobjectDialogCommand, limeCreateDialog);
    /** @type {Record<string, unknown>} */
    const services = {
        http,
        commandBus,
        translate: {
            /** @param {string} key */
            get: (key) => translations[key] ?? key,
        },
        notifications: {
            /** @param {string} message */
            notify: async (message) => {
                showToast(message);
                return false;
            },
        },
        'state.limeobjects': createLimeObjects(http),
        'state.application': { getLanguage: () => boot.language },
        'state.configs': { get: () => undefined, has: () => false },
    };
    return {
        type: 'LimeCRMWebClient',
        /** @param {string} name */
        get: (name) => services[name],
        /** @param {string} name */
        has: (name) => name in services,
    };
}

/** Imports each package's namespace module as Lime's loader script does, then creates its loader once. */
async function loadPackages(/** @type {any} */ platform) {
    for (const installed of boot.packages) {
        for (const src of installed.modules) {
            await new Promise((resolve, reject) => {
                const script = document.createElement('script');
                script.type = 'module';
                script.src = src;
                script.dataset.stencilNamespace = src.split('/').at(-2);
                script.addEventListener('load', resolve);
                script.addEventListener('error', () => reject(new Error(`Could not load ${src}`)));
                document.head.append(script);
            });
        }
        if (installed.modules.length === 0) continue;
        await customElements.whenDefined(installed.loader);
        const loader = /** @type {any} */ (document.createElement(installed.loader));
        loader.platform = platform;
        loader.context = { limetype: null, id: null };
        document.body.append(loader);
    }
}

/** The card's components, each with `platform`, `context` and its configured props. */
function renderComponents(/** @type {any} */ platform) {
    const area = document.getElementById('components');
    for (const descriptor of boot.view.components) {
        const element = /** @type {any} */ (document.createElement(descriptor.name));
        Object.assign(element, descriptor.props ?? {});
        element.platform = platform;
        element.context = { limetype: boot.object.limetype, id: boot.object.id };
        area?.append(element);
    }
}

/** Relation tabs: the related objects, and a create button that issues `limeobject.create-dialog`. */
function renderRelations(/** @type {any} */ platform) {
    const area = document.getElementById('relations');
    if (!area) return;
    const limetype = boot.limetypes[boot.object.limetype];
    const repository = platform.get('state.limeobjects');
    const tabs = document.createElement('div');
    tabs.setAttribute('role', 'tablist');
    const panels = document.createElement('div');
    area.append(tabs, panels);
    const relations = boot.view.relations
        .map((name) =>
            limetype.properties.find((/** @type {any} */ property) => property.name === name)
        )
        .filter(Boolean);
    relations.forEach((/** @type {any} */ relation, /** @type {number} */ index) => {
        const related = boot.limetypes[relation.relatedLimetype];
        const tab = document.createElement('button');
        tab.type = 'button';
        tab.setAttribute('role', 'tab');
        tab.id = `tab-${relation.name}`;
        tab.textContent = related?.localname?.plural ?? relation.name;
        const panel = document.createElement('section');
        panel.setAttribute('role', 'tabpanel');
        panel.setAttribute('aria-labelledby', tab.id);
        panel.dataset.relation = relation.name;
        panel.hidden = index !== 0;
        tab.setAttribute('aria-selected', String(index === 0));
        tab.addEventListener('click', () => {
            for (const other of tabs.children) other.setAttribute('aria-selected', 'false');
            for (const other of panels.children) /** @type {HTMLElement} */ (other).hidden = true;
            tab.setAttribute('aria-selected', 'true');
            panel.hidden = false;
        });
        const create = document.createElement('button');
        create.type = 'button';
        create.className = 'create';
        create.textContent = `Create ${related?.localname?.singular ?? relation.name}`;
        create.addEventListener('click', () => {
            platform.get('commandBus').handle(
                new CreateLimeobjectDialogCommand(related, {
                    [relation.relatedProperty]: boot.object.id,
                })
            );
        });
        const list = document.createElement('ul');
        list.className = 'related';
        panel.append(create, list);
        tabs.append(tab);
        panels.append(panel);
        repository.subscribe((/** @type {any} */ change) => {
            if (
                change.limetype === boot.object.limetype &&
                change.id === boot.object.id &&
                change.relation === relation.name
            ) {
                list.replaceChildren(
                    ...change.objects.map((/** @type {any} */ object) => {
                        const item = document.createElement('li');
                        const link = document.createElement('a');
                        link.href = `${boot.applicationRoot}client/object/${relation.relatedLimetype}/${object._id}`;
                        link.textContent = object._descriptive ?? String(object._id);
                        item.append(link);
                        return item;
                    })
                );
                panel.dataset.loaded = String(change.objects.length);
            }
        });
        void repository.loadRelations(boot.object.limetype, boot.object.id, relation.name);
    });
}

const platform = await createPlatform();
try {
    await loadPackages(platform);
} catch (error) {
    showToast(String(error));
}
renderComponents(platform);
renderRelations(platform);
// For tests and benchmarks that mount elements themselves: the page's platform, and a new session's http.
Object.assign(window, { limeWebClient: { platform, createHttp } });
document.body.dataset.ready = 'true';
