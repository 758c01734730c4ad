/**
 * The README's commands as a user receives them: a fresh `git clone` of HEAD into a temporary folder
 * (uncommitted work is not in a clone: that is the point), then the commands README.md names, taken from
 * the README of that clone and typed through npm in it: `npm start` (with PORT=0 and DATA_DIR in a
 * temporary folder), the README's curl calls against it, `npm run notice:pdf` on the notice the demo
 * township drafted, `npm run bootstrap -- <openid> [name]`, `npm run bench` (quick: `-- --quick`) and
 * `npm run screens`.
 *
 * Not run: the `npm ci` of `npm ci && npm start` (it needs the network and builds better-sqlite3 from
 * source). Instead the repository's own node_modules, which `npm ci` installed from the same
 * package-lock.json, is symlinked into the clone; `.ci/run` runs the real `npm ci` on a fresh machine.
 * The commands run with the environment a user's shell would have: no npm_* variables of the jest run,
 * no node_modules/.bin on PATH, no NODE_ENV=test.
 */
import {
  type ChildProcess,
  type ChildProcessWithoutNullStreams,
  execFileSync,
  spawn,
} from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Envelope, unwrap } from '../support/envelope';
import { root, waitForBanner } from '../support/local-server';
import { chromiumAvailable } from '../../server/pdf';
import { readPdf } from '../support/pdf';

jest.setTimeout(120_000);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-readme-'));
const clone = path.join(work, 'clone');
const demoData = path.join(work, 'demo-data');
let readme = '';

beforeAll(() => {
  execFileSync('git', ['clone', '--quiet', root, clone], { stdio: 'pipe' });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
  readme = fs.readFileSync(path.join(clone, 'README.md'), 'utf8');
});

afterAll(() => {
  fs.rmSync(path.join(clone, 'node_modules'), { force: true }); // the symlink, not what it points to
  fs.rmSync(work, { recursive: true, force: true });
});

/** The environment of a user's shell: this run's own npm and jest variables left out. */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^npm_/i.test(k) && !['INIT_CWD', 'NODE_ENV', 'JEST_WORKER_ID'].includes(k)) env[k] = v;
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((p) => !p.includes(`node_modules${path.sep}.bin`))
    .join(path.delimiter);
  return { ...env, ...extra };
}

/** Resolves when a process started by `type` and every process in its group have closed their output. */
const closed = new WeakMap<ChildProcess, Promise<number | null>>();

/** `command` typed into a shell in the clone, in its own process group (npm spawns children). */
function type(command: string, env: Record<string, string>): ChildProcessWithoutNullStreams {
  const child = spawn('sh', ['-c', command], { cwd: clone, env: userEnv(env), detached: true });
  closed.set(child, new Promise((resolve) => child.once('close', resolve)));
  return child;
}

/** Ends the whole process group and resolves once every process in it is gone. */
async function stopGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
  return closed.get(child)!;
}

/** Runs `command` to the end; answers its exit status and output. */
function run(command: string, env: Record<string, string> = {}, timeoutMs = 90_000) {
  const child = type(command, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => {
    stderr += `\n[killed after ${timeoutMs} ms]`;
    void stopGroup(child, 'SIGKILL');
  }, timeoutMs);
  return closed.get(child)!.then((status) => {
    clearTimeout(timer);
    return { status, stdout, stderr };
  });
}

/** A command the README spells in backticks, e.g. "npm run bootstrap -- <openid> [name]". */
function readmeCommand(pattern: RegExp): string {
  const m = new RegExp(`\`(${pattern.source})\``).exec(readme);
  if (!m) throw new Error(`README.md does not name ${pattern}`);
  return m[1];
}

/** The README's curl calls (section "Try it"), each with the answer a comment under it promises. */
function readmeCurls(): {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  expect?: string;
}[] {
  // The section "Try it", up to the next heading (other sections show curl with placeholders to fill).
  const tryIt = readme.slice(readme.indexOf('### Try it') + 1);
  const next = tryIt.search(/\n#{2,3} /);
  const lines = (next < 0 ? tryIt : tryIt.slice(0, next)).split('\n');
  const calls = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('curl ')) continue;
    const words = [];
    for (const m of lines[i].matchAll(/'([^']*)'|(\S+)/g)) {
      if (m[2]?.startsWith('#')) break; // a comment after the command
      words.push(m[1] ?? m[2]);
    }
    const call = {
      method: 'GET',
      path: '',
      headers: {} as Record<string, string>,
      body: undefined as string | undefined,
      expect: undefined as string | undefined,
    };
    for (let w = 1; w < words.length; w++) {
      if (words[w] === '-s') continue;
      else if (words[w] === '-X') call.method = words[++w];
      else if (words[w] === '-H') {
        const [k, ...v] = words[++w].split(':');
        call.headers[k.trim()] = v.join(':').trim();
      } else if (words[w] === '-d') call.body = words[++w];
      else if (words[w].startsWith('http://127.0.0.1:8787/'))
        call.path = words[w].slice('http://127.0.0.1:8787'.length);
      else throw new Error(`README curl with an unknown word ${words[w]}: ${lines[i]}`);
    }
    if (call.body !== undefined && call.method === 'GET') call.method = 'POST';
    const promised = /^# → (.*)/.exec(lines[i + 1] ?? '');
    if (promised) call.expect = promised[1];
    calls.push(call);
  }
  return calls;
}

describe('the README, on a fresh clone of HEAD', () => {
  it('names its two commands and only npm scripts that exist', () => {
    const quickStart = /```bash\n([\s\S]*?)```/.exec(readme)![1];
    expect(quickStart).toMatch(/^npm ci && npm start\s+#/m);
    expect(quickStart).toMatch(/^npm test\s+#/m);
    expect(readme).toMatch(/^\| `npm ci && npm start` +\|/m); // "The two commands"
    expect(readme).toMatch(/^\| `npm test` +\|/m);
    const scripts = JSON.parse(fs.readFileSync(path.join(clone, 'package.json'), 'utf8')).scripts;
    const named = new Set(
      [...readme.matchAll(/\bnpm (?:run ([\w:-]+)|(start|test))\b/g)].map((m) => m[1] ?? m[2]),
    );
    expect([...named].filter((s) => !(s in scripts))).toEqual([]);
    expect(fs.readFileSync(path.join(clone, '.ci/run'), 'utf8')).toMatch(/^npm ci && npm test$/m);
  });

  let noticeId = '';

  it('npm start builds and serves the demo township; the curl calls answer as the README says', async () => {
    const line = /^(npm ci && npm start)\s+#/m.exec(readme)![1];
    const [install, start] = line.split(' && ');
    expect(install).toBe('npm ci'); // stood in for by the symlinked node_modules (header)
    const child = type(start, { PORT: '0', DATA_DIR: demoData });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    let url = '';
    try {
      const started = await waitForBanner(child, 90_000).catch((e: Error) => {
        throw new Error(`${e.message}\nstderr: ${stderr}`);
      });
      url = started.url;
      const banner = started.banner;
      expect(banner).toContain('demo township 金鼓乡 seeded');
      expect(banner).toContain('demo-presidium');

      const calls = readmeCurls();
      expect(calls.length).toBeGreaterThanOrEqual(5);
      const answers = [];
      // Placeholders a reader fills in: <JG01-day>, the day id in the book line `npm start` prints;
      // <bookingId>, <checkInCode>, <date> …, the string fields of an earlier answer (the booking's).
      const bannerDay = /"dayId":"(JG01:[^"]+)"/.exec(banner);
      expect(bannerDay).not.toBeNull();
      const vars = new Map<string, string>([['JG01-day', bannerDay![1]]]);
      const fill = (text: string) =>
        text.replace(/<([A-Za-z0-9-]+)>/g, (...m: string[]) => {
          const name = m[1];
          const value = vars.get(name);
          if (value === undefined)
            throw new Error(`README curl names <${name}>, which nothing answered before`);
          return value;
        });
      for (const raw of calls) {
        const c = {
          ...raw,
          path: fill(raw.path),
          headers: Object.fromEntries(Object.entries(raw.headers).map(([k, v]) => [k, fill(v)])),
          body: raw.body === undefined ? undefined : fill(raw.body),
        };
        const res = await fetch(url + c.path, { method: c.method, headers: c.headers, body: c.body });
        expect(res.status).toBe(200);
        const answer = (await res.json()) as Envelope<unknown>;
        answers.push({ ...c, answer });
        if (answer.ok && answer.data && typeof answer.data === 'object' && !Array.isArray(answer.data))
          for (const [k, v] of Object.entries(answer.data as Record<string, unknown>))
            if (typeof v === 'string' && k !== 'JG01-day') vars.set(k, v);
        if (!c.path.startsWith('/functions/')) continue;
        if (c.expect) {
          const promised = /^\{"ok":(true|false)(?:,"error":\{"code":"(\w+)")?/.exec(c.expect)!;
          expect(answer).toMatchObject({
            ok: promised[1] === 'true',
            ...(promised[2] ? { error: { code: promised[2] } } : {}),
          });
        } else expect({ call: c, answer }).toMatchObject({ answer: { ok: true } });
      }
      // The reception story: the matter the station admin recorded is the villager's own case.
      const story = answers.find(
        (a) =>
          a.body === '{"action":"mine","townshipId":"jingu"}' &&
          a.headers['x-wx-openid'] === 'demo-villager-7',
      );
      expect(story?.answer).toMatchObject({
        ok: true,
        data: [expect.objectContaining({ excerpt: '家门口的水渠堵了', status: 'assigned' })],
      });
      const station = answers.find((a) => a.body === '{"action":"get","code":"JG01"}');
      expect(station?.answer).toMatchObject({ ok: true, data: { name: '金鼓乡人大代表之家' } });
      const notices = answers.find((a) => a.body === '{"action":"myNotices"}');
      const mine = unwrap(notices!.answer as Envelope<{ id: string }[]>);
      expect(mine.length).toBeGreaterThan(0);
      noticeId = mine[0].id;
    } finally {
      await stopGroup(child);
    }
    // Stopped: nothing listens any more.
    await expect(fetch(`${url}/local/messages`)).rejects.toThrow();
  });

  (chromiumAvailable() || !!process.env.CI ? it : it.skip)(
    'npm run notice:pdf prints the notice the demo township drafted to an A4 PDF',
    async () => {
      expect(noticeId).not.toBe('');
      const usage = readmeCommand(/npm run notice:pdf -- <noticeId> \[out\.pdf\]/);
      const out = path.join(work, 'notice.pdf');
      const res = await run(usage.replace('<noticeId>', `'${noticeId}'`).replace('[out.pdf]', out), {
        DATA_DIR: demoData,
      });
      expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
      expect(res.stdout).toContain(`wrote ${out}`);
      const { pages, sizes, text } = readPdf(out);
      expect(pages).toBe(1);
      expect(Math.round(Math.max(...sizes[0]))).toBe(842); // A4, 595.28 × 841.89 pt
      expect(Math.round(Math.min(...sizes[0]))).toBe(595);
      expect(text).toContain('金鼓乡人大代表之家代表履职登记公示');
      for (const name of ['王建国', '李秀英']) expect(text).toContain(name);
    },
  );

  it("npm run bootstrap -- <openid> [name] makes the county's first staff account", async () => {
    const usage = readmeCommand(/npm run bootstrap -- <openid> \[name\] \[--township <id>\]/);
    const res = await run(
      usage
        .replace('<openid>', 'o-readme-staff')
        .replace('[name]', '县人大常委会')
        .replace(' [--township <id>]', ''),
      { DATA_DIR: path.join(work, 'bootstrap-data') },
    );
    expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    const last = res.stdout.trim().split('\n').pop()!;
    expect(JSON.parse(last)).toMatchObject({ ok: true, data: { role: 'county' } });
  });

  it('npm run bench (quick) prints every section with measured figures', async () => {
    // Every section with tiny counts: about half a minute alone, longer beside the rest of the suite.
    const res = await run(`${readmeCommand(/npm run bench/)} -- --quick`, {}, 240_000);
    expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    const out = res.stdout;
    expect(out).toContain('quick: tiny counts');
    for (const section of [
      '## mini-program packages',
      '## cloud function bundles',
      '## cold require',
      '## local cloud: station.get over HTTP',
      '## presidium tools',
      '## articles',
      '## booking',
      '## duty',
      '## opinions',
      '## figures',
      '## ledgers',
    ])
      expect(out).toContain(section);
    expect(out).toMatch(/\n {2}\d+ calls\/s, mean [\d.]+ ms per call, 0 failed of \d+/);
    expect(out).toContain('(adds up: true)');
    expect(out).toMatch(/booked (\d+), DAY_FULL \d+, other errors 0/);
    expect(out).toMatch(/duplicates 0/);
    expect(out).toContain('numbers 1…10, each once');
    expect(out).toMatch(/\d+ submissions\/s routed and stored/);
  }, 260_000);

  it('npm run screens draws every screen into docs/screens/, each looked at and passing', async () => {
    const res = await run(readmeCommand(/npm run screens/), {}, 180_000);
    // A failing run shows what failed (the screens' own report is on stdout).
    if (res.status !== 0)
      throw new Error(
        `npm run screens failed (${res.status}):\n${res.stdout.slice(-3000)}\n${res.stderr.slice(-1500)}`,
      );
    const dir = path.join(clone, 'docs/screens');
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      name: string;
    }[];
    expect(manifest.length).toBeGreaterThan(30);
    for (const { name } of manifest) {
      expect([name, fs.existsSync(path.join(dir, `${name}.png`))]).toEqual([name, true]);
      expect([name, fs.existsSync(path.join(dir, `${name}.first.png`))]).toEqual([name, true]);
    }
  }, 200_000);
});
