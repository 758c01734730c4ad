/**
 * Anonymous means anonymous: an anonymous opinion filed with a name and a phone, walked through its
 * whole life; EVERY response a deputy or the public can get (get, inbox, similar, follow, the deputies'
 * action answers, publicAnswers) and every message a deputy receives is searched for the villager's
 * openid, name and phone. Also: a named case's phone is full only for the deputy handling it.
 */
import { TEMPLATES } from '../../core/notify/templates';
import { submitOpinion, unwrap, useDemoCloud, type Envelope } from './support';

const cloud = useDemoCloud(new Date('2026-11-02T02:00:00Z'));

const AT = '2026-11-02T02:00:00Z';
const SECRET_OPENID = 'anon-villager-openid-7788';
const SECRET_NAME = '赵秘密';
const SECRET_PHONE = '13711112222';
const SECRETS = [SECRET_OPENID, SECRET_NAME, SECRET_PHONE, '1371111', '2222'];

let rid = 0;
const requestId = () => `privacy-req-${++rid}`;

/** Every response a deputy or the public got. */
const seen: { what: string; body: string }[] = [];

async function observe<T>(what: string, res: Promise<Envelope<T>>): Promise<T> {
  const r = await res;
  seen.push({ what, body: JSON.stringify(r) });
  if (!r.ok) throw new Error(`${what}: ${JSON.stringify(r.error)}`);
  return r.data;
}

const call = (openid: string, action: string, payload: object = {}) =>
  cloud.call<Record<string, unknown>>('opinion', { action, ...payload }, openid, AT);

describe('opinion privacy', () => {
  it('never shows an anonymous villager to deputies or the public, through the whole life of the case', async () => {
    cloud.openapi.grant('demo-deputy-1', TEMPLATES.opinionAssigned.id, 20);
    const sentBefore = cloud.openapi.messages.length;
    const { id } = unwrap(
      await submitOpinion(
        cloud,
        SECRET_OPENID,
        {
          requestId: requestId(),
          text: '村东头的桥栏杆松动了，孩子上学经过很危险',
          anonymous: true,
          consentToPublish: true,
          contact: { name: SECRET_NAME, phone: SECRET_PHONE },
        },
        AT,
      ),
    );
    // Collect the minimum: the anonymous case keeps no contact at all.
    const stored = cloud.store.get('opinions', id)!.doc as Record<string, unknown>;
    expect(stored.contact).toBeUndefined();

    const deputy = 'demo-deputy-1';
    const otherDeputy = 'demo-deputy-2';
    const publicCaller = 'random-passer-by';
    await observe('deputy get (assigned)', call(deputy, 'get', { opinionId: id }));
    await observe('deputy inbox', call(deputy, 'inbox'));
    await observe('other deputy get', call(otherDeputy, 'get', { opinionId: id })).catch(() => undefined);
    await observe('other deputy inbox', call(otherDeputy, 'inbox'));
    await observe(
      'public similar',
      call(publicCaller, 'similar', {
        stationCode: 'JG01',
        categoryCode: 'road',
        text: '桥栏杆松动了很危险',
      }),
    );
    await observe(
      'deputy similar',
      call(deputy, 'similar', { stationCode: 'JG01', categoryCode: 'road', text: '桥栏杆松动' }),
    );
    await observe('public follow', call(publicCaller, 'follow', { opinionId: id }));
    await observe('public get as follower', call(publicCaller, 'get', { opinionId: id }));
    await observe('deputy accept', call(deputy, 'accept', { requestId: requestId(), opinionId: id }));
    await observe(
      'deputy reply',
      call(deputy, 'reply', { requestId: requestId(), opinionId: id, answer: '已通知村委会加固栏杆' }),
    );
    await observe('deputy resolve', call(deputy, 'resolve', { requestId: requestId(), opinionId: id }));
    await observe('deputy get (resolved)', call(deputy, 'get', { opinionId: id }));
    await observe('deputy inbox (after)', call(deputy, 'inbox'));
    const answers = await observe(
      'public answers',
      cloud.call<{ id: string; villageCode: string | null }[]>(
        'opinion',
        { action: 'publicAnswers', stationCode: 'JG01' },
        publicCaller,
        AT,
      ),
    );
    // The answer is public (consented), without even the village of an anonymous villager.
    expect(answers.find((a) => a.id === id)).toMatchObject({ villageCode: null });

    for (const { what, body } of seen) {
      for (const secret of SECRETS) {
        if (body.includes(secret)) throw new Error(`${what} leaks ${secret}: ${body}`);
      }
    }
    // Messages to deputies carry nothing of the villager either.
    const toStaff = cloud.openapi.messages.slice(sentBefore).filter((m) => m.touser !== SECRET_OPENID);
    expect(toStaff.length).toBeGreaterThan(0);
    for (const m of toStaff) for (const s of SECRETS) expect(JSON.stringify(m)).not.toContain(s);
    // The villager still sees their own case.
    const own = await call(SECRET_OPENID, 'get', { opinionId: id });
    expect(own).toMatchObject({ ok: true, data: { role: 'villager' } });
  });

  it('masks a phone typed into an anonymous text in the inbox and in every message to a deputy', async () => {
    const phone = '13955556666';
    cloud.openapi.grant('demo-deputy-1', TEMPLATES.opinionAssigned.id, 5);
    const sentBefore = cloud.openapi.messages.length;
    unwrap(
      await submitOpinion(
        cloud,
        'anon-phone-in-text',
        { requestId: requestId(), text: `电话${phone}，村口水渠堵了`, anonymous: true },
        AT,
      ),
    );
    const inbox = JSON.stringify(await call('demo-deputy-1', 'inbox'));
    expect(inbox).toContain('电话139****6666，村口水渠堵了');
    expect(inbox).not.toContain(phone);
    const toDeputy = cloud.openapi.messages.slice(sentBefore).filter((m) => m.touser === 'demo-deputy-1');
    expect(toDeputy.length).toBeGreaterThan(0);
    for (const m of toDeputy) expect(JSON.stringify(m)).not.toContain(phone);
  });

  it("never shows a follower another villager's words without consent, in mine or in messages", async () => {
    const words = '后山的蓄水池漏水，请尽快修一修';
    const { id } = unwrap(
      await submitOpinion(cloud, 'no-consent-author', { requestId: requestId(), text: words }, AT),
    );
    const follower = 'curious-follower';
    cloud.openapi.grant(follower, TEMPLATES.opinionProgress.id, 5);
    expect(await call(follower, 'follow', { opinionId: id })).toMatchObject({ ok: true });
    const sentBefore = cloud.openapi.messages.length;
    for (const [act, extra] of [
      ['accept', {}],
      ['reply', { answer: '已安排修缮' }],
    ] as const) {
      const r = await call('demo-deputy-1', act, { requestId: requestId(), opinionId: id, ...extra });
      expect(r).toMatchObject({ ok: true });
    }
    const mine = JSON.stringify(await call(follower, 'mine'));
    expect(mine).toContain(id);
    expect(mine).not.toContain('蓄水池');
    const toFollower = cloud.openapi.messages.slice(sentBefore).filter((m) => m.touser === follower);
    expect(toFollower.length).toBeGreaterThan(0);
    for (const m of toFollower) expect(JSON.stringify(m)).not.toContain('蓄水池');
    // The author still reads their own words.
    expect(JSON.stringify(await call('no-consent-author', 'mine'))).toContain('蓄水池');
  });

  it('shows a named case phone in full only to the deputy handling it, masked to everyone else', async () => {
    const { id } = unwrap(
      await submitOpinion(
        cloud,
        'named-villager-1',
        {
          requestId: requestId(),
          text: '组里的公路边沟堵了',
          contact: { name: '钱大叔', phone: '13822223333' },
        },
        AT,
      ),
    );
    expect(await call('demo-deputy-1', 'get', { opinionId: id })).toMatchObject({
      ok: true,
      data: { contactPhone: '13822223333' },
    });
    const presidium = JSON.stringify(await call('demo-presidium', 'get', { opinionId: id }));
    expect(presidium).toContain('138****3333');
    expect(presidium).not.toContain('13822223333');
    const own = JSON.stringify(await call('named-villager-1', 'get', { opinionId: id }));
    expect(own).toContain('138****3333');
    expect(own).not.toContain('13822223333');
    // No consent: nothing public, and a similar-case excerpt is withheld.
    const similar = await call('someone-9', 'similar', {
      stationCode: 'JG01',
      categoryCode: 'road',
      text: '公路边沟堵了',
    });
    expect(JSON.stringify(similar)).not.toContain('组里的公路边沟堵了');
  });

  it('anonymous case: deputies see the village in the inbox and in get alike; followers and the public never', async () => {
    const { id } = unwrap(
      await submitOpinion(
        cloud,
        'anon-village-author',
        { requestId: requestId(), text: '村里的便民桥桥面有裂缝', anonymous: true, consentToPublish: true },
        AT,
      ),
    );
    const inbox = unwrap(
      await cloud.call<{ open: { id: string; villageName: string | null }[] }>(
        'opinion',
        { action: 'inbox' },
        'demo-deputy-1',
        AT,
      ),
    );
    const item = inbox.open.find((i) => i.id === id);
    const got = unwrap(
      await cloud.call<{ villageCode: string; villageName: string }>(
        'opinion',
        { action: 'get', opinionId: id },
        'demo-deputy-1',
        AT,
      ),
    );
    expect(got.villageName).toBeTruthy();
    expect(item?.villageName).toBe(got.villageName);
    // Another villager following the case learns its progress, not its village.
    expect(await call('anon-village-follower', 'follow', { opinionId: id })).toMatchObject({ ok: true });
    const asFollower = unwrap(
      await cloud.call<{ role: string; villageCode: string | null; villageName: string | null }>(
        'opinion',
        { action: 'get', opinionId: id },
        'anon-village-follower',
        AT,
      ),
    );
    expect(asFollower).toMatchObject({ role: 'follower', villageCode: null, villageName: null });
    expect(JSON.stringify(asFollower)).not.toContain(got.villageName);
  });
});
