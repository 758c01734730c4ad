/**
 * Opinions on the built `npm start` over HTTP, as a deployer tries it: a villager files an opinion, the
 * demo deputy finds it in the inbox, accepts, answers and resolves, the villager rates; the case and its
 * timeline survive a restart. Needs `npm run build` (npm test runs it before jest).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unwrap } from '../support/envelope';
import { post, startServer, stopServer as stop } from '../support/local-server';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-e2e-opinion-'));
jest.setTimeout(60_000);

const start = () => startServer(dataDir);

/**
 * Calls the opinion function as `openid` in 金鼓乡, as the mini-program showing it sends (王建国 serves in
 * two townships, and a villager's township is the one they chose); answers its data (throws on an error
 * envelope).
 */
const call = async <T = Record<string, unknown>>(url: string, openid: string, body: object): Promise<T> =>
  unwrap(await post<T>(url, 'opinion', { ...body, townshipId: 'jingu' }, openid));

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
