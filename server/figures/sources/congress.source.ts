/**
 * The congress figures (core/figures/figures.congress.ts): the period's sessions held (tens a decade:
 * read whole), their attendance and their voted candidates, read through the sessions repository and
 * folded into each figure and its parts. Each session (for attendance, each deputy at a session; for
 * candidates, each candidate) is one unit of the drill-down, so a drill's total is the figure's.
 */
import type { CongressSession } from '../../../core/congress/congress.types';
import { CANDIDATE_STATUS_LABELS } from '../../../core/congress/congress.types';
import type { Breakdown, DrillRow, RawFigure } from '../../../core/figures/figures.types';
import { attendanceOf, candidatesOf, listSessions } from '../../congress/sessions.repo';
import type { FigureSource, SourceQuery } from '../figure-source';
import { drillUnits, foldUnits, type DrillUnit } from './units';

const BREAKDOWNS: Record<string, Breakdown[]> = {
  'congress.sessionsHeld': ['month'],
  'congress.attendance': ['deputy'],
  'congress.expectedAttendance': ['deputy'],
  'congress.candidatesVoted': ['department'],
  'congress.candidatesPassed': ['department'],
};

async function held(q: SourceQuery): Promise<CongressSession[]> {
  return (await listSessions()).filter(
    (s) => s.status !== 'draft' && s.date >= q.period.start && s.date <= q.asOf,
  );
}

function sessionRow(s: CongressSession, extra = ''): DrillRow {
  return { id: s._id, kind: 'session', date: s.date, title: `${extra}${s.title}`, detail: s.place };
}

async function unitsFor(code: string, q: SourceQuery): Promise<DrillUnit[]> {
  const sessions = await held(q);
  if (code === 'congress.sessionsHeld')
    return sessions.map((s) => ({
      n: 1,
      keys: { month: s.date.slice(0, 7) },
      order: `${s.date}|${s._id}`,
      list: () => [sessionRow(s)],
    }));
  if (code === 'congress.attendance' || code === 'congress.expectedAttendance') {
    const out: DrillUnit[] = [];
    for (const s of sessions) {
      const ids =
        code === 'congress.attendance' ? (await attendanceOf(s._id)).map((a) => a.deputyId) : s.deputyIds;
      for (const d of ids)
        out.push({
          n: 1,
          keys: { deputy: d },
          order: `${s.date}|${s._id}|${d}`,
          list: () => [sessionRow(s, `${q.names.deputy(d)} · `)],
        });
    }
    return out;
  }
  if (code === 'congress.candidatesVoted' || code === 'congress.candidatesPassed') {
    const out: DrillUnit[] = [];
    for (const s of sessions)
      for (const c of await candidatesOf(s._id)) {
        const counts =
          code === 'congress.candidatesPassed'
            ? c.status === 'passed'
            : c.status === 'passed' || c.status === 'failed';
        if (!counts) continue;
        out.push({
          n: 1,
          keys: { department: c.departmentId },
          order: `${s.date}|${c._id}`,
          list: () => [
            {
              id: c._id,
              kind: 'candidate' as const,
              date: s.date,
              title: `${q.names.department(c.departmentId)} · ${c.title}`,
              detail: `${CANDIDATE_STATUS_LABELS[c.status]}，赞成${c.result?.yes ?? 0}、反对${c.result?.no ?? 0}、弃权${c.result?.abstain ?? 0}`,
            },
          ],
        });
      }
    return out;
  }
  return [];
}

export const congressSource: FigureSource = {
  name: 'congress',
  async compute(q, codes) {
    const out = new Map<string, RawFigure>();
    for (const code of codes) {
      const breakdowns = BREAKDOWNS[code];
      if (!breakdowns) continue;
      out.set(
        code,
        foldUnits(await unitsFor(code, q), breakdowns, (b, key) => q.names.label(b, key)),
      );
    }
    return out;
  },
  async drill(q) {
    return drillUnits(q, await unitsFor(q.code, q));
  },
};
