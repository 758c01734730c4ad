/**
 * The local cloud's openapi (what `cloud.openapi` is inside a function run by the local cloud):
 * subscribe messages against one-time grants, QR codes that decode to their scene, content checks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import jsQR from 'jsqr';
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { OpenApiError, type SentMessage } from '../../local/openapi/local-openapi';
import { REVIEW_WORDS, RISKY_WORDS } from '../../local/openapi/sensitive-words';

// pngjs ships no typings; this is the one call used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PNG } = require('pngjs') as {
  PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } };
};

jest.setTimeout(60_000);

let dataDir: string;
let lc: LocalCloud;
let api: ReturnType<LocalCloud['openapi']['api']>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-openapi-'));
  lc = await startLocalCloud({ dataDir });
  api = lc.openapi.api();
});

afterAll(async () => {
  await lc.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function refusal(p: Promise<unknown>): Promise<OpenApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(OpenApiError);
    return err as OpenApiError;
  }
  throw new Error('expected the call to be refused');
}

function loggedMessages(): SentMessage[] {
  return fs
    .readFileSync(path.join(dataDir, 'messages.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SentMessage);
}

describe('subscribeMessage.send', () => {
  const TEMPLATE = 'tpl-booking';
  const message = (touser: string, thing1 = '青山村联络站') => ({
    touser,
    templateId: TEMPLATE,
    page: 'pages/booking/detail?id=1',
    data: { thing1: { value: thing1 }, time2: { value: '2024-05-06 09:00' } },
  });

  it('is refused with 43101 when the user granted no subscription', async () => {
    const err = await refusal(api.subscribeMessage.send(message('o-nogrant')));
    expect(err.errCode).toBe(43101);
    expect(lc.openapi.messages.at(-1)).toMatchObject({
      touser: 'o-nogrant',
      outcome: 'refused',
      errCode: 43101,
    });
  });

  it('is accepted once per grant', async () => {
    lc.openapi.grant('o-granted', TEMPLATE, 2);
    await expect(api.subscribeMessage.send(message('o-granted'))).resolves.toMatchObject({ errCode: 0 });
    await expect(api.subscribeMessage.send(message('o-granted'))).resolves.toMatchObject({ errCode: 0 });
    expect(lc.openapi.grantsLeft('o-granted', TEMPLATE)).toBe(0);
    expect((await refusal(api.subscribeMessage.send(message('o-granted')))).errCode).toBe(43101);
    // A grant is per template.
    lc.openapi.grant('o-granted', 'tpl-other');
    expect((await refusal(api.subscribeMessage.send(message('o-granted')))).errCode).toBe(43101);
  });

  it('is refused with 47003 when a thing field is over 20 characters, and keeps the grant', async () => {
    lc.openapi.grant('o-long', TEMPLATE);
    const err = await refusal(api.subscribeMessage.send(message('o-long', '一'.repeat(21))));
    expect(err.errCode).toBe(47003);
    expect(err.errMsg).toMatch(/thing1/);
    expect(lc.openapi.grantsLeft('o-long', TEMPLATE)).toBe(1);
    // Exactly 20 is fine.
    await expect(api.subscribeMessage.send(message('o-long', '一'.repeat(20)))).resolves.toMatchObject({
      errCode: 0,
    });
  });

  it('records every attempt in openapi.messages and in DATA_DIR/messages.jsonl', async () => {
    lc.openapi.grant('o-log', TEMPLATE);
    await api.subscribeMessage.send(message('o-log'));
    await refusal(api.subscribeMessage.send(message('o-log')));
    const mine = lc.openapi.messages.filter((m) => m.touser === 'o-log');
    expect(mine.map((m) => m.outcome)).toEqual(['sent', 'refused']);
    expect(mine[0]).toMatchObject({
      templateId: TEMPLATE,
      page: 'pages/booking/detail?id=1',
      data: { thing1: { value: '青山村联络站' } },
      errCode: 0,
    });
    expect(loggedMessages()).toEqual(lc.openapi.messages);
  });

  it('grants through the dev server endpoint and lists the outbox there', async () => {
    const granted = await fetch(`${lc.url}/local/subscriptions`, {
      method: 'POST',
      body: JSON.stringify({ openid: 'o-http', templateId: TEMPLATE, count: 1 }),
    });
    expect(await granted.json()).toEqual({ left: 1 });
    await api.subscribeMessage.send(message('o-http'));
    const listed = (await (await fetch(`${lc.url}/local/messages`)).json()) as SentMessage[];
    expect(listed.filter((m) => m.touser === 'o-http').map((m) => m.outcome)).toEqual(['sent']);
  });
});

describe('wxacode.getUnlimited', () => {
  function decode(buffer: Buffer): string | undefined {
    const png = PNG.sync.read(buffer);
    return jsQR(new Uint8ClampedArray(png.data), png.width, png.height, { inversionAttempts: 'dontInvert' })
      ?.data;
  }

  it.each(['st=qingshan', 's=123456789012345678901234567890', 'a'])(
    'answers a PNG whose QR text is the scene "%s"',
    async (scene) => {
      const res = await api.wxacode.getUnlimited({ scene, page: 'pages/station/index' });
      expect(res.contentType).toBe('image/png');
      expect(res.buffer.subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
      expect(decode(res.buffer)).toBe(scene);
    },
  );

  it('refuses a scene over 32 characters with 40169', async () => {
    expect('s=123456789012345678901234567890').toHaveLength(32);
    const err = await refusal(api.wxacode.getUnlimited({ scene: 'x'.repeat(33) }));
    expect(err.errCode).toBe(40169);
  });

  it('refuses an empty scene or one outside visible ASCII with 40169', async () => {
    expect((await refusal(api.wxacode.getUnlimited({ scene: '' }))).errCode).toBe(40169);
    expect((await refusal(api.wxacode.getUnlimited({ scene: '站点=1' }))).errCode).toBe(40169);
  });
});

describe('security.msgSecCheck', () => {
  const check = async (content: string) => (await api.security.msgSecCheck({ content })).result.suggest;

  it('answers risky for a risky word', async () => {
    expect(await check(`这里有${RISKY_WORDS[0]}的广告`)).toBe('risky');
    const res = await api.security.msgSecCheck({ content: RISKY_WORDS[1] });
    expect(res.detail[0]).toMatchObject({ suggest: 'risky', keyword: RISKY_WORDS[1] });
  });

  it('answers review for a review word', async () => {
    expect(await check(`有事${REVIEW_WORDS[0]}聊`)).toBe('review');
  });

  it('risky wins over review', async () => {
    expect(await check(`${REVIEW_WORDS[0]} ${RISKY_WORDS[0]}`)).toBe('risky');
  });

  it('answers pass for ordinary text', async () => {
    const res = await api.security.msgSecCheck({ content: '村口的路灯坏了，晚上很黑，希望尽快修好。' });
    expect(res.result).toEqual({ suggest: 'pass', label: 100 });
    expect(res.detail).toEqual([]);
  });

  it('takes extra words from LOCAL_RISKY_WORDS and LOCAL_REVIEW_WORDS', async () => {
    expect(await check('广场舞噪音')).toBe('pass');
    process.env.LOCAL_RISKY_WORDS = '广场舞';
    process.env.LOCAL_REVIEW_WORDS = '噪音';
    try {
      expect(await check('广场舞噪音')).toBe('risky');
      expect(await check('晚上噪音大')).toBe('review');
    } finally {
      delete process.env.LOCAL_RISKY_WORDS;
      delete process.env.LOCAL_REVIEW_WORDS;
    }
    expect(await check('广场舞噪音')).toBe('pass');
  });
});

describe('inside a cloud function', () => {
  it('cloud.openapi is this local openapi once the function host has loaded a function', async () => {
    await lc.invoke('account', { action: 'nothing-such' });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('wx-server-sdk') as { openapi: typeof api };
    lc.openapi.grant('o-fn', 'tpl-fn');
    await expect(
      sdk.openapi.subscribeMessage.send({
        touser: 'o-fn',
        templateId: 'tpl-fn',
        data: { thing1: { value: '好' } },
      }),
    ).resolves.toMatchObject({ errCode: 0 });
    expect(lc.openapi.messages.at(-1)).toMatchObject({ touser: 'o-fn', outcome: 'sent' });
  });
});
