/**
 * Computes a notice's figures from the records: nobody types a number. The server streams records
 * page by page into an accumulator (`add…` any number of times, in any order), then asks for the
 * result; nothing needs all the data at once.
 *
 * Counting rules, each figure from one source so nothing is counted twice:
 * - duty activities: approved manual records and system records dated in the period, by type. Opinion
 *   duty types (opinionAccepted…) are skipped here: the opinion figures come from the opinions themselves.
 *   Reception days come from `addReception`: a system 'reception' record (written when a reception day
 *   is served) is skipped here so a reception day is never counted twice.
 * - opinions count by the date of each event (China calendar day): received by `submittedAt`, answered
 *   by `answeredAt`, resolved and rated by `resolvedAt`. Recounting a past period later gives the same
 *   numbers, except for ratings given late.
 * - "no reply needed" (群众表示无需答复) is its own figure and never a failure: such an opinion is neither
 *   overdue nor dissatisfied.
 * - an opinion shared by two deputies, or a reception day attended by two, counts in both rows; station
 *   totals are the sum of the rows.
 */
import { chinaDate, type Ymd } from '../calendar/china-time';
import type { Deputy } from '../station/station.types';
import { countsInDisclosure, isOpinionDutyType } from './duty.rules';
import {
  FIGURE_KEYS,
  type DeputyFigureRow,
  type DisclosureFigures,
  type DisclosurePeriod,
  type DutyRecord,
  type FigureKey,
  type Figures,
  type ManualDutyType,
  type Satisfaction,
} from './duty.types';
import { periodContains } from './disclosure.periods';

export type DeputyRef = Pick<Deputy, '_id' | 'name'>;

/** What the fold needs of an opinion (the opinion module's record satisfies it structurally). */
export interface OpinionFacts {
  deputyIds: readonly string[];
  submittedAt: Date;
  answeredAt?: Date;
  resolvedAt?: Date;
  rating?: Satisfaction;
  /** The latest rating was given by staff on the villager's behalf: counted apart, never as satisfaction. */
  ratedByStaff?: boolean;
  /** Past its deadline without being resolved, as the opinion module judges it now. */
  overdue: boolean;
  noReplyNeeded?: boolean;
}

/** What the fold needs of a reception day that took place: who was on duty, how many villagers came. */
export interface ReceptionFacts {
  date: Ymd;
  deputyIds: readonly string[];
  villagersReceived: number;
}

export interface DisclosureAccumulator {
  addDutyRecord(record: DutyRecord): void;
  addOpinion(opinion: OpinionFacts): void;
  addReception(reception: ReceptionFacts): void;
  /** Opinion figures already counted by the database for one deputy (disclosure.pipeline.ts). */
  addDeputyFigures(deputyId: string, figures: Partial<Figures>): void;
  /** Rows in the order of `deputies`, and totals = the sum of the rows. */
  result(): DisclosureFigures;
}

/** Records of deputies not in `deputies` (another station's) are ignored. */
export function createDisclosureAccumulator(
  period: DisclosurePeriod,
  deputies: readonly DeputyRef[],
): DisclosureAccumulator {
  const rows = new Map<string, DeputyFigureRow>(
    deputies.map((d) => [d._id, { deputyId: d._id, deputyName: d.name, figures: zeroFigures() }]),
  );
  const inPeriod = (day: Ymd) => periodContains(period, day);
  const instantInPeriod = (instant: Date | undefined) =>
    instant !== undefined && inPeriod(chinaDate(instant));
  const add = (deputyIds: readonly string[], key: FigureKey, n = 1) => {
    for (const id of new Set(deputyIds)) {
      const row = rows.get(id);
      if (row) row.figures[key] += n;
    }
  };

  return {
    addDutyRecord(record) {
      if (!countsInDisclosure(record) || isOpinionDutyType(record.type) || !inPeriod(record.date)) return;
      if (record.source === 'system' && record.type === 'reception') return;
      add([record.deputyId], record.type as ManualDutyType);
      add([record.deputyId], 'peopleReached', record.peopleReached);
    },

    addOpinion(opinion) {
      const ids = opinion.deputyIds;
      if (instantInPeriod(opinion.submittedAt)) {
        add(ids, 'opinionsReceived');
        if (opinion.noReplyNeeded) add(ids, 'noReplyNeeded');
        else if (opinion.overdue) add(ids, 'opinionsOverdue');
      }
      if (instantInPeriod(opinion.answeredAt)) add(ids, 'opinionsAnswered');
      if (instantInPeriod(opinion.resolvedAt)) {
        add(ids, 'opinionsResolved');
        if (opinion.rating) add(ids, opinion.rating);
        else if (opinion.ratedByStaff) add(ids, 'ratedByStaff');
      }
    },

    addReception(reception) {
      if (!inPeriod(reception.date)) return;
      add(reception.deputyIds, 'receptionsAttended');
      add(reception.deputyIds, 'villagersReceived', reception.villagersReceived);
    },

    addDeputyFigures(deputyId, figures) {
      for (const key of FIGURE_KEYS) {
        const n = figures[key];
        if (n) add([deputyId], key, n);
      }
    },

    result() {
      return withTotals([...rows.values()].map((row) => ({ ...row, figures: { ...row.figures } })));
    },
  };
}

export function zeroFigures(): Figures {
  return Object.fromEntries(FIGURE_KEYS.map((key) => [key, 0])) as Figures;
}

/** A table whose totals are, by construction, the sum of its rows. */
export function withTotals(rows: DeputyFigureRow[]): DisclosureFigures {
  const totals = zeroFigures();
  for (const row of rows) for (const key of FIGURE_KEYS) totals[key] += row.figures[key];
  return { rows, totals };
}
