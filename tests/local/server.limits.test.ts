/** The local cloud's HTTP edges: a body past 8 MB is answered 413 (not a connection reset). */
import { startLocalCloud, type LocalCloud } from '../../local/cloud';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startLocalCloud({ dataDir: null });
});
afterAll(() => cloud?.stop());

async function postRaw(body: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${cloud.url}/functions/account`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': 'demo-villager' },
    body,
  });
  return { status: res.status, json: await res.json() };
}

describe('request bodies', () => {
  it('a 9 MB body answers 413 with a Chinese message', async () => {
    const body = JSON.stringify({ action: 'whoami', pad: 'x'.repeat(9 * 1024 * 1024) });
    const res = await postRaw(body);
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/太大/) },
    });
  });

  it('the server still answers after it', async () => {
    const res = await postRaw(JSON.stringify({ action: 'whoami' }));
    expect(res.status).toBe(200);
  });

  it('a body just under 8 MB reaches the function', async () => {
    const body = JSON.stringify({ action: 'whoami', pad: 'x'.repeat(8 * 1024 * 1024 - 100) });
    const res = await postRaw(body);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});
