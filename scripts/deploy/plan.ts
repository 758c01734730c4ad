/**
 * The CloudBase deploy plan, driven by the same declarations the local cloud uses: every collection
 * of server/db/collections.ts with its indexes and the server-only rule (ADMINONLY: only functions
 * read and write), every function under cloudfunctions/ with its config.json (timeout, timer triggers,
 * openapi permissions), and the functions' security rule (cloudfunctions/security-rules.json).
 * `planDeploy` answers the steps; `scripts/deploy.mjs` prints them (--dry-run, no credentials) or
 * carries them out with @cloudbase/manager-node. Tests check the plan, never the cloud.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COLLECTIONS, type IndexSpec } from '../../server/db/collections';

/** An index as CloudBase's UpdateTable takes it (manager-node `database.updateCollection`). */
export interface CloudIndex {
  IndexName: string;
  MgoKeySchema: { MgoIsUnique: boolean; MgoIndexKeys: { Name: string; Direction: '1' | '-1' }[] };
}

export interface CollectionStep {
  kind: 'collection';
  name: string;
  purpose: string;
  /** Security rule: only the server (functions, console) reads and writes. */
  acl: 'ADMINONLY';
  indexes: CloudIndex[];
}

export interface FunctionStep {
  kind: 'function';
  name: string;
  /** The folder deployed (index.js, package.json, config.json), dependencies installed in the cloud. */
  root: string;
  timeout?: number;
  triggers: { name: string; type: 'timer'; config: string }[];
  openapi: string[];
  runtime: string;
}

export interface RulesStep {
  kind: 'functionRules';
  rules: Record<string, unknown>;
}

export type Step = CollectionStep | FunctionStep | RulesStep;

export const RUNTIME = 'Nodejs16.13';

export function cloudIndex(spec: IndexSpec): CloudIndex {
  return {
    IndexName: spec.name,
    MgoKeySchema: {
      MgoIsUnique: Boolean(spec.unique),
      MgoIndexKeys: Object.entries(spec.keys).map(([Name, d]) => ({
        Name,
        Direction: d === -1 ? '-1' : '1',
      })),
    },
  };
}

export function planDeploy(root: string): Step[] {
  const steps: Step[] = [];
  for (const [name, c] of Object.entries(COLLECTIONS)) {
    steps.push({
      kind: 'collection',
      name,
      purpose: c.purpose,
      acl: 'ADMINONLY',
      indexes: c.indexes.map(cloudIndex),
    });
  }
  const fnRoot = path.join(root, 'cloudfunctions');
  for (const name of fs.readdirSync(fnRoot).sort()) {
    const dir = path.join(fnRoot, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    const configFile = path.join(dir, 'config.json');
    const config = fs.existsSync(configFile)
      ? (JSON.parse(fs.readFileSync(configFile, 'utf8')) as {
          timeout?: number;
          triggers?: { name: string; type: 'timer'; config: string }[];
          permissions?: { openapi?: string[] };
        })
      : {};
    steps.push({
      kind: 'function',
      name,
      root: path.relative(root, dir),
      timeout: config.timeout,
      triggers: config.triggers ?? [],
      openapi: config.permissions?.openapi ?? [],
      runtime: RUNTIME,
    });
  }
  const rulesFile = path.join(fnRoot, 'security-rules.json');
  if (fs.existsSync(rulesFile))
    steps.push({ kind: 'functionRules', rules: JSON.parse(fs.readFileSync(rulesFile, 'utf8')) });
  return steps;
}

/** The plan in words, one line a step (what --dry-run prints). */
export function describePlan(steps: readonly Step[]): string[] {
  return steps.map((s) => {
    if (s.kind === 'collection') {
      const idx = s.indexes.map(
        (i) =>
          `${i.IndexName}(${i.MgoKeySchema.MgoIndexKeys.map((k) => `${k.Name}${k.Direction === '-1' ? ' desc' : ''}`).join(', ')})${i.MgoKeySchema.MgoIsUnique ? ' unique' : ''}`,
      );
      return `collection ${s.name}: create if missing; rule ${s.acl}; indexes ${idx.length ? idx.join(', ') : '(only _id)'}`;
    }
    if (s.kind === 'function') {
      const parts = [`runtime ${s.runtime}`, `timeout ${s.timeout ?? 'default'}`];
      if (s.triggers.length)
        parts.push(`triggers ${s.triggers.map((t) => `${t.name} ${t.type} "${t.config}"`).join(', ')}`);
      if (s.openapi.length) parts.push(`openapi ${s.openapi.join(', ')}`);
      return `function ${s.name}: deploy ${s.root} (dependencies installed in the cloud); ${parts.join('; ')}`;
    }
    return `function security rule: ${JSON.stringify(s.rules)}`;
  });
}
