/**
 * Durability of the local cloud's store: what was acknowledged is on disk, whole, after a clean close and
 * after the process is killed (SIGKILL) in the middle of writing.
 */
import Database from 'better-sqlite3';
import { EJSON } from 'bson';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLocalCloud } from '../../local/cloud';
import { DatabaseEngine, DatabaseError } from '../../local/engine/database';
import { DocumentStore, type Document } from '../../local/engine/store';
import { projectRoot } from '../../local/paths';

jest.setTimeout(120_000);

const root = projectRoot(__dirname);
const tmpDirs: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-durability-'));
  tmpDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** One wire request as the SDK sends it: queries and data as EJSON strings. */
function wire(engine: DatabaseEngine, action: string, params: Record<string, unknown>) {
  const encoded: Record<string, unknown> = { ...params };
  for (const k of ['query', 'data'] as const) {
    if (params[k] !== undefined && !Array.isArray(params[k]))
      encoded[k] = EJSON.stringify(params[k] as object);
  }
  if (Array.isArray(params.data)) encoded.data = params.data.map((d) => EJSON.stringify(d as object));
  return engine.handle(action, encoded);
}

describe('when the store is closed and opened again', () => {
  it('has every committed write, with its types, and none of the deleted documents', () => {
    const file = path.join(tmpDir(), 'cloud.db');
    const at = new Date('2024-05-06T07:08:09.010Z');
    const a = new DocumentStore(file);
    a.commit([
      {
        collection: 'users',
        id: 'u1',
        doc: { _id: 'u1', name: '王五', at, roles: ['deputy'], profile: { age: 51, ok: true, none: null } },
      },
      { collection: 'users', id: 'u2', doc: { _id: 'u2', name: 'gone' } },
      { collection: 'bookings', id: 'b1', doc: { _id: 'b1', n: 1.5, big: 2 ** 40 } },
    ]);
    a.commit([{ collection: 'users', id: 'u2', doc: null }]);
    a.commit([{ collection: 'bookings', id: 'b1', doc: { _id: 'b1', n: 2.5, big: 2 ** 40 } }]);
    a.close();

    const b = new DocumentStore(file);
    try {
      expect(b.collectionNames().sort()).toEqual(['bookings', 'users']);
      const u1 = b.get('users', 'u1')!.doc;
      expect(u1).toEqual({
        _id: 'u1',
        name: '王五',
        at,
        roles: ['deputy'],
        profile: { age: 51, ok: true, none: null },
      });
      expect(u1.at).toBeInstanceOf(Date);
      expect(b.get('users', 'u2')).toBeUndefined();
      expect(b.get('bookings', 'b1')!.doc).toEqual({ _id: 'b1', n: 2.5, big: 2 ** 40 });
    } finally {
      b.close();
    }
  });

  it('through the SDK: a local cloud started again on the same DATA_DIR answers what the first one wrote', async () => {
    const dataDir = tmpDir();
    const first = await startLocalCloud({ dataDir });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const db = cloud.database() as any;
    try {
      await db
        .collection('opinions')
        .add({ data: { _id: 'o1', text: '路灯坏了', at: new Date('2024-01-01T00:00:00Z'), votes: 0 } });
      await db
        .collection('opinions')
        .doc('o1')
        .update({ data: { votes: db.command.inc(2) } });
      await db.collection('opinions').add({ data: { _id: 'o2', text: 'temp' } });
      await db.collection('opinions').doc('o2').remove();
    } finally {
      await first.stop();
    }

    const second = await startLocalCloud({ dataDir });
    try {
      const res = await db.collection('opinions').get();
      expect(res.data).toEqual([
        { _id: 'o1', text: '路灯坏了', at: new Date('2024-01-01T00:00:00Z'), votes: 2 },
      ]);
      expect(second.store.get('opinions', 'o1')?.doc.votes).toBe(2);
    } finally {
      await second.stop();
    }
  });

  it('a transaction that read a reloaded document does not commit over its removal', () => {
    // Reloaded documents must carry versions that differ from "absent", or a conflict goes unseen.
    const file = path.join(tmpDir(), 'cloud.db');
    const a = new DocumentStore(file);
    a.commit([{ collection: 'days', id: 'd1', doc: { _id: 'd1', booked: 3 } }]);
    a.close();

    const store = new DocumentStore(file);
    try {
      const engine = new DatabaseEngine(store);
      const { transactionId } = engine.handle('database.startTransaction', {}) as { transactionId: string };
      const read = wire(engine, 'database.getDocument', {
        collectionName: 'days',
        query: { _id: 'd1' },
        transactionId,
      });
      expect((read.data as { list: string[] }).list).toHaveLength(1);
      wire(engine, 'database.removeDocument', { collectionName: 'days', query: { _id: 'd1' }, multi: false });
      expect(() =>
        wire(engine, 'database.modifyDocument', {
          collectionName: 'days',
          query: { _id: 'd1' },
          data: { $inc: { booked: 1 } },
          transactionId,
          multi: false,
          merge: true,
        }),
      ).toThrow(/^\[ResourceUnavailable\.TransactionConflict\]/);
      expect(() => engine.handle('database.commitTransaction', { transactionId })).toThrow(DatabaseError);
      expect(() => engine.handle('database.commitTransaction', { transactionId })).toThrow(
        /TransactionNotExist/,
      );
      expect(store.get('days', 'd1')).toBeUndefined();
    } finally {
      store.close();
    }
  });
});

describe('when the process is killed (SIGKILL) while writing', () => {
  it('keeps every acknowledged write, and every document on disk is whole', async () => {
    const dir = tmpDir();
    const bundle = path.join(dir, 'store.cjs');
    // The child is plain node: give it the store compiled from the TypeScript source.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('esbuild') as typeof import('esbuild')).buildSync({
      entryPoints: [path.join(root, 'local/engine/store.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      outfile: bundle,
      logLevel: 'error',
    });
    const file = path.join(dir, 'data', 'cloud.db');
    const ACKS = 300;

    const child = spawn(process.execPath, [path.join(__dirname, 'fixtures/writer.js'), bundle, file], {
      // The bundle sits in a temp folder: let its external requires (better-sqlite3, bson) resolve here.
      env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    let stderr = '';
    let partial = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        const lines = (partial + c.toString()).split('\n');
        partial = lines.pop()!;
        acked.push(...lines);
        if (acked.length >= ACKS && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () =>
        acked.length >= ACKS ? resolve() : reject(new Error(`writer exited early: ${stderr}`)),
      );
    });
    const { signal } = await exited;
    expect(signal).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(ACKS);

    // Every row on disk parses and is whole (read straight from SQLite, as the store would load it).
    const raw = new Database(file, { readonly: true });
    const rows = raw.prepare("SELECT id, body FROM documents WHERE collection = 'writes'").all() as {
      id: string;
      body: string;
    }[];
    raw.close();
    for (const row of rows) {
      const doc = EJSON.parse(row.body, { relaxed: true }) as Document & Record<string, unknown>;
      expectWhole(doc);
      expect(doc._id).toBe(row.id);
    }

    // The reopened store has every acknowledged id, and the batch that wrote each one whole.
    const store = new DocumentStore(file);
    try {
      const writes = store.entries('writes');
      expect(writes.size).toBe(rows.length);
      for (const id of acked) {
        expect(writes.has(id)).toBe(true);
      }
      for (const { doc } of writes.values()) expectWhole(doc);
      // A batch is all or nothing: meta/last names the newest document, and it exists.
      const last = store.get('meta', 'last')!.doc as Document & { i: number };
      expect(last.i).toBe(writes.size - 1);
      expect(last.i).toBeGreaterThanOrEqual(acked.length - 1);
    } finally {
      store.close();
    }
  });
});

function expectWhole(doc: Record<string, unknown>): void {
  const i = doc.i as number;
  expect(typeof i).toBe('number');
  expect(doc._id).toBe(`w${String(i).padStart(7, '0')}`);
  expect(doc.at).toBeInstanceOf(Date);
  expect((doc.at as Date).getTime()).toBe(Date.UTC(2024, 0, 1) + i * 1000);
  expect(doc.tags).toEqual(['a', 'b', String(i)]);
  expect(doc.nested).toEqual({ i, body: '联络站'.repeat(300) });
  expect(doc.last).toBe(true);
}
