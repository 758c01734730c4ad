/**
 * The mini-program as WeChat packs it: only `miniprogramRoot` (miniprogram/), each TypeScript file
 * compiled on its own (DevTools' `useCompilerPlugins: ["typescript"]` does the same: no bundling, type
 * imports erased), `.d.ts` and the packOptions.ignore globs left out. Written to dist/miniprogram/, which
 * the page tests load, so a page that works only because jest resolves from the repository root fails.
 *
 * `packingLeaks(dir)` lists every run-time `require` and every `usingComponents` entry of the packed
 * output that does not resolve inside it, as WeChat would resolve it on a phone.
 */
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('esbuild');

function packMiniprogram(root, final = path.join(root, 'dist', 'miniprogram')) {
  const src = path.join(root, 'miniprogram');
  const ignored = ignoreMatchers(root);
  // Written beside the old copy and swapped in by renames, so a test reading the packed pages while
  // another build runs never finds a half-written folder.
  const out = `${final}.${process.pid}.tmp`;
  fs.rmSync(out, { recursive: true, force: true });
  let files = 0;
  let bytes = 0;
  for (const file of walk(src)) {
    const rel = path.relative(src, file);
    if (file.endsWith('.d.ts') || ignored.some((re) => re.test(`miniprogram/${rel}`))) continue;
    let target = path.join(out, rel);
    let content = fs.readFileSync(file);
    if (file.endsWith('.ts')) {
      target = target.replace(/\.ts$/, '.js');
      const result = transformSync(content.toString('utf8'), {
        loader: 'ts',
        format: 'cjs',
        target: 'es2018',
        sourcefile: rel,
      });
      content = Buffer.from(result.code);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    files += 1;
    bytes += content.length;
  }
  const old = `${final}.${process.pid}.old`;
  if (fs.existsSync(final)) fs.renameSync(final, old);
  fs.renameSync(out, final);
  fs.rmSync(old, { recursive: true, force: true });
  return { dir: final, files, bytes };
}

/** Run-time references in a packed mini-program that WeChat could not resolve inside it. */
function packingLeaks(dir) {
  const leaks = [];
  const inside = (p) => p === dir || p.startsWith(dir + path.sep);
  for (const file of walk(dir)) {
    const rel = path.relative(dir, file);
    if (file.endsWith('.js') && !rel.startsWith(`miniprogram_npm${path.sep}`)) {
      const code = fs.readFileSync(file, 'utf8');
      for (const m of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
        const spec = m[1];
        const resolved = resolveScript(dir, file, spec);
        if (!resolved || !inside(resolved)) leaks.push(`${rel} → require('${spec}')`);
      }
    }
    if (file.endsWith('.json') && !rel.startsWith(`miniprogram_npm${path.sep}`)) {
      const using = JSON.parse(fs.readFileSync(file, 'utf8')).usingComponents ?? {};
      for (const [tag, spec] of Object.entries(using)) {
        const base = spec.startsWith('/')
          ? path.join(dir, spec)
          : spec.startsWith('.')
            ? path.resolve(path.dirname(file), spec)
            : path.join(dir, 'miniprogram_npm', spec);
        if (!inside(base) || !fs.existsSync(`${base}.js`) || !fs.existsSync(`${base}.wxml`))
          leaks.push(`${rel} → <${tag}> ${spec}`);
      }
    }
  }
  return leaks;
}

/** WeChat's require: relative or absolute to the root, `.js` added; a bare name is looked up in miniprogram_npm. */
function resolveScript(dir, from, spec) {
  const base = spec.startsWith('.')
    ? path.resolve(path.dirname(from), spec)
    : spec.startsWith('/')
      ? path.join(dir, spec)
      : path.join(dir, 'miniprogram_npm', spec);
  for (const candidate of [base, `${base}.js`, path.join(base, 'index.js')])
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return null;
}

function ignoreMatchers(root) {
  const config = JSON.parse(fs.readFileSync(path.join(root, 'project.config.json'), 'utf8'));
  return (config.packOptions?.ignore ?? [])
    .filter((i) => i.type === 'glob')
    .map(
      (i) =>
        new RegExp(
          `^${i.value
            .replace(/\./g, '\\.')
            .replace(/\*\*\//g, '(?:.*/)?')
            .replace(/\*/g, '[^/]*')}$`,
        ),
    );
}

function* walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

module.exports = { packMiniprogram, packingLeaks };
