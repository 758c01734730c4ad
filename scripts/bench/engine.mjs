/**
 * Engine bench: what one query costs at 1 000, 10 000 and 100 000 documents in a collection (the local
 * engine, in process, through DatabaseEngine.handle as the SDK's requests arrive), with the collection's
 * declared indexes and without them:
 *   - an indexed equality ({ status, stationCode } on `opinions`, 10 matches at every size),
 *   - an indexed orderBy + limit(10) ({ villagerOpenid } of a villager who filed a tenth of all cases,
 *     ordered by submittedAt desc),
 * and the 100 000 / 1 000 ratio of each (the goal: ≤ 2 with indexes — a query's cost follows what it
 * returns, not the collection's size).
 */
import { count, bundleAndRequire, median, stopwatch } from './lib/local-cloud.mjs';

const SIZES = count([1_000, 10_000, 100_000], [1_000, 10_000]);
const RUNS = count(200, 20);

export async function run() {
  const { DatabaseEngine, DocumentStore, COLLECTIONS, EJSON } = await bundleAndRequire(
    'bench-engine',
    [
      "export { DatabaseEngine } from './local/engine/database';",
      "export { DocumentStore } from './local/engine/store';",
      "export { COLLECTIONS } from './server/db/collections';",
      "export { EJSON } from 'bson';",
    ].join('\n'),
  );
  const STATUSES = ['assigned', 'accepted', 'replied', 'resolved', 'closed', 'transferred'];
  const base = Date.UTC(2026, 0, 1);
  const opinion = (i) => ({
    _id: `op${i}`,
    status: STATUSES[i % STATUSES.length],
    // Exactly 10 cases of station S7 are 'accepted', whatever the size; villager 'busy' filed a tenth of all.
    stationCode: i < 60 ? 'S7' : `S${8 + (i % 32)}`,
    villagerOpenid: i % 10 === 0 ? 'busy' : `v${i % 2000}`,
    submittedAt: new Date(base + i * 60_000),
    text: '村口的路灯坏了，晚上看不见路',
  });
  const queries = {
    equality: { query: { status: 'accepted', stationCode: 'S7' }, limit: 1000 },
    'orderBy + limit(10)': { query: { villagerOpenid: 'busy' }, order: { submittedAt: -1 }, limit: 10 },
  };
  console.log(
    `\n## local engine: cost of one query (median of ${RUNS}), with and without the declared indexes`,
  );
  const results = {};
  for (const withIndexes of [true, false]) {
    for (const size of SIZES) {
      const store = new DocumentStore(':memory:');
      store.createCollection('opinions');
      const docs = Array.from({ length: size }, (_, i) => opinion(i));
      for (let i = 0; i < docs.length; i += 5000)
        store.commit(docs.slice(i, i + 5000).map((doc) => ({ collection: 'opinions', id: doc._id, doc })));
      const indexes = withIndexes ? { opinions: COLLECTIONS.opinions.indexes } : {};
      const engine = new DatabaseEngine(store, undefined, { indexes });
      for (const [name, q] of Object.entries(queries)) {
        const params = {
          collectionName: 'opinions',
          query: EJSON.stringify(q.query),
          order: q.order ? EJSON.stringify(q.order) : undefined,
          limit: q.limit,
        };
        engine.handle('database.getDocument', params); // builds the indexes
        const times = [];
        let found = 0;
        for (let r = 0; r < RUNS; r++) {
          const elapsed = stopwatch();
          found = engine.handle('database.getDocument', params).data.list.length;
          times.push(elapsed());
        }
        const key = `${name} ${withIndexes ? 'indexed' : 'no index'}`;
        (results[key] ??= []).push({ size, ms: median(times), found });
      }
      store.close();
    }
  }
  for (const [key, rows] of Object.entries(results)) {
    const cells = rows.map((r) => `${r.size.toLocaleString('en')}: ${r.ms.toFixed(3)} ms`).join('  ');
    const ratio = rows[rows.length - 1].ms / rows[0].ms;
    const last = rows[rows.length - 1].size.toLocaleString('en');
    console.log(
      `  ${key.padEnd(32)} ${cells}  (${last} / 1,000: ×${ratio.toFixed(2)}; ${rows[0].found} found)`,
    );
  }
}
