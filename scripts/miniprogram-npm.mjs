/**
 * An offline `构建 npm` for the mini-program. WeChat DevTools' manual npm packing copies each dependency's
 * `miniprogram` folder into miniprogram/miniprogram_npm/<pkg>; this does the same for tdesign but keeps
 * only the components the pages use (their usingComponents) and the files those import, so the main
 * package stays small. dayjs has no `miniprogram` folder and is packed as one file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const TD = 'tdesign-miniprogram';

export function buildMiniprogramNpm(root) {
  const mp = path.join(root, 'miniprogram');
  const out = path.join(mp, 'miniprogram_npm');
  const tdDist = path.join(root, 'node_modules', TD, 'miniprogram_dist');
  fs.rmSync(out, { recursive: true, force: true });

  const components = usedTdesignComponents(mp);
  const files = new Set();
  const queue = [];
  const addFile = (abs) => {
    if (!files.has(abs) && fs.existsSync(abs) && fs.statSync(abs).isFile()) {
      files.add(abs);
      queue.push(abs);
    }
  };
  const addComponent = (base) => ['.js', '.json', '.wxml', '.wxss'].forEach((ext) => addFile(base + ext));
  const addModule = (from, spec) => {
    if (spec.startsWith('.')) {
      const base = path.resolve(path.dirname(from), spec);
      for (const candidate of [base, `${base}.js`, path.join(base, 'index.js')]) {
        if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return addFile(candidate);
      }
      return;
    }
    // A bare import inside tdesign resolves to its own nested miniprogram_npm (tslib, dayjs, …).
    const nested = path.join(tdDist, 'miniprogram_npm', spec.split('/')[0]);
    if (fs.existsSync(nested)) walkDir(nested).forEach(addFile);
  };

  for (const c of components) addComponent(path.join(tdDist, c));
  while (queue.length) {
    const file = queue.pop();
    const text = fs.readFileSync(file, 'utf8');
    const ext = path.extname(file);
    if (ext === '.js' || ext === '.wxs') {
      for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*|\brequire\(\s*)["']([^"']+)["']/g))
        addModule(file, m[1]);
    } else if (ext === '.json') {
      const using = JSON.parse(text).usingComponents ?? {};
      for (const spec of Object.values(using))
        if (spec.startsWith('.')) addComponent(path.resolve(path.dirname(file), spec));
    } else if (ext === '.wxss') {
      for (const m of text.matchAll(/@import\s+["']([^"']+)["']/g))
        addFile(path.resolve(path.dirname(file), m[1]));
    } else if (ext === '.wxml') {
      for (const m of text.matchAll(/<(?:import|include|wxs)\s[^>]*src="([^"]+)"/g))
        addFile(path.resolve(path.dirname(file), m[1]));
    }
  }

  let bytes = 0;
  for (const file of files) {
    const target = path.join(out, TD, path.relative(tdDist, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
    bytes += fs.statSync(file).size;
  }
  const dayjs = path.join(out, 'dayjs', 'index.js');
  fs.mkdirSync(path.dirname(dayjs), { recursive: true });
  fs.copyFileSync(path.join(root, 'node_modules', 'dayjs', 'dayjs.min.js'), dayjs);
  bytes += fs.statSync(dayjs).size;
  const charts = packChartEngine(root);
  bytes += charts;
  return { files: files.size + 2, bytes, components };
}

/** The subpackage that draws charts, and where its copy of the engine goes (required relatively). */
export const CHART_ENGINE_DIR = 'miniprogram/subpackages/presidium/miniprogram_npm/@qiun/ucharts';

/** uCharts' minified engine as one CommonJS module (what a mini-program's require loads); its size. */
export function chartEngineSource(root) {
  const min = fs.readFileSync(path.join(root, 'node_modules/@qiun/ucharts/u-charts.min.js'), 'utf8');
  const cjs = min.replace(/export default uCharts;\s*$/, 'module.exports = uCharts;\n');
  if (cjs === min)
    throw new Error('@qiun/ucharts: the minified build no longer ends in `export default uCharts`');
  return cjs;
}

function packChartEngine(root) {
  const dir = path.join(root, CHART_ENGINE_DIR);
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'index.js');
  fs.writeFileSync(file, chartEngineSource(root));
  return fs.statSync(file).size;
}

/** 'button/button', 'cell/cell', … from every page and component json under miniprogram/. */
export function usedTdesignComponents(mp) {
  const used = new Set();
  for (const file of walkDir(mp)) {
    if (!file.endsWith('.json') || file.includes(`${path.sep}miniprogram_npm${path.sep}`)) continue;
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const spec of Object.values(json.usingComponents ?? {})) {
      if (spec.startsWith(`${TD}/`)) used.add(spec.slice(TD.length + 1));
    }
  }
  return [...used].sort();
}

function walkDir(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...walkDir(p));
    } else out.push(p);
  }
  return out;
}
