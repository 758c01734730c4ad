#!/usr/bin/env node
/**
 * `npm run deploy`: creates or updates, in a CloudBase environment, what the code declares — every
 * collection with its indexes and the server-only rule, every function with its config (timeout, timer
 * trigger, openapi permissions), every HTTP access route (server/http-routes.ts: /open311 → open311) — with
 * CloudBase's own management SDK, @cloudbase/manager-node (its `access` service for the routes).
 *   npm run deploy -- --dry-run   (or `npm run deploy --dry-run`): prints the plan; no credentials, no network
 *   npm run deploy                needs CLOUDBASE_ENV_ID, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY and
 *                                 `npm i -D @cloudbase/manager-node` (not installed by default)
 * The plan comes from scripts/deploy/plan.ts. Run `npm run build` first (the functions' index.js).
 */
import { createRequire } from 'node:module';
import { bundleAndRequire, root } from './bench/lib/local-cloud.mjs';

const dryRun = process.argv.includes('--dry-run') || process.env.npm_config_dry_run === 'true';
const { planDeploy, describePlan, applyHttpRoute } = await bundleAndRequire(
  'deploy-plan',
  "export { planDeploy, describePlan } from './scripts/deploy/plan';\nexport { applyHttpRoute } from './scripts/deploy/http-routes';",
);
const steps = planDeploy(root);

if (dryRun) {
  console.log(`# CloudBase deploy plan (dry run: nothing is sent; ${steps.length} steps)`);
  for (const line of describePlan(steps)) console.log(`  ${line}`);
  process.exit(0);
}

const {
  CLOUDBASE_ENV_ID: envId,
  TENCENTCLOUD_SECRETID: secretId,
  TENCENTCLOUD_SECRETKEY: secretKey,
} = process.env;
if (!envId || !secretId || !secretKey) {
  console.error(
    'deploy needs CLOUDBASE_ENV_ID, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (or use --dry-run)',
  );
  process.exit(1);
}
let CloudBase;
try {
  CloudBase = createRequire(import.meta.url)('@cloudbase/manager-node');
} catch {
  console.error('deploy uses @cloudbase/manager-node: npm i -D @cloudbase/manager-node (or use --dry-run)');
  process.exit(1);
}
const manager = new CloudBase({ secretId, secretKey, envId });

for (const step of steps) {
  if (step.kind === 'collection') {
    const { IsCreated } = await manager.database.createCollectionIfNotExists(step.name);
    const present = new Set(
      ((await manager.database.describeCollection(step.name)).Indexes ?? []).map((i) => i.Name),
    );
    const missing = step.indexes.filter((i) => !present.has(i.IndexName));
    if (missing.length) await manager.database.updateCollection(step.name, { CreateIndexes: missing });
    await manager.commonService().call({
      Action: 'ModifyDatabaseACL',
      Param: { EnvId: envId, CollectionName: step.name, AclTag: step.acl },
    });
    console.log(
      `collection ${step.name}: ${IsCreated ? 'created' : 'exists'}; ${missing.length} index(es) added; rule ${step.acl}`,
    );
  } else if (step.kind === 'function') {
    await manager.functions.createFunction({
      func: {
        name: step.name,
        timeout: step.timeout,
        runtime: step.runtime,
        installDependency: true,
        triggers: step.triggers,
        ignore: ['src', 'src/**', 'node_modules', 'node_modules/**'],
      },
      functionRootPath: `${root}/cloudfunctions`,
      force: true,
    });
    console.log(
      `function ${step.name}: deployed${step.triggers.length ? ` with ${step.triggers.length} trigger(s)` : ''}`,
    );
    if (step.openapi.length)
      console.log(`  openapi permissions come from its config.json (${step.openapi.join(', ')})`);
  } else if (step.kind === 'httpRoute') {
    console.log((await applyHttpRoute(manager.access, step)).line);
    console.log(`  the function authenticates: ${step.callerAuth}`);
  } else {
    console.log(
      `function security rule: set in the console (云函数 → 权限控制) to ${JSON.stringify(step.rules)}`,
    );
  }
}
