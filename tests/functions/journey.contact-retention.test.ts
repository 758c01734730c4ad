/**
 * Journey (issue 12 §3): the names and phones villagers leave with a booking or at the desk are purged
 * on the same rule as an opinion's contact (core/privacy/contact.retention: 90 days after the reception
 * day ended). A villager books with a name and phone, a walk-in leaves theirs, the day passes and is
 * recorded; the scheduler runs within the retention (nothing removed) and past it: the roster, the
 * villager's own booking and the stored documents hold no name or phone, and the roster and the record
 * say, as counts only, what was removed.
 */
import { addDays, chinaDate } from '../../core/calendar/china-time';
import { DEFAULT_CONTACT_RETENTION_DAYS } from '../../core/privacy/contact.retention';
import { demoCloud, type DemoCloud, type Envelope, unwrap as data } from './support';

let cloud: DemoCloud;
beforeAll(async () => {
  cloud = await demoCloud();
});
afterAll(() => cloud.stop());

const ADMIN = 'demo-station-admin'; // JG01
const VILLAGER = 'v-journey-retention';
const QUIET = 'v-journey-retention-quiet';

let rid = 0;
const requestId = () => `retention-rq-${++rid}`;
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`).toISOString();
const runScheduler = (now: string) =>
  cloud.invoke<Envelope<Record<string, unknown>>>('scheduler', { action: 'runDue' }, { now });
const stored = (collection: string, id: string) =>
  cloud.store.get(collection, id)?.doc as Record<string, unknown>;

interface Roster {
  contactsPurged: { bookings: number; names: number; phones: number } | null;
  bookings: { bookingId: string; name: string | null; phone: string | null; phoneMasked: string | null }[];
}

describe('booking and walk-in contacts are purged on the opinion contact rule, and counted', () => {
  const today = chinaDate(new Date());
  let date = '';
  let dayId = '';
  let bookingId = '';
  let quietId = '';
  let walkInId = '';
  const roster = async (when: string) =>
    data(await cloud.call<Roster>('booking', { action: 'roster', dayId }, ADMIN, when));

  it('the day: a villager books with a name and phone, another without, a walk-in leaves theirs', async () => {
    date = addDays(today, 6);
    while (cloud.store.get('receptionDays', `JG01:${date}`)) date = addDays(date, 1);
    dayId = data(
      await cloud.call<{ dayId: string }>(
        'booking',
        {
          action: 'addDay',
          stationCode: 'JG01',
          date,
          start: '09:00',
          end: '11:00',
          slots: [{ id: 'a', start: '09:00', end: '11:00', capacity: 10 }],
          deputyIds: ['d01'],
        },
        ADMIN,
      ),
    ).dayId;
    const book = (openid: string, extra: object) =>
      cloud.call<{ bookingId: string }>(
        'booking',
        { action: 'book', requestId: requestId(), dayId, topic: '村道积水', villageCode: 'jingu', ...extra },
        openid,
      );
    bookingId = data(await book(VILLAGER, { name: '王大姐', phone: '13712345678' })).bookingId;
    quietId = data(await book(QUIET, {})).bookingId;
    walkInId = data(
      await cloud.call<{ bookingId: string }>(
        'booking',
        {
          action: 'walkIn',
          requestId: requestId(),
          dayId,
          name: '赵大爷',
          topic: '低保咨询',
          villageCode: 'jingu',
          phone: '13900001111',
        },
        ADMIN,
        at(date, '09:30'),
      ),
    ).bookingId;

    const r = await roster(at(date, '10:00'));
    expect(r.contactsPurged).toBeNull();
    expect(r.bookings.find((b) => b.bookingId === bookingId)).toMatchObject({
      name: '王大姐',
      phone: '13712345678',
    });
    expect(r.bookings.find((b) => b.bookingId === walkInId)).toMatchObject({
      name: '赵大爷',
      phone: '13900001111',
    });
  });

  it('the day passes and is recorded; within the retention the contacts are kept', async () => {
    expect(
      await cloud.call(
        'booking',
        { action: 'record', requestId: requestId(), dayId, matters: [] },
        ADMIN,
        at(date, '12:00'),
      ),
    ).toMatchObject({ ok: true });
    const justBefore = at(addDays(date, DEFAULT_CONTACT_RETENTION_DAYS), '10:59');
    expect(await runScheduler(justBefore)).toMatchObject({ ok: true, data: { bookingContactPurge: 0 } });
    const r = await roster(justBefore);
    expect(r.contactsPurged).toBeNull();
    expect(r.bookings.find((b) => b.bookingId === bookingId)).toMatchObject({ name: '王大姐' });
    expect(stored('bookings', walkInId)).toMatchObject({ name: '赵大爷', phone: '13900001111' });
  });

  it('past the retention the scheduler removes every name and phone; the roster and record count them', async () => {
    const after = at(addDays(date, DEFAULT_CONTACT_RETENTION_DAYS), '11:00');
    expect(await runScheduler(after)).toMatchObject({ ok: true, data: { bookingContactPurge: 2 } });

    for (const id of [bookingId, quietId, walkInId]) {
      expect(stored('bookings', id)).not.toHaveProperty('name');
      expect(stored('bookings', id)).not.toHaveProperty('phone');
    }
    const r = await roster(after);
    expect(r.contactsPurged).toEqual({ bookings: 2, names: 2, phones: 2 });
    expect(r.bookings).toHaveLength(3);
    for (const b of r.bookings) expect(b).toMatchObject({ name: null, phone: null, phoneMasked: '' });

    const record = data(
      await cloud.call<{ peopleReached: number; contactsPurged: unknown }>(
        'booking',
        { action: 'getRecord', dayId },
        ADMIN,
        after,
      ),
    );
    expect(record).toMatchObject({ peopleReached: 1, contactsPurged: { bookings: 2, names: 2, phones: 2 } });
    expect(JSON.stringify(record)).not.toMatch(/王大姐|赵大爷|13712345678|13900001111/);

    const mine = data(
      await cloud.call<{ bookingId: string; name: string | null; phoneMasked: string | null }[]>(
        'booking',
        { action: 'mine' },
        VILLAGER,
        after,
      ),
    );
    expect(mine.find((b) => b.bookingId === bookingId)).toMatchObject({ name: null, phoneMasked: '' });
  });

  it('a later run removes nothing more and keeps the counts', async () => {
    const later = at(addDays(date, DEFAULT_CONTACT_RETENTION_DAYS + 1), '11:00');
    expect(await runScheduler(later)).toMatchObject({ ok: true, data: { bookingContactPurge: 0 } });
    expect((await roster(later)).contactsPurged).toEqual({ bookings: 2, names: 2, phones: 2 });
  });
});
