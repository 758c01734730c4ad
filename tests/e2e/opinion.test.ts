/**
 * Opinions on the built `npm start` over HTTP, as a deployer tries it: a villager files an opinion, the
 * demo deputy finds it in the inbox, accepts, answers and resolves, the villager rates; the case and its
 * timeline survive a restart. Needs `npm run build` (npm test runs it before jest).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const entry = path.join(root, 'dist/local/start.cjs');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-e2e-opinion-'));
jest.setTimeout(60_000);

function start(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, SCHEDULER_INTERVAL_MS: '0' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /local cloud listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function call<T = Record<string, unknown>>(url: string, openid: string, body: object): Promise<T> {
  const res = await fetch(`${url}/functions/opinion`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
    body: JSON.stringify(body),
  });
  const envelope = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!envelope.ok) throw new Error(JSON.stringify(envelope.error));
  return envelope.data as T;
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('opinions on npm start', () => {
  it('goes from a villager to the deputy and back, and survives a restart', async () => {
    let server = await start();
    try {
      const { id } = await call<{ id: string }>(server.url, 'e2e-villager', {
        action: 'submit',
        requestId: 'e2e-opinion-0001',
        stationCode: 'JG01',
        villageCode: 'jingu',
        categoryCode: 'environment',
        text: '河沟里堆了很多垃圾，夏天有臭味',
        anonymous: false,
        consentToPublish: true,
      });
      const inbox = await call<{ open: { id: string }[] }>(server.url, 'demo-deputy-1', { action: 'inbox' });
      expect(inbox.open.map((i) => i.id)).toContain(id);
      for (const [action, extra] of [
        ['accept', {}],
        ['reply', { answer: '已安排保洁员清理，并设置垃圾收集点' }],
        ['resolve', {}],
      ] as const) {
        await call(server.url, 'demo-deputy-1', {
          action,
          requestId: `e2e-${action}-1`,
          opinionId: id,
          ...extra,
        });
      }
      await call(server.url, 'e2e-villager', {
        action: 'rate',
        requestId: 'e2e-rate-1',
        opinionId: id,
        rating: 'satisfied',
      });
      await stop(server.child);

      server = await start();
      const view = await call<{ status: string; timeline: { text: string }[] }>(server.url, 'e2e-villager', {
        action: 'get',
        opinionId: id,
      });
      expect(view.status).toBe('closed');
      expect(view.timeline.map((t) => t.text)).toContain('代表已答复：已安排保洁员清理，并设置垃圾收集点');
      const answers = await call<{ id: string }[]>(server.url, 'passer-by', {
        action: 'publicAnswers',
        stationCode: 'JG01',
      });
      expect(answers.map((a) => a.id)).toContain(id);
    } finally {
      await stop(server.child);
    }
  });
});
