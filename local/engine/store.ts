/**
 * Durable document storage for the local cloud: SQLite (WAL) on disk, every collection also held in
 * memory for queries. A batch of writes is one SQLite transaction, so a database request is applied
 * whole or not at all, and what was acknowledged survives a crash (kill -9) of the process.
 */
import Database from 'better-sqlite3';
import { EJSON } from 'bson';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Document = Record<string, unknown> & { _id: string };

/**
 * The store's key for a document id. CloudBase keeps a number `_id` a number (add() answers `_id`
 * String | Number), a different id from the string of its digits: `5` and `'5'` are two documents.
 */
export function idKey(id: unknown): string {
  return typeof id === 'number' ? `\u0000number:${id}` : String(id);
}

export interface Entry {
  doc: Document;
  /** Bumped on every write; transactions use it to detect conflicting writers. */
  version: number;
  /** Position in the collection's storage order (set when the document is first written). */
  seq: number;
}

/** One committed write, with the entry it replaced and the one it made (undefined: none / removed). */
export interface Change {
  write: Write;
  before: Entry | undefined;
  after: Entry | undefined;
}

export interface Write {
  collection: string;
  id: string;
  /** The new document, or null to delete it. */
  doc: Document | null;
}

export class DocumentStore {
  private readonly sqlite: Database.Database;
  private readonly collections = new Map<string, Map<string, Entry>>();
  private readonly upsertStmt: Database.Statement;
  private readonly deleteStmt: Database.Statement;
  private readonly createStmt: Database.Statement;
  private readonly applyBatch: (writes: Write[]) => void;
  private versionCounter = 0;
  private seqCounter = 0;
  private readonly observers: ((changes: Change[]) => void)[] = [];

  /** `file` is a path under DATA_DIR, or ':memory:' for throwaway stores. */
  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.sqlite = new Database(file);
    this.sqlite.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed write survives the process being killed; only an OS crash or
    // power loss can lose the last transactions, which is acceptable for a development cloud.
    this.sqlite.pragma('synchronous = NORMAL');
    this.sqlite.exec(
      'CREATE TABLE IF NOT EXISTS documents (collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (collection, id)) WITHOUT ROWID',
    );
    // Collections exist on their own (an empty one too), as in CloudBase: created, never implied by a read.
    this.sqlite.exec('CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY) WITHOUT ROWID');
    this.createStmt = this.sqlite.prepare('INSERT OR IGNORE INTO collections (name) VALUES (?)');
    this.upsertStmt = this.sqlite.prepare(
      'INSERT INTO documents (collection, id, body) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body',
    );
    this.deleteStmt = this.sqlite.prepare('DELETE FROM documents WHERE collection = ? AND id = ?');
    this.applyBatch = this.sqlite.transaction((writes: Write[]) => {
      for (const w of writes) {
        if (!this.collections.has(w.collection)) this.createStmt.run(w.collection);
        if (w.doc) this.upsertStmt.run(w.collection, w.id, EJSON.stringify(w.doc, { relaxed: false }));
        else this.deleteStmt.run(w.collection, w.id);
      }
    });
    this.load();
  }

  private load(): void {
    const names = this.sqlite.prepare('SELECT name FROM collections').all() as { name: string }[];
    for (const { name } of names) this.entries(name);
    const rows = this.sqlite.prepare('SELECT collection, id, body FROM documents').iterate() as Iterable<{
      collection: string;
      id: string;
      body: string;
    }>;
    // Loaded documents get versions too: 0 means "absent" to the transaction conflict check, so a
    // reloaded document at 0 could be removed under an open transaction without it noticing.
    for (const row of rows) {
      this.entries(row.collection).set(row.id, {
        doc: EJSON.parse(row.body, { relaxed: true }) as Document,
        version: ++this.versionCounter,
        seq: ++this.seqCounter,
      });
    }
    // Data written before collections were recorded: its collections exist.
    const known = new Set(names.map((n) => n.name));
    for (const name of this.collections.keys()) if (!known.has(name)) this.createStmt.run(name);
  }

  entries(collection: string): Map<string, Entry> {
    let m = this.collections.get(collection);
    if (!m) {
      m = new Map();
      this.collections.set(collection, m);
    }
    return m;
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  /** Creates an empty collection; answers false when it already exists. */
  createCollection(name: string): boolean {
    if (this.collections.has(name)) return false;
    this.createStmt.run(name);
    this.entries(name);
    return true;
  }

  get(collection: string, id: string): Entry | undefined {
    return this.collections.get(collection)?.get(id);
  }

  collectionNames(): string[] {
    return [...this.collections.keys()];
  }

  /** Applies writes atomically: on disk first, then in memory. */
  commit(writes: Write[]): void {
    if (writes.length === 0) return;
    this.applyBatch(writes);
    const changes: Change[] = [];
    for (const w of writes) {
      const m = this.entries(w.collection);
      const before = m.get(w.id);
      let after: Entry | undefined;
      if (w.doc) {
        after = { doc: w.doc, version: ++this.versionCounter, seq: before?.seq ?? ++this.seqCounter };
        m.set(w.id, after);
      } else m.delete(w.id);
      changes.push({ write: w, before, after });
    }
    for (const observe of this.observers) observe(changes);
  }

  /** Calls `fn` for every write committed from now on (with the document it replaced), e.g. for indexes. */
  observe(fn: (changes: Change[]) => void): void {
    this.observers.push(fn);
  }

  close(): void {
    this.sqlite.close();
  }
}
