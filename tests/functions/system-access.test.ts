/**
 * "No openid" is not "trusted": a `system` action runs only when the platform's timer trigger started the
 * run (SOURCE 'wx_trigger') or the event carries the function's SYSTEM_TOKEN (console, CLI); a call that
 * merely has no WeChat user (web SDK, anonymous login, HTTP access, another account) is refused. And the
 * environment's function security rules keep clients from calling system-only functions at all.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FUNCTIONS } from '../../scripts/generate';
import { post } from '../support/local-server';
import { demoCloud, expectError, type DemoCloud } from './support';

const TOKEN = 'a-console-token-0123456789';
let cloud: DemoCloud;
beforeAll(async () => {
  process.env.SYSTEM_TOKEN = TOKEN;
  cloud = await demoCloud();
});
afterAll(async () => {
  delete process.env.SYSTEM_TOKEN;
  await cloud?.stop();
});

const UNTRUSTED_SOURCES = ['', 'wx_http', 'wx_unknown', 'wx_client', 'wx_devtools', 'scf', 'wx_client,scf'];
const runDue = { action: 'runDue' };
const timer = { Type: 'Timer', TriggerName: 'hourly', Time: new Date().toISOString() };

describe('the scheduler without a WeChat user', () => {
  it.each(UNTRUSTED_SOURCES)('refuses runDue and a timer-shaped event from SOURCE %j', async (source) => {
    expectError(await cloud.invoke('scheduler', runDue, { source }), 'FORBIDDEN');
    expectError(await cloud.invoke('scheduler', timer, { source }), 'FORBIDDEN');
  });

  it('runs on the timer trigger (SOURCE wx_trigger)', async () => {
    const res = await cloud.invoke('scheduler', timer, { source: 'wx_trigger' });
    expect(res).toMatchObject({ ok: true, data: { purgeIdempotency: expect.any(Number) } });
  });

  it('runs from the console with the SYSTEM_TOKEN, and refuses a wrong or missing token', async () => {
    const ok = await cloud.invoke('scheduler', { ...runDue, systemToken: TOKEN }, { source: 'wx_http' });
    expect(ok).toMatchObject({ ok: true });
    for (const systemToken of [`${TOKEN}x`, TOKEN.slice(0, -1), '', 12345, null])
      expectError(
        await cloud.invoke('scheduler', { ...runDue, systemToken }, { source: 'wx_http' }),
        'FORBIDDEN',
      );
  });

  it('a WeChat user with the token is still refused', async () => {
    expectError(
      await cloud.invoke('scheduler', { ...runDue, systemToken: TOKEN }, { openid: 'demo-presidium' }),
      'FORBIDDEN',
    );
  });

  it('over the local HTTP server a call without x-wx-openid is not trusted', async () => {
    expectError(await post(cloud.url, 'scheduler', runDue), 'FORBIDDEN');
    expectError(await post(cloud.url, 'scheduler', timer), 'FORBIDDEN');
    expect(await post(cloud.url, 'scheduler', { ...runDue, systemToken: TOKEN })).toMatchObject({ ok: true });
  });

  it('a SYSTEM_TOKEN shorter than 16 characters admits nobody', async () => {
    process.env.SYSTEM_TOKEN = 'short';
    try {
      expectError(
        await cloud.invoke('scheduler', { ...runDue, systemToken: 'short' }, { source: 'wx_http' }),
        'FORBIDDEN',
      );
    } finally {
      process.env.SYSTEM_TOKEN = TOKEN;
    }
  });
});

describe('the environment security rules for functions (cloudfunctions/security-rules.json)', () => {
  const rules = JSON.parse(
    fs.readFileSync(path.join(__dirname, '../../cloudfunctions/security-rules.json'), 'utf8'),
  ) as Record<string, { invoke: boolean | string }>;

  it('signed-in clients by default; every function whose actions are all system-only: nobody', () => {
    const systemOnly = FUNCTIONS.filter((f) =>
      Object.values(f.actions).every((a) => a.audience === 'system'),
    ).map((f) => f.name);
    expect(systemOnly).toContain('scheduler');
    const expected = Object.fromEntries([
      ['*', { invoke: 'auth != null' }],
      ...systemOnly.map((name) => [name, { invoke: false }]),
    ]);
    expect(rules).toEqual(expected);
  });
});
