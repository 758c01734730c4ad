/**
 * `npm run migrate:townships -- <townshipId> <name>`: makes the local cloud's data (DATA_DIR) of a
 * single-township release the county's first township (local/migrate/townships.ts). Stop `npm start`
 * first. Run it twice and the second run changes nothing.
 *
 * `npm run migrate:townships -- <townshipId> <name> --export <dir> --out <dir>`: the same on a CloudBase
 * export (the console's 导出, JSON lines, one `<collection>.json` per collection); import the files
 * written to --out back (导入, 覆盖 mode) into the new environment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentStore, type Document } from '../engine/store';
import { planMigration, type MigrationTarget } from '../migrate/townships';
import { dataDir, projectRoot } from '../paths';
import { COLLECTIONS } from '../../server/db/collections';

function arg(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function fromStore(store: DocumentStore): Record<string, Document[]> {
  const out: Record<string, Document[]> = {};
  for (const name of store.collectionNames()) out[name] = [...store.entries(name).values()].map((e) => e.doc);
  return out;
}

function fromExport(dir: string): Record<string, Document[]> {
  const out: Record<string, Document[]> = {};
  for (const name of Object.keys(COLLECTIONS)) {
    const file = path.join(dir, `${name}.json`);
    if (!fs.existsSync(file)) continue;
    out[name] = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Document);
  }
  return out;
}

function main(): void {
  const [townshipId, name] = process.argv
    .slice(2)
    .filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  if (!townshipId || !name) {
    console.error('usage: npm run migrate:townships -- <townshipId> <name> [--export <dir> --out <dir>]');
    process.exit(2);
  }
  const target: MigrationTarget = { townshipId, name };
  const exportDir = arg('--export');
  if (exportDir) {
    const outDir = arg('--out');
    if (!outDir) throw new Error('--export needs --out <dir>');
    const docs = fromExport(exportDir);
    const { writes, migrated } = planMigration(docs, target, new Date());
    const byCollection = new Map<string, Map<string, Document>>();
    for (const [c, list] of Object.entries(docs))
      byCollection.set(c, new Map(list.map((d) => [String(d._id), d])));
    for (const w of writes) {
      const m = byCollection.get(w.collection) ?? new Map<string, Document>();
      if (w.doc) m.set(w.id, w.doc);
      else m.delete(w.id);
      byCollection.set(w.collection, m);
    }
    fs.mkdirSync(outDir, { recursive: true });
    for (const [c, m] of byCollection)
      fs.writeFileSync(
        path.join(outDir, `${c}.json`),
        [...m.values()].map((d) => JSON.stringify(d)).join('\n') + '\n',
      );
    console.log(JSON.stringify({ township: townshipId, migrated, out: outDir }));
    return;
  }
  const dir = dataDir(projectRoot());
  const store = new DocumentStore(path.join(dir, 'cloud.db'));
  const { writes, migrated } = planMigration(fromStore(store), target, new Date());
  store.commit(writes);
  store.close();
  console.log(JSON.stringify({ township: townshipId, migrated, dataDir: dir }));
}

main();
