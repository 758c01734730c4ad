/**
 * The figures area's frame: who reads which scope, the period rule, a figure that adds up and drills
 * down to exactly its records.
 */
import { PERSONAS } from '../../local/demo/township.seed';
import type { FigureDrill, FiguresReport } from '../../core/figures/figures.types';
import { demoCloud, expectError, submitOpinion, unwrap, type DemoCloud } from './support';

const NOW = '2026-06-10T02:00:00.000Z';
let cloud: DemoCloud;
beforeAll(async () => {
  cloud = await demoCloud(new Date(NOW));
  for (let i = 0; i < 3; i++)
    unwrap(
      await submitOpinion(
        cloud,
        PERSONAS.villager,
        { requestId: `figures-frame-${i}`, text: `村口第${i + 1}盏路灯不亮了，晚上走路看不清` },
        NOW,
      ),
    );
});
afterAll(() => cloud.stop());

const YEAR = { kind: 'year', year: 2026 } as const;

it('counts the opinions received in the year, each part adding up, and lists exactly them', async () => {
  const report = unwrap(
    await cloud.call<FiguresReport>('figures', { action: 'report', period: YEAR }, PERSONAS.presidium, NOW),
  );
  const received = report.figures.find((f) => f.code === 'opinions.received')!;
  const stored = [...cloud.store.entries('opinions').values()]
    .map((e) => e.doc as Record<string, unknown>)
    .filter(
      (o) => o.townshipId === 'jingu' && String(o.submittedOn) >= '2026-01-01' && o.outcome !== 'rejected',
    );
  expect(received.value).toBe(stored.length);
  expect(received.value).toBeGreaterThan(0);
  for (const parts of Object.values(received.parts))
    expect(parts!.reduce((s, p) => s + p.value, 0)).toBe(received.value);
  const page = unwrap(
    await cloud.call<FigureDrill>(
      'figures',
      { action: 'drill', period: YEAR, code: 'opinions.received', limit: 50 },
      PERSONAS.presidium,
      NOW,
    ),
  );
  expect(page.total).toBe(stored.length);
  expect(new Set(page.rows.map((r) => r.id))).toEqual(new Set(stored.map((o) => String(o._id)).slice(0, 50)));
});

it('keeps each caller to their scope and refuses a period that is not one', async () => {
  expectError(
    await cloud.call('figures', { action: 'report', period: YEAR }, PERSONAS.stationAdmin, NOW),
    'NOT_YOUR_STATION',
  );
  expectError(
    await cloud.call('figures', { action: 'report', period: YEAR }, PERSONAS.villager, NOW),
    'FORBIDDEN',
  );
  expectError(
    await cloud.call(
      'figures',
      { action: 'report', period: { kind: 'year', year: 2027 } },
      PERSONAS.presidium,
      NOW,
    ),
    'DATE_OUT_OF_RANGE',
  );
  expectError(
    await cloud.call(
      'figures',
      { action: 'report', period: { kind: 'custom', start: '2026-05-01', end: '2026-04-01' } },
      PERSONAS.presidium,
      NOW,
    ),
    'FIGURES_PERIOD_INVALID',
  );
});
