/**
 * The Lime packages the stand-in web client serves, found the way Lime finds them: each package's Python
 * module is imported and asked for `register_static_content()`, whose `(route, path)` pairs are served at
 * `<application>/static/<package name>/<route>/`, and its `translations/*.po` files feed the translate service.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { po } from 'gettext-parser';

const run = promisify(execFile);

/** A package to install: its distribution name, Python module, and the folder the module is in. */
export interface PackageSource {
    name: string;
    module: string;
    /** Put on PYTHONPATH so `import <module>` finds it (a checkout; an installed package needs none). */
    pythonPath: string;
}

/** What the web client knows of an installed package. */
export interface InstalledPackage {
    name: string;
    module: string;
    /** `route → folder` from `register_static_content()`. */
    staticContent: Map<string, string>;
    /** The folder of the module's `.po` files. */
    translationsDir: string;
}

/** This repository's Lime package (lime-package/). */
export const THIS_PACKAGE: PackageSource = {
    name: 'limepkg-userlike-relay',
    module: 'limepkg_userlike_relay',
    pythonPath: fileURLToPath(new URL('../../../lime-package/', import.meta.url)),
};

// Imports the module as lime-webserver would and prints what it declares, as JSON.
const PROBE = `
import importlib, json, os, sys
module = importlib.import_module(sys.argv[1])
static = [[route, os.path.abspath(path)] for route, path in module.register_static_content()]
print(json.dumps({"static": static, "dir": os.path.dirname(os.path.abspath(module.__file__))}))
`;

/** Asks the package's Python module what it serves; throws with Python's own message when it cannot. */
export async function installPackage(source: PackageSource): Promise<InstalledPackage> {
    const { stdout } = await run('python3', ['-c', PROBE, source.module], {
        env: { ...process.env, PYTHONPATH: source.pythonPath },
        timeout: 15_000,
    });
    const answer = JSON.parse(stdout) as { static: [string, string][]; dir: string };
    return {
        name: source.name,
        module: source.module,
        staticContent: new Map(answer.static),
        translationsDir: join(answer.dir, 'translations'),
    };
}

/** Every text of the installed packages in one language (`msgid → msgstr`), as Lime's translate service has them. */
export async function readTranslations(
    packages: readonly InstalledPackage[],
    language: string
): Promise<Record<string, string>> {
    const texts: Record<string, string> = {};
    for (const installed of packages) {
        let files: string[];
        try {
            files = await readdir(installed.translationsDir);
        } catch {
            continue;
        }
        if (!files.includes(`${language}.po`)) continue;
        const parsed = po.parse(await readFile(join(installed.translationsDir, `${language}.po`)));
        for (const context of Object.values(parsed.translations)) {
            for (const [msgid, entry] of Object.entries(context)) {
                const text = entry.msgstr[0];
                if (msgid !== '' && text) texts[msgid] = text;
            }
        }
    }
    return texts;
}
