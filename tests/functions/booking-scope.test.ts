/**
 * The station scope of the booking function, answered once by the pipeline (server/pipeline.ts
 * `scope`, core/identity/scope.rules.ts): what core/booking/reception.rules.ts checkManagesStation and
 * checkReceives used to answer case by case. The presidium manages any station; a station admin only
 * their own, and one bound to no station none; a deputy's station-wide views are not refused by scope
 * (the day's rule, on duty, is the use case's).
 */
import { chinaDate } from '../../core/calendar/china-time';
import { expectError, unwrap as data, useDemoCloud } from './support';

const cloud = useDemoCloud();

const PRESIDIUM = 'demo-presidium';
const ADMIN = 'demo-station-admin'; // JG01
const UNBOUND_ADMIN = 'admin-of-no-station';
const D01 = 'demo-deputy-1';

beforeAll(() => {
  cloud.store.commit([
    {
      collection: 'users',
      id: UNBOUND_ADMIN,
      doc: { _id: UNBOUND_ADMIN, openid: UNBOUND_ADMIN, role: 'stationAdmin', boundAt: new Date() },
    },
  ]);
});

const call = (event: object, openid: string) => cloud.call('booking', event, openid);
/** A JG01 reception day of the demo township. */
const jg01Day = () =>
  [...cloud.store.entries('receptionDays').keys()].find((id) => id.startsWith('JG01:')) as string;

describe('actions naming a station (getSchedule, stationDays)', () => {
  it('the presidium reaches any station', async () => {
    expect((await call({ action: 'getSchedule', stationCode: 'JG02' }, PRESIDIUM)).ok).toBe(true);
    expect((await call({ action: 'stationDays', stationCode: 'JG02' }, PRESIDIUM)).ok).toBe(true);
  });

  it("a station admin reaches their own station and is refused another's", async () => {
    expect((await call({ action: 'getSchedule', stationCode: 'JG01' }, ADMIN)).ok).toBe(true);
    expectError(await call({ action: 'getSchedule', stationCode: 'JG02' }, ADMIN), 'NOT_YOUR_STATION');
    expectError(await call({ action: 'stationDays', stationCode: 'JG02' }, ADMIN), 'NOT_YOUR_STATION');
  });

  it('a station admin bound to no station reaches none', async () => {
    expectError(
      await call({ action: 'getSchedule', stationCode: 'JG01' }, UNBOUND_ADMIN),
      'NOT_YOUR_STATION',
    );
    expectError(
      await call({ action: 'stationDays', stationCode: 'JG01' }, UNBOUND_ADMIN),
      'NOT_YOUR_STATION',
    );
  });

  it('a deputy is not refused by scope: the desk shows them only their days on duty', async () => {
    const days = data(await call({ action: 'stationDays', stationCode: 'JG01' }, D01)) as {
      deputyIds: string[];
      date: string;
    }[];
    expect(days.every((d) => d.deputyIds.includes('d01'))).toBe(true);
    expect(days.some((d) => d.date >= chinaDate(new Date()))).toBe(true);
  });
});

describe('actions naming a day (roster, recordForm, getRecord)', () => {
  it.each(['roster', 'recordForm', 'getRecord'])(
    '%s: the day’s station admin passes, one bound to no station is refused',
    async (action) => {
      const dayId = jg01Day();
      const own = await call({ action, dayId }, ADMIN);
      expect(own.ok ? 'ok' : own.error.code).not.toBe('NOT_YOUR_STATION');
      expectError(await call({ action, dayId }, UNBOUND_ADMIN), 'NOT_YOUR_STATION');
    },
  );

  it('an unknown day is not found, never a scope refusal', async () => {
    expectError(await call({ action: 'roster', dayId: 'JG01:2020-01-01' }, UNBOUND_ADMIN), 'DAY_NOT_FOUND');
  });
});
