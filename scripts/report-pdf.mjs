#!/usr/bin/env node
/** `npm run report:pdf -- <townshipId> <year> [out.pdf]`: bundles local/bin/report-pdf.ts and runs it (see there). */
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist', 'report-pdf.cjs');
await build({
  entryPoints: [path.join(root, 'local/bin/report-pdf.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
});
const require = createRequire(path.join(root, 'package.json'));
const { main } = require(outfile);
process.exitCode = await main(process.argv.slice(2));
