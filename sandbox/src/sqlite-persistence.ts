/**
 * Optional persistence of the sandbox state to a SQLite file (node:sqlite, built into Node 24), so a
 * demo sandbox keeps its objects across restarts. Every store change is written through at once.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { LimeObjectRecord, ObjectStore, StoreChange } from './object-store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS objects (limetype TEXT NOT NULL, id INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (limetype, id));
CREATE TABLE IF NOT EXISTS restricted (limetype TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (limetype, id));
CREATE TABLE IF NOT EXISTS files (id INTEGER PRIMARY KEY, filename TEXT NOT NULL, content_type TEXT NOT NULL, created_by INTEGER NOT NULL, last_modified TEXT NOT NULL, content BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** Mirrors an ObjectStore into a SQLite file. */
export class SqlitePersistence {
    private readonly database: DatabaseSync;

    constructor(path: string) {
        mkdirSync(dirname(path), { recursive: true });
        this.database = new DatabaseSync(path);
        this.database.exec('PRAGMA journal_mode = WAL;');
        this.database.exec(SCHEMA);
    }

    /** Whether the file holds no saved state yet. */
    isEmpty(): boolean {
        const row = this.database.prepare("SELECT value FROM settings WHERE key = 'nextId'").get();
        return row === undefined;
    }

    /** Loads the saved state into an (empty) store; call before `attach`. */
    load(store: ObjectStore): void {
        for (const row of this.database
            .prepare('SELECT limetype, data FROM objects ORDER BY id')
            .all()) {
            store.put(String(row.limetype), JSON.parse(String(row.data)) as LimeObjectRecord);
        }
        for (const row of this.database.prepare('SELECT limetype, id FROM restricted').all()) {
            store.restrict(String(row.limetype), Number(row.id));
        }
        for (const row of this.database.prepare('SELECT * FROM files').all()) {
            store.putFile({
                id: Number(row.id),
                filename: String(row.filename),
                contentType: String(row.content_type),
                createdBy: Number(row.created_by),
                lastModified: String(row.last_modified),
                content: Buffer.from(row.content as Uint8Array),
            });
        }
        const next = this.database.prepare("SELECT value FROM settings WHERE key = 'nextId'").get();
        if (next) {
            store.setNextId(Number(next.value));
        }
    }

    /** Remembers the ids of the seeded demo objects (null: not seeded), so a restart knows them. */
    saveSeedIds(seedIds: object | null): void {
        this.database
            .prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('seedIds', ?)")
            .run(JSON.stringify(seedIds));
    }

    /** The seed ids saved with the state, or null. */
    loadSeedIds(): unknown {
        const row = this.database.prepare("SELECT value FROM settings WHERE key = 'seedIds'").get();
        return row ? (JSON.parse(String(row.value)) as unknown) : null;
    }

    /** Writes every later change of the store through to the file. */
    attach(store: ObjectStore): void {
        store.onChange = (change) => this.apply(change);
    }

    private apply(change: StoreChange): void {
        const run = (sql: string, ...values: (string | number | Uint8Array)[]): void => {
            this.database.prepare(sql).run(...values);
        };
        switch (change.kind) {
            case 'object':
                if (change.record) {
                    run(
                        'INSERT OR REPLACE INTO objects (limetype, id, data) VALUES (?, ?, ?)',
                        change.limetype,
                        change.id,
                        JSON.stringify(change.record)
                    );
                } else {
                    run(
                        'DELETE FROM objects WHERE limetype = ? AND id = ?',
                        change.limetype,
                        change.id
                    );
                    run(
                        'DELETE FROM restricted WHERE limetype = ? AND id = ?',
                        change.limetype,
                        change.id
                    );
                }
                break;
            case 'restrict':
                run(
                    'INSERT OR IGNORE INTO restricted (limetype, id) VALUES (?, ?)',
                    change.limetype,
                    change.id
                );
                break;
            case 'file':
                run(
                    'INSERT OR REPLACE INTO files (id, filename, content_type, created_by, last_modified, content) VALUES (?, ?, ?, ?, ?, ?)',
                    change.file.id,
                    change.file.filename,
                    change.file.contentType,
                    change.file.createdBy,
                    change.file.lastModified,
                    change.file.content
                );
                break;
            case 'sequence':
                run(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES ('nextId', ?)",
                    String(change.nextId)
                );
                break;
            case 'clear':
                this.database.exec(
                    'DELETE FROM objects; DELETE FROM restricted; DELETE FROM files; DELETE FROM settings;'
                );
                break;
        }
    }

    /** Closes the file. */
    close(): void {
        this.database.close();
    }
}
