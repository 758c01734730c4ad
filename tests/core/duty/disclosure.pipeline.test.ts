import { Aggregator } from 'mingo';
import { chinaInstant, type Ymd } from '../../../core/calendar/china-time';
import { createDisclosureAccumulator } from '../../../core/duty/disclosure.aggregate';
import { periodFor } from '../../../core/duty/disclosure.periods';
import {
  PIPELINE_FIGURES,
  opinionFigurePipeline,
  pageStages,
  type PipelineRow,
} from '../../../core/duty/disclosure.pipeline';
import {
  figuresAsOf,
  opinionFactsOf,
  type OpinionForDisclosure,
} from '../../../core/duty/disclosure.sources';
import type { OpinionStatus, Rating } from '../../../core/opinion/opinion.types';

const PERIOD = periodFor('2025-01-01'); // 2024-10-01 … 2025-03-31
const TODAY = '2025-04-02';
const DEPUTIES = ['d1', 'd2', 'd3'].map((id) => ({ _id: id, name: id }));

let seq = 0;
function opinion(over: Partial<OpinionForDisclosure> & { on?: Ymd }): OpinionForDisclosure {
  const { on = '2025-01-10', ...rest } = over;
  return {
    _id: `o${++seq}`,
    stationCode: 'JG01',
    status: 'accepted',
    owner: { kind: 'deputies', deputyIds: ['d1'] },
    submittedAt: chinaInstant(on, '09:00'),
    acceptBy: '2025-01-12',
    answerBy: '2025-01-20',
    ratings: [],
    ...rest,
  };
}

const rated = (rating: Rating) => [{ rating, at: chinaInstant('2025-02-02') }];

/** A mixed bag: every rule of opinionFactsOf has a case here. */
const CASES: OpinionForDisclosure[] = [
  opinion({}), // accepted, answerBy passed → overdue
  opinion({ status: 'assigned', acceptBy: '2025-05-01' }), // not overdue yet
  opinion({ status: 'replied', answeredOn: '2025-01-15' }),
  opinion({ status: 'resolved', answeredOn: '2025-01-15', resolvedAt: chinaInstant('2025-02-01', '10:00') }),
  opinion({
    status: 'closed',
    outcome: 'satisfied',
    answeredOn: '2025-01-15',
    resolvedAt: chinaInstant('2025-02-01'),
    ratings: rated('satisfied'),
  }),
  opinion({
    status: 'closed',
    resolvedAt: chinaInstant('2025-03-31', '23:59'),
    ratings: rated('basicallySatisfied'),
  }),
  opinion({
    status: 'accepted',
    resolvedAt: chinaInstant('2025-02-01'),
    ratings: rated('unsatisfied'),
    owner: { kind: 'deputies', deputyIds: ['d1', 'd2'] },
  }),
  opinion({ noReplyNeeded: true }), // overdue-looking but no reply needed
  // Judged as of the period's end (31 March): answered and resolved only in April, overdue then.
  opinion({
    status: 'closed',
    acceptedOn: '2025-01-11',
    answerBy: '2025-03-20',
    answeredOn: '2025-04-01',
    resolvedAt: chinaInstant('2025-04-01', '15:00'),
    ratings: rated('satisfied'),
  }),
  // Its answer-by falls after the period's end: not overdue in this period's notice, even drawn later.
  opinion({ on: '2025-03-24', acceptedOn: '2025-03-25', answerBy: '2025-04-01' }),
  // Accepted only after the period's end: its accept-by was running (and had passed) on 31 March.
  opinion({
    on: '2025-03-24',
    status: 'replied',
    acceptBy: '2025-03-26',
    acceptedOn: '2025-04-01',
    answeredOn: '2025-04-01',
  }),
  opinion({ status: 'merged' }),
  opinion({ status: 'review' }),
  opinion({ status: 'closed', outcome: 'rejected' }),
  opinion({ owner: { kind: 'presidium' } }),
  opinion({
    status: 'transferred',
    owner: { kind: 'department', departmentId: 'x', departmentName: '农业办', deputyIds: ['d2'] },
  }),
  opinion({ on: '2024-09-30' }), // before the period
  opinion({ on: '2024-09-30', status: 'replied', answeredOn: '2024-10-01' }), // answered in period only
  opinion({ on: '2025-04-01', status: 'assigned' as OpinionStatus }), // after the period
  opinion({ owner: { kind: 'deputies', deputyIds: ['d3'] }, status: 'replied', answeredOn: '2025-03-31' }),
  opinion({ owner: { kind: 'deputies', deputyIds: ['someone-else'] } }),
  // Rated by staff on the villager's behalf: counted apart, never as satisfaction.
  opinion({
    status: 'closed',
    resolvedAt: chinaInstant('2025-02-01'),
    ratings: [{ rating: 'satisfied', at: chinaInstant('2025-02-02'), byStaff: true }],
  }),
  // A staff rating reopened it; the villager's own later rating is the one that counts.
  opinion({
    status: 'closed',
    resolvedAt: chinaInstant('2025-02-03'),
    ratings: [
      { rating: 'unsatisfied', at: chinaInstant('2025-02-02'), byStaff: true },
      { rating: 'basicallySatisfied', at: chinaInstant('2025-02-04') },
    ],
  }),
  // …and the other way round: the villager's earlier rating, then the station's for them.
  opinion({
    status: 'closed',
    resolvedAt: chinaInstant('2025-02-03'),
    ratings: [
      { rating: 'unsatisfied', at: chinaInstant('2025-02-02') },
      { rating: 'satisfied', at: chinaInstant('2025-02-04'), byStaff: true },
    ],
  }),
];

describe('opinion figures by aggregation', () => {
  it('gives, per deputy, exactly what the accumulator counts from opinionFactsOf', () => {
    const acc = createDisclosureAccumulator(PERIOD, DEPUTIES);
    for (const o of CASES) {
      const facts = opinionFactsOf(o, figuresAsOf(PERIOD, TODAY));
      if (facts) acc.addOpinion(facts);
    }
    const expected = acc.result();

    const rows = new Aggregator([...opinionFigurePipeline(PERIOD, TODAY), ...pageStages(0, 1000)]).run(
      CASES as unknown as Record<string, unknown>[],
    ) as unknown as PipelineRow[];
    for (const row of expected.rows) {
      const got = rows.find((r) => r._id === row.deputyId);
      for (const key of PIPELINE_FIGURES)
        expect([row.deputyId, key, got?.[key] ?? 0]).toEqual([row.deputyId, key, row.figures[key]]);
    }
    // the fixture exercises every figure
    for (const key of PIPELINE_FIGURES) expect(expected.totals[key]).toBeGreaterThan(0);
  });

  it('limits to the given deputies', () => {
    const rows = new Aggregator([...opinionFigurePipeline(PERIOD, TODAY, ['d2']), ...pageStages(0, 10)]).run(
      CASES as unknown as Record<string, unknown>[],
    ) as unknown as PipelineRow[];
    expect(rows.map((r) => r._id)).toEqual(['d2']);
  });

  it('pages the grouped rows in a stable order', () => {
    const all = new Aggregator([...opinionFigurePipeline(PERIOD, TODAY), ...pageStages(0, 10)]).run(
      CASES as unknown as Record<string, unknown>[],
    ) as unknown as PipelineRow[];
    const second = new Aggregator([...opinionFigurePipeline(PERIOD, TODAY), ...pageStages(1, 1)]).run(
      CASES as unknown as Record<string, unknown>[],
    ) as unknown as PipelineRow[];
    expect(second).toEqual([all[1]]);
  });
});
