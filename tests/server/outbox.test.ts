/**
 * The outbox through the real scheduler function and the local openapi: sent when the user holds a
 * subscription, refused (43101, final) when not, retried with backoff and finally failed on other errors;
 * field values fitted to WeChat's limits when queued.
 */
import { TEMPLATES } from '../../core/notify/templates';
import { MAX_ATTEMPTS, outboxRecord, type OutboxMessage } from '../../server/outbox';
import { demoCloud } from '../functions/support';

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;
beforeAll(async () => (cloud = await demoCloud()));
afterAll(() => cloud.stop());

const T0 = new Date('2026-11-20T02:00:00Z');

function put(msg: OutboxMessage): void {
  cloud.store.commit([{ collection: 'outbox', id: msg._id, doc: { ...msg } }]);
}

function stored(id: string): OutboxMessage {
  return cloud.store.get('outbox', id)!.doc as unknown as OutboxMessage;
}

const runDue = (at: Date) =>
  cloud.invoke<{ ok: boolean; data: Record<string, unknown> }>(
    'scheduler',
    { action: 'runDue' },
    { now: at.toISOString() },
  );

function reminder(key: string, openid: string, place = '金鼓村村委会'): OutboxMessage {
  return outboxRecord(
    {
      key,
      openid,
      template: 'bookingReminder',
      page: 'pages/bookings/index',
      fields: { thing1: '金鼓站', time2: '2026年11月21日 09:00', thing3: place, thing4: '请带好身份证' },
      ref: `test:${key}`,
    },
    T0,
  );
}

describe('outbox', () => {
  it('fits long field values when a message is queued', () => {
    const msg = reminder('long', 'o-any', '金鼓村村民委员会办公楼二楼人大代表联络站接待室东侧');
    expect(Array.from(msg.data.thing3.value)).toHaveLength(20);
    expect(msg.data.thing3.value.endsWith('…')).toBe(true);
    expect(msg.templateId).toBe(TEMPLATES.bookingReminder.id);
  });

  it('sends to a subscribed user once, and records a refusal (43101) as final for one without', async () => {
    cloud.openapi.grant('o-sub', TEMPLATES.bookingReminder.id, 1);
    put(reminder('a', 'o-sub'));
    put(reminder('b', 'o-nosub'));
    const res = await runDue(T0);
    expect(res).toMatchObject({ ok: true, data: { deliverOutbox: { sent: 1, refused: 1 } } });
    expect(stored('msg:a')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(stored('msg:b')).toMatchObject({ status: 'refused', attempts: 1 });
    expect(stored('msg:b').lastError).toMatch(/43101/);

    // A second run sends nothing again.
    const before = cloud.openapi.messages.length;
    await runDue(new Date(T0.getTime() + 3_600_000));
    expect(cloud.openapi.messages.length).toBe(before);
  });

  it('records a bad field (47003) as failed at once: the same data would be refused again', async () => {
    cloud.openapi.grant('o-bad', TEMPLATES.bookingReminder.id, 10);
    const bad = reminder('bad', 'o-bad');
    bad.data.thing1 = { value: '一'.repeat(25) }; // bypasses fitting: WeChat answers 47003
    put(bad);
    await runDue(T0);
    expect(stored('msg:bad')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(stored('msg:bad').lastError).toMatch(/47003/);
    const sends = cloud.openapi.messages.length;
    await runDue(new Date(T0.getTime() + 24 * 3_600_000));
    expect(cloud.openapi.messages.length).toBe(sends);
    expect(stored('msg:bad').attempts).toBe(1);
  });

  it('retries other failures with backoff and gives up after MAX_ATTEMPTS', async () => {
    cloud.openapi.grant('o-busy', TEMPLATES.bookingReminder.id, 10);
    put(reminder('busy', 'o-busy'));
    cloud.openapi.outage(-1, MAX_ATTEMPTS); // WeChat busy on every try
    await runDue(T0);
    expect(stored('msg:busy')).toMatchObject({ status: 'pending', attempts: 1 });
    const next = stored('msg:busy').nextAttemptAt;
    expect(new Date(next).getTime()).toBeGreaterThan(T0.getTime());

    // Not due yet: nothing happens.
    await runDue(new Date(T0.getTime() + 1000));
    expect(stored('msg:busy').attempts).toBe(1);

    let at = T0;
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      at = new Date(at.getTime() + 3 * 3_600_000);
      await runDue(at);
    }
    expect(stored('msg:busy')).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(stored('msg:busy').lastError).toMatch(/-1/);
  });
});
