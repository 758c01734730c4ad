/**
 * The mini-program compiled by WeChat's own CI module (miniprogram-ci), offline, exactly as DevTools
 * compiles it before an upload: `getCompiledResult` with a throw-away key and the module's default
 * project attributes (no login, no network; the appid is a placeholder). Its output is the truth for
 * the packing check (every run-time require inside what WeChat uploads) and for the package sizes.
 *
 *   compileWithWechatCi(root) → { dir, files, sizes: { main, <subpackage root>: bytes } }
 *
 * `node scripts/wechat-compile.cjs [project root] [--json]` prints the sizes and any require that leaves
 * the package (exit 1 then); it writes the compiled files to <root>/dist/wechat-compiled/.
 */
const { generateKeyPairSync } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { packingLeaks } = require('./miniprogram-pack.cjs');

const PLACEHOLDER_APPID = 'wx0000000000000000';

async function compileWithWechatCi(root, out = path.join(root, 'dist', 'wechat-compiled')) {
  const ci = require('miniprogram-ci');
  const { DefaultProjectAttr } = require('miniprogram-ci/dist/config/config');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-ci-'));
  try {
    // Only what DevTools would open: the project config, the mini-program root, package.json.
    const stage = path.join(work, 'project');
    fs.mkdirSync(stage);
    for (const f of ['project.config.json', 'package.json'])
      fs.copyFileSync(path.join(root, f), path.join(stage, f));
    fs.cpSync(path.join(root, 'miniprogram'), path.join(stage, 'miniprogram'), { recursive: true });
    const key = path.join(work, 'key.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    fs.writeFileSync(key, privateKey.export({ type: 'pkcs1', format: 'pem' }));
    const project = new ci.Project({
      appid: PLACEHOLDER_APPID,
      type: 'miniProgram',
      projectPath: stage,
      privateKeyPath: key,
      ignores: ['node_modules/**/*'],
      // The attributes DevTools would fetch for a real appid; the module's defaults, offline.
      attr: async () => DefaultProjectAttr,
    });
    // Without a zip path the module answers { <file path>: <content> }, the files it would upload.
    const files = await ci.getCompiledResult({
      project,
      desc: 'offline compile',
      setting: { es6: true },
      onProgressUpdate: () => {},
    });
    fs.rmSync(out, { recursive: true, force: true });
    for (const [rel, content] of Object.entries(files)) {
      const target = path.join(out, rel);
      if (!target.startsWith(out + path.sep)) throw new Error(`compiled file outside the output: ${rel}`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { dir: out, sizes: packageSizes(out) };
}

/** Bytes of each package (main and every subpackage of app.json) in a compiled mini-program. */
function packageSizes(dir) {
  const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8'));
  const subRoots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  const sizes = { main: 0 };
  for (const r of subRoots) sizes[r] = 0;
  const walk = (d) =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  for (const file of walk(dir)) {
    const rel = path.relative(dir, file);
    const sub = subRoots.find((r) => rel.startsWith(`${r}/`));
    sizes[sub ?? 'main'] += fs.statSync(file).size;
  }
  return sizes;
}

module.exports = { compileWithWechatCi, packageSizes };

if (require.main === module) {
  // `--json`: one line { dir, sizes, leaks } on stdout (the module's own log lines go to stderr).
  const json = process.argv.includes('--json');
  const log = console.log;
  console.log = (...args) => console.error(...args);
  const rootArg = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const root = rootArg ? path.resolve(rootArg) : path.resolve(__dirname, '..');
  compileWithWechatCi(root)
    .then(({ dir, sizes }) => {
      const leaks = packingLeaks(dir);
      if (json) log(JSON.stringify({ dir, sizes, leaks }));
      else {
        for (const [name, bytes] of Object.entries(sizes))
          log(`  ${name.padEnd(26)} ${(bytes / 1024).toFixed(1)} KiB`);
        for (const l of leaks) log(`  leaves the package: ${l}`);
      }
      // miniprogram-ci keeps its compiler subprocess alive after answering: end here, not when it does.
      process.exit(leaks.length ? 1 : 0);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
