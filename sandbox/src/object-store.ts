/**
 * The sandbox's in-memory state: objects per limetype, uploaded files, which objects are restricted,
 * and the one global id sequence (objects and files share it, starting at 1001).
 * Every change is reported to `onChange` so an optional SQLite file can mirror it.
 */

/** A stored object: plain property values (belongsto = id or null, option = key or null) and system fields. */
export interface LimeObjectRecord {
    _id: number;
    [property: string]: unknown;
}

/** An uploaded file. */
export interface StoredFile {
    id: number;
    filename: string;
    contentType: string;
    content: Buffer;
    createdBy: number;
    lastModified: string;
}

/** One change, in the order it happened. */
export type StoreChange =
    | { kind: 'object'; limetype: string; id: number; record: LimeObjectRecord | null }
    | { kind: 'file'; file: StoredFile }
    | { kind: 'restrict'; limetype: string; id: number }
    | { kind: 'sequence'; nextId: number }
    | { kind: 'clear' };

/** The first id the global sequence hands out. */
export const FIRST_ID = 1001;

function restrictionKey(limetype: string, id: number): string {
    return `${limetype}:${id}`;
}

/** In-memory storage; callers validate before writing. */
export class ObjectStore {
    private nextId = FIRST_ID;
    private readonly objectsByLimetype = new Map<string, Map<number, LimeObjectRecord>>();
    private readonly restricted = new Set<string>();
    private readonly restrictedLimetypes = new Set<string>();
    private readonly files = new Map<number, StoredFile>();
    /** Called after every change (used for persistence). */
    onChange: ((change: StoreChange) => void) | undefined;

    /** Hands out the next id of the global sequence. */
    allocateId(): number {
        const id = this.nextId;
        this.nextId += 1;
        this.onChange?.({ kind: 'sequence', nextId: this.nextId });
        return id;
    }

    /** Sets the sequence (when loading persisted state). */
    setNextId(nextId: number): void {
        this.nextId = nextId;
    }

    /** The stored objects of a limetype, by ascending id (live records: do not mutate). */
    list(limetype: string): LimeObjectRecord[] {
        const objects = this.objectsByLimetype.get(limetype);
        return objects ? [...objects.values()].sort((a, b) => a._id - b._id) : [];
    }

    /** One stored object (live record: do not mutate), or undefined. */
    get(limetype: string, id: number): LimeObjectRecord | undefined {
        return this.objectsByLimetype.get(limetype)?.get(id);
    }

    /** Inserts or replaces an object. */
    put(limetype: string, record: LimeObjectRecord): void {
        let objects = this.objectsByLimetype.get(limetype);
        if (!objects) {
            objects = new Map();
            this.objectsByLimetype.set(limetype, objects);
        }
        objects.set(record._id, record);
        this.onChange?.({ kind: 'object', limetype, id: record._id, record });
    }

    /** Removes an object; returns whether it existed. */
    delete(limetype: string, id: number): boolean {
        const deleted = this.objectsByLimetype.get(limetype)?.delete(id) ?? false;
        if (deleted) {
            this.restricted.delete(restrictionKey(limetype, id));
            this.onChange?.({ kind: 'object', limetype, id, record: null });
        }
        return deleted;
    }

    /** Marks an object as unreadable for the restricted key. */
    restrict(limetype: string, id: number): void {
        this.restricted.add(restrictionKey(limetype, id));
        this.onChange?.({ kind: 'restrict', limetype, id });
    }

    /** Whether an object is restricted. */
    isRestricted(limetype: string, id: number): boolean {
        return this.restricted.has(restrictionKey(limetype, id));
    }

    /** Marks a whole limetype as unreadable for the restricted key (not persisted). */
    restrictLimetype(limetype: string): void {
        this.restrictedLimetypes.add(limetype);
    }

    /** Whether a whole limetype is restricted. */
    isLimetypeRestricted(limetype: string): boolean {
        return this.restrictedLimetypes.has(limetype);
    }

    /** Stores an uploaded file. */
    putFile(file: StoredFile): void {
        this.files.set(file.id, file);
        this.onChange?.({ kind: 'file', file });
    }

    /** One uploaded file, or undefined. */
    getFile(id: number): StoredFile | undefined {
        return this.files.get(id);
    }

    /** Forgets everything and restarts the sequence at 1001. */
    clear(): void {
        this.objectsByLimetype.clear();
        this.restricted.clear();
        this.restrictedLimetypes.clear();
        this.files.clear();
        this.nextId = FIRST_ID;
        this.onChange?.({ kind: 'clear' });
    }
}
