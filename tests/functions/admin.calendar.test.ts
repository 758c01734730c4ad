/**
 * The presidium's dashboard warns when reception days or deadlines of the next 60 days fall in a year
 * the working calendar does not know (neither chinese-days nor a `holidays` override), through the
 * admin function; the county entering the year in 节假日调整 (upsertHolidays) clears the warning.
 */
import { coverageGapMessage } from '../../core/calendar/coverage';
import { demoCloud, type Envelope } from './support';

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;
/** The demo is seeded on 1 December 2026 (China): it ships the 2027 fixed-date holidays. */
const SEEDED = new Date('2026-12-01T02:00:00.000Z');
beforeAll(async () => (cloud = await demoCloud(SEEDED)));
afterAll(() => cloud.stop());

interface Gap {
  year: number;
  from: string;
  message: string;
}
/** The gaps 金鼓乡's presidium is warned of (or 青山镇's: one county calendar). */
async function gapsOn(at: string, township: 'jingu' | 'qingshan' = 'jingu'): Promise<Gap[]> {
  const res = await cloud.call<{ calendarGaps: Gap[] }>(
    'admin',
    { action: 'dashboard', townshipId: township },
    township === 'jingu' ? 'demo-presidium' : 'demo-presidium-qs',
    at,
  );
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data.calendarGaps;
}
/** The county's staff set the calendar overrides every township's presidium is warned by. */
const countyAdmin = (event: object) => cloud.call('admin', event, 'demo-county') as Promise<Envelope>;
const gap = (year: number, from: string): Gap => ({ year, from, message: coverageGapMessage(year) });

describe('dashboard calendar warning', () => {
  it('is silent when the coming 60 days are covered (2026 official, 2027 by the demo overrides)', async () => {
    expect(await gapsOn(SEEDED.toISOString())).toEqual([]);
    expect(await gapsOn('2027-06-01T02:00:00.000Z')).toEqual([]);
  });

  it('warns about 2028 from 60 days before New Year, until it is entered in 节假日调整', async () => {
    expect(await gapsOn('2027-11-01T02:00:00.000Z')).toEqual([]);
    expect(await gapsOn('2027-12-10T02:00:00.000Z')).toEqual([gap(2028, '2028-01-01')]);
    expect(await gapsOn('2027-12-10T02:00:00.000Z', 'qingshan')).toEqual([gap(2028, '2028-01-01')]);
    expect(gap(2028, '2028-01-01').message).toBe(
      '2028年的法定节假日安排尚未录入，请县人大常委会在“节假日调整”中补录',
    );
    expect(
      await countyAdmin({
        action: 'upsertHolidays',
        days: [{ date: '2028-01-01', kind: 'holiday', name: '元旦' }],
      }),
    ).toMatchObject({ ok: true });
    expect(await gapsOn('2027-12-10T02:00:00.000Z')).toEqual([]);
    expect(await gapsOn('2027-12-10T02:00:00.000Z', 'qingshan')).toEqual([]);
  });

  it('warns about 2027 when its overrides are removed, from today or from New Year', async () => {
    for (const date of ['2027-01-01', '2027-05-01', '2027-05-02', '2027-10-01', '2027-10-02', '2027-10-03'])
      expect(await countyAdmin({ action: 'removeHoliday', date })).toMatchObject({ ok: true });
    expect(await gapsOn(SEEDED.toISOString())).toEqual([gap(2027, '2027-01-01')]);
    expect(await gapsOn('2027-06-01T02:00:00.000Z')).toEqual([gap(2027, '2027-06-01')]);
    // Mid-2026: the official data covers the whole horizon.
    expect(await gapsOn('2026-06-01T02:00:00.000Z')).toEqual([]);
  });
});
