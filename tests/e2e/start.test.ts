/**
 * `npm start` as a user runs it: the built local cloud serves the demo township over HTTP to any
 * openid, refuses malformed payloads, and keeps its data across a restart and a kill -9.
 * Needs `npm run build` (npm test runs it before jest).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unwrap } from '../support/envelope';
import { post, root, startServer, stopServer as stop } from '../support/local-server';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-e2e-'));
jest.setTimeout(60_000);

const start = (args: string[] = [], dir = dataDir) => startServer(dir, args);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  it('prints the address, the personas and what to try, and serves the demo township to any openid', async () => {
    const { child, url, banner } = await start(['--reset']);
    try {
      expect(banner).toContain('demo-presidium');
      expect(banner).toContain('demo-deputy-2');
      const list = await post<unknown[]>(url, 'station', { action: 'list' }, 'o-anyone-123');
      expect(list).toMatchObject({ ok: true });
      expect(unwrap(list).length).toBe(3);
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

  it('starts in an environment that already holds the CloudBase variables it sets', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-e2e-env-'));
    const preset = { LOCAL_CLOUD: '1', TCB_ENV: 'other', SILENCE: 'false', TCB_CONTEXT_CNFG: '{}' };
    const { child, url } = await startServer(dir, [], preset);
    try {
      expect(await post(url, 'station', { action: 'get', code: 'JG01' }, 'o-env')).toMatchObject({
        ok: true,
      });
    } finally {
      await stop(child, 'SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps what it acknowledged across a restart and a kill -9', async () => {
    let run = await start();
    const invite = await post<{ code: string }>(
      run.url,
      'account',
      { action: 'createInvite', role: 'deputy', name: '赵丽', deputyId: 'd07' },
      'demo-presidium',
    );
    expect(invite.ok).toBe(true);
    const code = unwrap(invite).code;
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
