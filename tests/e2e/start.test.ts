/**
 * `npm start` as a user runs it: the built local cloud serves the demo township over HTTP to any
 * openid, refuses malformed payloads, and keeps its data across a restart and a kill -9.
 * Needs `npm run build` (npm test runs it before jest).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const entry = path.join(root, 'dist/local/start.cjs');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-e2e-'));
jest.setTimeout(60_000);

function start(
  args: string[] = [],
  dir = dataDir,
): Promise<{ child: ChildProcess; url: string; banner: string }> {
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: root,
    env: { ...process.env, PORT: '0', DATA_DIR: dir, SCHEDULER_INTERVAL_MS: '0' },
  });
  return new Promise((resolve, reject) => {
    let banner = '';
    const timer = setTimeout(() => reject(new Error(`no banner: ${banner}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      const m = /local cloud listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner);
      if (m && banner.includes('Try:')) {
        clearTimeout(timer);
        resolve({ child, url: m[1], banner });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${banner}`)));
  });
}

async function post(url: string, fn: string, body: unknown, openid?: string) {
  const res = await fetch(`${url}/functions/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return (await res.json()) as { ok: boolean; data?: unknown; error?: { code: string; message: string } };
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  it('prints the address, the personas and what to try, and serves the demo township to any openid', async () => {
    const { child, url, banner } = await start(['--reset']);
    try {
      expect(banner).toContain('demo-presidium');
      expect(banner).toContain('demo-deputy-2');
      const list = await post(url, 'station', { action: 'list' }, 'o-anyone-123');
      expect(list).toMatchObject({ ok: true });
      expect((list.data as unknown[]).length).toBe(3);
      expect(await post(url, 'station', { action: 'get', code: 'JG03' }, 'o-anyone-456')).toMatchObject({
        ok: true,
        data: { name: '河坝代表联络站' },
      });
      expect(await post(url, 'station', { action: 'get', code: ['JG03'] }, 'o-anyone-456')).toMatchObject({
        ok: false,
        error: { code: 'BAD_INPUT' },
      });
      expect(await post(url, 'station', '{not json', 'o-anyone-456')).toMatchObject({
        ok: false,
        error: { code: 'BAD_INPUT' },
      });
    } finally {
      await stop(child, 'SIGTERM');
    }
  });

  it('keeps what it acknowledged across a restart and a kill -9', async () => {
    let run = await start();
    const invite = await post(
      run.url,
      'account',
      { action: 'createInvite', role: 'deputy', name: '赵丽', deputyId: 'd07' },
      'demo-presidium',
    );
    expect(invite.ok).toBe(true);
    const code = (invite.data as { code: string }).code;
    await stop(run.child, 'SIGKILL');

    run = await start();
    try {
      expect(run.banner).not.toContain('seeded');
      expect(await post(run.url, 'account', { action: 'redeemInvite', code }, 'o-zhaoli-wx')).toMatchObject({
        ok: true,
        data: { role: 'deputy' },
      });
    } finally {
      await stop(run.child, 'SIGTERM');
    }
    run = await start();
    try {
      expect(await post(run.url, 'account', { action: 'whoami' }, 'o-zhaoli-wx')).toMatchObject({
        ok: true,
        data: { deputyId: 'd07' },
      });
    } finally {
      await stop(run.child, 'SIGTERM');
    }
  });

  it('npm run bootstrap makes the first presidium account once, and npm start then knows it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-bootstrap-'));
    const bootstrap = (openid: string) =>
      spawnSync(process.execPath, [path.join(root, 'dist/local/bootstrap.cjs'), openid, '主席'], {
        cwd: root,
        env: { ...process.env, DATA_DIR: dir },
        encoding: 'utf8',
      });
    try {
      const first = bootstrap('o-first-chair');
      expect(first.status).toBe(0);
      expect(JSON.parse(first.stdout.trim())).toMatchObject({ ok: true, data: { role: 'presidium' } });
      const second = bootstrap('o-second-chair');
      expect(second.status).toBe(1);
      expect(JSON.parse(second.stdout.trim())).toMatchObject({
        ok: false,
        error: { code: 'BOOTSTRAP_CLOSED' },
      });

      const run = await start([], dir);
      try {
        expect(await post(run.url, 'account', { action: 'whoami' }, 'o-first-chair')).toMatchObject({
          ok: true,
          data: { role: 'presidium' },
        });
        expect(await post(run.url, 'account', { action: 'whoami' }, 'o-second-chair')).toMatchObject({
          ok: true,
          data: { role: 'resident' },
        });
      } finally {
        await stop(run.child, 'SIGTERM');
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
