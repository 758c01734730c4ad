/**
 * Starts the local cloud: durable store, database engine, openapi, HTTP server and function host.
 * Used by `npm start` (local/bin/start.ts), by the tests and by the benchmarks.
 */
import * as path from 'node:path';
import { COLLECTIONS } from '../server/db/collections';
import { DatabaseEngine, type EngineOptions } from './engine/database';
import { DocumentStore } from './engine/store';
import { LocalOpenApi } from './openapi/local-openapi';
import { projectRoot } from './paths';
import { FunctionHost, type InvokeOptions } from './runtime';
import { LocalStorage } from './storage/local-storage';
import { createLocalServer, listen } from './server';

export interface LocalCloudOptions {
  /** Where data lives; null keeps it in memory only. */
  dataDir: string | null;
  port?: number;
  /** The project root (where cloudfunctions/ is). */
  root?: string;
  /**
   * Collections to create when missing (default: every one server/db/collections.ts declares). Any
   * other collection does not exist until `db.createCollection` makes it, as in CloudBase.
   */
  collections?: readonly string[];
  /** Told once per query shape that no declared index serves (`engine.unindexedQueries()` lists them). */
  onUnindexed?: EngineOptions['onUnindexed'];
  /** Milliseconds each database answer waits, like a network round trip (default 0). */
  dbLatencyMs?: number;
  /** The clock cloud storage's temporary links expire by (ms since the epoch; default Date.now). */
  storageNow?: () => number;
  /** Where cloud storage keeps files when not under dataDir (a benchmark's database in memory, its files on disk). */
  storageDir?: string;
}

export interface LocalCloud {
  url: string;
  port: number;
  store: DocumentStore;
  engine: DatabaseEngine;
  openapi: LocalOpenApi;
  /** Cloud storage (files under dataDir/storage, or in memory). */
  storage: LocalStorage;
  invoke<T = unknown>(name: string, event: unknown, options?: InvokeOptions): Promise<T>;
  stop(): Promise<void>;
}

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const root = options.root ?? projectRoot();
  const store = new DocumentStore(options.dataDir ? path.join(options.dataDir, 'cloud.db') : ':memory:');
  for (const name of options.collections ?? Object.keys(COLLECTIONS)) store.createCollection(name);
  const indexes = Object.fromEntries(Object.entries(COLLECTIONS).map(([name, c]) => [name, c.indexes]));
  const engine = new DatabaseEngine(store, undefined, { indexes, onUnindexed: options.onUnindexed });
  const openapi = new LocalOpenApi(options.dataDir);
  // The server must listen before the host can be told its address; requests wait for neither.
  const hostRef: { current?: FunctionHost } = {};
  const address = { url: '' };
  const storage = new LocalStorage(options.storageDir ?? options.dataDir, {
    baseUrl: () => address.url,
    now: options.storageNow,
  });
  const server = createLocalServer({
    engine,
    openapi,
    storage,
    host: () => hostRef.current!,
    dbLatencyMs: options.dbLatencyMs,
  });
  const port = await listen(server, options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  address.url = url;
  const host = new FunctionHost(root, `${url}/admin`, openapi);
  hostRef.current = host;
  return {
    url,
    port,
    store,
    engine,
    openapi,
    storage,
    invoke: <T>(name: string, event: unknown, invokeOptions?: InvokeOptions) =>
      host.invoke(name, event, invokeOptions) as Promise<T>,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}
