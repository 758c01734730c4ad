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
  it('prints the address, the personas by township and what to try, and serves the demo county to any openid', async () => {
    const { child, url, banner } = await start(['--reset']);
    try {
      // Each township's staff under its heading, then the county's, then the villager.
      const at = (text: string) => banner.indexOf(text);
      const order = [
        '金鼓乡 ("townshipId":"jingu")',
        'demo-presidium ',
        'demo-deputy-2',
        '青山镇 ("townshipId":"qingshan")',
        'demo-presidium-qs',
        'demo-deputy-qs',
        '县人大常委会 (county staff',
        'demo-county',
        'demo-villager ',
      ].map(at);
      expect(order.every((i) => i >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      // 王建国 is listed in both townships.
      expect(banner.match(/demo-deputy-1 .*bound in two townships/g)).toHaveLength(2);

      const list = await post<unknown[]>(
        url,
        'station',
        { action: 'list', townshipId: 'jingu' },
        'o-anyone-123',
      );
      expect(list).toMatchObject({ ok: true });
      expect(unwrap(list).length).toBe(3);
      const qs = await post<unknown[]>(
        url,
        'station',
        { action: 'list', townshipId: 'qingshan' },
        'o-anyone-123',
      );
      expect(unwrap(qs).length).toBe(2);
      // A villager who named no township is asked for one (the mini-program shows 选择乡镇).
      expect(await post(url, 'station', { action: 'list' }, 'o-anyone-123')).toMatchObject({
        ok: false,
        error: { code: 'TOWNSHIP_REQUIRED' },
      });
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

  it("npm run bootstrap makes the county's first staff account once, then a new township's first presidium account once", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-bootstrap-'));
    const bootstrap = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(root, 'dist/local/bootstrap.cjs'), ...args], {
        cwd: root,
        env: { ...process.env, DATA_DIR: dir },
        encoding: 'utf8',
      });
    const answer = (run: ReturnType<typeof bootstrap>) => JSON.parse(run.stdout.trim()) as unknown;
    try {
      const first = bootstrap('o-first-staff', '县人大常委会');
      expect(first.status).toBe(0);
      expect(answer(first)).toMatchObject({ ok: true, data: { role: 'county' } });
      const second = bootstrap('o-second-staff');
      expect(second.status).toBe(1);
      expect(answer(second)).toMatchObject({ ok: false, error: { code: 'BOOTSTRAP_CLOSED' } });

      // The county's staff add a township (the first presidium member would bind with its invite code).
      let run = await start([], dir);
      try {
        expect(
          await post(run.url, 'account', { action: 'whoami', townshipId: 'jingu' }, 'o-first-staff'),
        ).toMatchObject({
          ok: true,
          data: { role: 'county' },
        });
        expect(
          await post(run.url, 'account', { action: 'whoami', townshipId: 'jingu' }, 'o-second-staff'),
        ).toMatchObject({
          ok: true,
          data: { role: 'resident' },
        });
        expect(
          await post(
            run.url,
            'county',
            { action: 'addTownship', requestId: 'add-baima-0001', id: 'baima', name: '白马镇' },
            'o-first-staff',
          ),
        ).toMatchObject({ ok: true });
      } finally {
        await stop(run.child, 'SIGTERM');
      }

      const chair = bootstrap('o-baima-chair', '主席', '--township', 'baima');
      expect(chair.status).toBe(0);
      expect(answer(chair)).toMatchObject({ ok: true, data: { role: 'presidium' } });
      const again = bootstrap('o-baima-second', '主席', '--township', 'baima');
      expect(again.status).toBe(1);
      expect(answer(again)).toMatchObject({ ok: false, error: { code: 'BOOTSTRAP_CLOSED' } });

      run = await start([], dir);
      try {
        expect(await post(run.url, 'account', { action: 'whoami' }, 'o-baima-chair')).toMatchObject({
          ok: true,
          data: { role: 'presidium', bindings: [{ townshipId: 'baima', townshipName: '白马镇' }] },
        });
        expect(
          await post(run.url, 'account', { action: 'whoami', townshipId: 'jingu' }, 'o-baima-chair'),
        ).toMatchObject({
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
