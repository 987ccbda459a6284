import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The relay's modules import one way: the inbound edge (`webhooks/`) and the HTTP pieces the routes share
 * (`http/`) sit on top and are composed by `app.ts`; the use cases (`sync/`, `media/`, `ops/`, `check/`),
 * the journal (`delivery/`), the outbound edge (`lime/`) and the pure mapping (`mapping/`) sit below; the
 * conversation type (`conversation/`) and the error vocabulary (`errors.ts`) are at the bottom, where every
 * layer may read them. This test reads every module's imports (TypeScript's own pre-processor: `import`,
 * `import type`, `export … from` and dynamic `import()`) and names each import that runs the wrong way.
 * Tests are not checked: a test may set up whatever it needs.
 */

const SRC = dirname(fileURLToPath(import.meta.url));

/** A rule: no module under one of `modules` may import anything under one of `forbidden`. */
interface Rule {
    why: string;
    modules: readonly string[];
    forbidden: readonly string[];
    /** Modules exempt from the rule (the composition root). */
    except?: readonly string[];
}

const EVERYTHING = [''];

const RULES: readonly Rule[] = [
    {
        why: 'the inbound edge is composed by app.ts alone; nothing below it reads from it',
        modules: EVERYTHING,
        forbidden: ['webhooks/'],
        except: ['webhooks/', 'app.ts'],
    },
    {
        why: 'mapping/, sync/, media/ and ops/ never import from the inbound edge',
        modules: ['mapping/', 'sync/', 'media/', 'ops/'],
        forbidden: ['webhooks/'],
    },
    {
        why: 'the HTTP pieces the routes share are for the routes (webhooks/, ops/) and app.ts',
        modules: EVERYTHING,
        forbidden: ['http/'],
        except: ['http/', 'webhooks/', 'ops/', 'app.ts'],
    },
    {
        why: 'the error vocabulary is the bottom: it imports no module of the relay',
        modules: ['errors.ts'],
        forbidden: EVERYTHING,
    },
    {
        why: 'the conversation type is the bottom: it reads only the error vocabulary',
        modules: ['conversation/'],
        forbidden: EVERYTHING,
        except: ['conversation/', 'errors.ts'],
    },
    {
        why: 'the journal and its worker know nothing of Lime, Userlike or HTTP',
        modules: ['delivery/'],
        forbidden: EVERYTHING,
        except: ['delivery/', 'errors.ts'],
    },
    {
        why: 'mapping is pure: no Lime requests, no journal, no use case',
        modules: ['mapping/'],
        forbidden: ['sync/', 'media/', 'delivery/', 'ops/', 'check/', 'lime/client.ts', 'http/'],
    },
    {
        why: 'the Lime client is an edge: it knows nothing of what the relay does with Lime',
        modules: ['lime/'],
        forbidden: ['sync/', 'media/', 'mapping/', 'delivery/', 'ops/', 'check/', 'http/'],
    },
];

/** `relay/src`-relative paths (with `/`) of the modules `text` imports, relative specifiers only. */
function importsOf(file: string, text: string): string[] {
    return ts
        .preProcessFile(text, true, true)
        .importedFiles.map((imported) => imported.fileName)
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => posix.normalize(posix.join(posix.dirname(file), specifier)));
}

const under = (path: string, prefixes: readonly string[]) =>
    prefixes.some((prefix) => prefix === '' || path === prefix || path.startsWith(prefix));

/** Each import of `file` that breaks a rule, as `file → imported (why)`. */
function violationsOf(file: string, imports: readonly string[]): string[] {
    const found: string[] = [];
    for (const rule of RULES) {
        if (!under(file, rule.modules) || under(file, rule.except ?? [])) continue;
        for (const imported of imports) {
            if (imported.startsWith('../')) continue; // outside relay/src (openapi/generated)
            if (under(imported, rule.forbidden) && !under(imported, rule.except ?? []))
                found.push(`${file} → ${imported} (${rule.why})`);
        }
    }
    return found;
}

function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return sourceFiles(path);
        return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
    });
}

describe('import direction', () => {
    const files = sourceFiles(SRC).map((path) => relative(SRC, path).split(sep).join('/'));

    it('finds the relay’s modules and their imports', () => {
        expect(files.length).toBeGreaterThan(80);
        expect(files).toEqual(
            expect.arrayContaining(['app.ts', 'errors.ts', 'sync/send-conversation.ts'])
        );
    });

    it('has no import that runs the wrong way', () => {
        const violations = files.flatMap((file) =>
            violationsOf(file, importsOf(file, readFileSync(join(SRC, file), 'utf8')))
        );
        expect(violations).toEqual([]);
    });

    it('sees every kind of import a module can make', () => {
        const text = [
            "import { a } from '../webhooks/a.ts';",
            "import type { B } from '../webhooks/b.ts';",
            "export { c } from '../webhooks/c.ts';",
            "const d = await import('../webhooks/d.ts');",
            "import { e } from './e.ts';",
            "import express from 'express';",
        ].join('\n');
        expect(violationsOf('sync/x.ts', importsOf('sync/x.ts', text))).toEqual(
            expect.arrayContaining(
                ['a', 'b', 'c', 'd'].map((name) =>
                    expect.stringContaining(`sync/x.ts → webhooks/${name}.ts`)
                )
            )
        );
        expect(violationsOf('app.ts', importsOf('app.ts', text))).toEqual([]);
        expect(
            violationsOf(
                'errors.ts',
                importsOf('errors.ts', "import { x } from './conversation/y.ts';")
            )
        ).toEqual([expect.stringContaining('errors.ts → conversation/y.ts')]);
    });
});
