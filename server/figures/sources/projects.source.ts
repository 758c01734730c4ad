/**
 * The livelihood projects' figures (core/figures/figures.projects.ts): the projects of the period's years
 * (a township votes a handful a year: read whole) and their years' published ratings, folded into each
 * figure by the project's responsible office. Each project (for milestones, each milestone) is one unit
 * of the drill-down, listed as the project it is.
 */
import { completedOnTime, doneOnTime, ratingResult, roundIdOf } from '../../../core/congress/project.rules';
import { PROJECT_STATUS_LABELS, type Project, type RatingRound } from '../../../core/congress/project.types';
import type { Breakdown, DrillRow, RawFigure } from '../../../core/figures/figures.types';
import { getRound, projectsOfYear } from '../../congress/projects.repo';
import type { FigureSource, SourceQuery } from '../figure-source';
import { drillUnits, foldUnits, type DrillUnit } from './units';

const BREAKDOWN: Breakdown[] = ['department'];

function yearsOf(q: SourceQuery): number[] {
  const years: number[] = [];
  for (let y = Number(q.period.start.slice(0, 4)); y <= Number(q.asOf.slice(0, 4)); y++) years.push(y);
  return years;
}

async function load(q: SourceQuery): Promise<{ projects: Project[]; rounds: Map<number, RatingRound> }> {
  const projects: Project[] = [];
  const rounds = new Map<number, RatingRound>();
  for (const y of yearsOf(q)) {
    projects.push(...(await projectsOfYear(y)));
    const r = await getRound(roundIdOf(y));
    if (r?.status === 'closed') rounds.set(y, r);
  }
  // Projects carried on from an earlier year may have milestones done in the period.
  return { projects, rounds };
}

const inPeriod = (day: string | undefined, q: SourceQuery) => !!day && day >= q.period.start && day <= q.asOf;

function row(p: Project, q: SourceQuery, detail: string, date: string): DrillRow {
  return {
    id: p._id,
    kind: 'candidate',
    date,
    title: `${q.names.department(p.departmentId)} · ${p.title}`,
    detail,
  };
}

function unitsFor(code: string, q: SourceQuery, data: Awaited<ReturnType<typeof load>>): DrillUnit[] {
  const out: DrillUnit[] = [];
  const unit = (p: Project, n: number, date: string, detail: string) =>
    out.push({
      n,
      keys: { department: p.departmentId },
      order: `${date}|${p._id}`,
      list: () => [row(p, q, detail, date)],
    });
  for (const p of data.projects) {
    const done = p.milestones.filter((m) => inPeriod(m.doneOn, q));
    if (code === 'projects.projects')
      unit(p, 1, `${p.year}-01-01`, `${PROJECT_STATUS_LABELS[p.status]}，负责人${p.lead}`);
    if (code === 'projects.milestonesDone')
      for (const m of done) unit(p, 1, m.doneOn as string, `${m.title}完成`);
    if (code === 'projects.milestonesOnTime')
      for (const m of done.filter(doneOnTime)) unit(p, 1, m.doneOn as string, `${m.title}按期完成`);
    const completed = p.status === 'completed' && inPeriod(p.completedOn, q);
    if (code === 'projects.completed' && completed) unit(p, 1, p.completedOn as string, '全部节点完成');
    if (code === 'projects.completedOnTime' && completed && completedOnTime(p))
      unit(p, 1, p.completedOn as string, '全部节点按期完成');
    const counts = data.rounds.get(p.year)?.results?.[p._id];
    if (counts && (code === 'projects.ratings' || code === 'projects.ratingsSatisfied')) {
      const r = ratingResult(counts);
      const n = code === 'projects.ratings' ? r.total : r.satisfied + r.basicallySatisfied;
      unit(
        p,
        n,
        `${p.year}-12-31`,
        `满意${r.satisfied}、基本满意${r.basicallySatisfied}、不满意${r.dissatisfied}`,
      );
    }
  }
  return out;
}

export const projectsSource: FigureSource = {
  name: 'projects',
  async compute(q, codes) {
    const data = await load(q);
    const out = new Map<string, RawFigure>();
    for (const code of codes) {
      if (code === 'projects.satisfaction') continue;
      out.set(
        code,
        foldUnits(unitsFor(code, q, data), BREAKDOWN, (b, key) => q.names.label(b, key)),
      );
    }
    return out;
  },
  async drill(q) {
    return drillUnits(q, unitsFor(q.code, q, await load(q)));
  },
};
