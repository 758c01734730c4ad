/**
 * The rules of carrying out a project that passed: writing its plan (milestones kept by id across edits,
 * a done milestone never dropped or moved), marking a milestone done, which milestones are late, whether
 * it was completed on time, and the year-end rating's result. Pure: days and instants are inputs.
 */
import type { Ymd } from '../calendar/china-time';
import type { Satisfaction } from '../duty/duty.types';
import { allow, deny, type Decision } from '../result';
import { rateLabel, satisfactionRate, type FairRate } from '../stats/fair-rate';
import type { Candidate } from './congress.types';
import type { Milestone, PlanInput, Project, RatingCounts, RatingRound } from './project.types';

export const MILESTONES_MAX = 12;
export const MILESTONE_TITLE_MAX = 40;
export const LEAD_MAX = 30;
export const REPORT_TEXT_MAX = 500;
export const REPORT_PHOTOS_MAX = 6;
export const FINDINGS_MAX = 500;
export const DONE_NOTE_MAX = 100;
export const PEOPLE_MAX = 10_000;

/** The project a passed candidate becomes: one per candidate. */
export const projectIdOf = (candidateId: string) => `pj:${candidateId}`;
export const roundIdOf = (year: number) => `year:${year}`;
export const ratingIdOf = (projectId: string, deputyId: string) => `${projectId}:${deputyId}`;

/** The earliest due day of a milestone not done (null when every one is done). */
export function nextDueOf(milestones: readonly Milestone[]): Ymd | null {
  const open = milestones.filter((m) => !m.doneOn).map((m) => m.due);
  return open.length ? open.reduce((a, b) => (a < b ? a : b)) : null;
}

function withProgress(p: Omit<Project, '_id'>): Omit<Project, '_id'> {
  const nextDue = nextDueOf(p.milestones);
  const completed = nextDue === null && p.milestones.length > 0;
  const doneDays = p.milestones.map((m) => m.doneOn ?? '');
  const completedOn = completed ? doneDays.reduce((a, b) => (a > b ? a : b)) : undefined;
  const { completedOn: _old, ...rest } = p;
  return {
    ...rest,
    nextDue,
    status: completed ? 'completed' : 'underway',
    ...(completedOn ? { completedOn } : {}),
  };
}

/**
 * The plan the presidium writes, on a candidate that passed: a new project, or the project's plan
 * rewritten (`existing`). Milestones naming an id keep it (and, when done, must stay as they were); new
 * ones get the next free id; the list is kept in due order.
 */
export function planProject(
  candidate: Candidate,
  existing: Project | null,
  input: PlanInput,
  context: { year: number; by: string; now: Date },
): Decision<Omit<Project, '_id'>> {
  if (candidate.status !== 'passed' || !candidate.result?.passed) return deny('PROJECT_NOT_PASSED');
  const lead = input.lead.trim();
  if (!lead || lead.length > LEAD_MAX) return deny('PROJECT_LEAD_REQUIRED');
  const list = input.milestones.map((m) => ({ ...m, title: m.title.trim() }));
  if (
    list.length < 1 ||
    list.length > MILESTONES_MAX ||
    list.some((m) => !m.title || m.title.length > MILESTONE_TITLE_MAX)
  )
    return deny('PROJECT_MILESTONES_INVALID');
  const before = new Map((existing?.milestones ?? []).map((m) => [m.id, m]));
  const named = list.filter((m) => m.id !== undefined).map((m) => m.id as string);
  if (named.some((id) => !before.has(id)) || new Set(named).size !== named.length)
    return deny('PROJECT_MILESTONE_NOT_FOUND');
  for (const m of before.values())
    if (m.doneOn) {
      const kept = list.find((x) => x.id === m.id);
      if (!kept || kept.title !== m.title || kept.due !== m.due) return deny('PROJECT_MILESTONE_DONE');
    }
  let next = Math.max(0, ...[...before.keys()].map((id) => Number(id.slice(1)) || 0)) + 1;
  const milestones: Milestone[] = list
    .map((m) => {
      const old = m.id ? before.get(m.id) : undefined;
      return old ? { ...old, title: m.title, due: m.due } : { id: `m${next++}`, title: m.title, due: m.due };
    })
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id < b.id ? -1 : 1));
  const { now, by, year } = context;
  return allow(
    withProgress({
      candidateId: candidate._id,
      sessionId: candidate.sessionId,
      year: existing?.year ?? year,
      title: candidate.title,
      description: candidate.description,
      budgetWan: candidate.budgetWan,
      villageCodes: candidate.villageCodes,
      departmentId: input.departmentId,
      lead,
      milestones,
      status: 'underway',
      nextDue: null,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      plannedBy: by,
    }),
  );
}

/** Characters as a person counts them (code points: an emoji or a rare 汉字 is one). */
export const charCount = (text: string) => Array.from(text).length;

/** A progress report's text: not empty, at most REPORT_TEXT_MAX characters (trimmed). */
export function checkReportText(text: string): Decision<string> {
  const t = text.trim();
  if (!t) return deny('PROJECT_REPORT_REQUIRED');
  if (charCount(t) > REPORT_TEXT_MAX) return deny('PROJECT_REPORT_TOO_LONG');
  return allow(t);
}

/** An inspection's findings: not empty, at most FINDINGS_MAX characters (trimmed). */
export function checkFindings(text: string): Decision<string> {
  const t = text.trim();
  if (!t) return deny('PROJECT_FINDINGS_REQUIRED');
  if (charCount(t) > FINDINGS_MAX) return deny('PROJECT_FINDINGS_TOO_LONG');
  return allow(t);
}

/**
 * A milestone marked done: the day it was done (`doneOn`, as the reporter says), the China day it was
 * reported (`reportedOn`) and who reported it. The project is completed when it was the last one. An
 * office's milestone is judged on time by the day it reported it (it cannot backdate its own record);
 * only the presidium's `doneOn` counts as given.
 */
export function markMilestoneDone(
  project: Project,
  milestoneId: string,
  done: { doneOn: Ymd; reportedOn: Ymd; reportedBy: 'presidium' | 'department' },
  note: string,
  now: Date,
): Decision<Omit<Project, '_id'>> {
  const m = project.milestones.find((x) => x.id === milestoneId);
  if (!m) return deny('PROJECT_MILESTONE_NOT_FOUND');
  if (m.doneOn) return deny('PROJECT_MILESTONE_ALREADY_DONE');
  const doneNote = note.trim().slice(0, DONE_NOTE_MAX);
  const { doneOn, reportedOn, reportedBy } = done;
  const milestones = project.milestones.map((x) =>
    x.id === milestoneId
      ? { ...x, doneOn, reportedOn, reportedBy, notified: false, ...(doneNote ? { doneNote } : {}) }
      : x,
  );
  const { _id: _ignored, ...rest } = project;
  return allow(withProgress({ ...rest, milestones, updatedAt: now }));
}

/** Milestones not done whose due day has passed (`today` is after it). */
export function lateMilestones(project: Pick<Project, 'milestones'>, today: Ymd): Milestone[] {
  return project.milestones.filter((m) => !m.doneOn && m.due < today);
}

/** The day a done milestone is judged by: the day an office reported it; the presidium's given day. */
export const judgedOn = (m: Milestone): Ymd | undefined =>
  m.doneOn && m.reportedBy === 'department' && m.reportedOn && m.reportedOn > m.doneOn
    ? m.reportedOn
    : m.doneOn;

/** A milestone done on or before its due day (an office's: reported by then). */
export const doneOnTime = (m: Milestone) => {
  const day = judgedOn(m);
  return !!day && day <= m.due;
};

/** Completed with every milestone done on time. */
export const completedOnTime = (p: Pick<Project, 'status' | 'milestones'>) =>
  p.status === 'completed' && p.milestones.every(doneOnTime);

/** Whether a deputy may rate a project now: the year's round is open and the project is of that year. */
export function checkRatingOpen(round: RatingRound | null, project: Pick<Project, 'year'>): Decision<void> {
  if (!round || round.year !== project.year) return deny('PROJECT_RATING_NOT_OPEN');
  if (round.status === 'closed') return deny('PROJECT_RATING_CLOSED');
  return allow(undefined);
}

/**
 * A second rating of the same project by the same deputy: the same answer is the first one again (a
 * retry), another answer is refused.
 */
export function checkRerate(first: Satisfaction, again: Satisfaction): Decision<void> {
  return first === again ? allow(undefined) : deny('PROJECT_ALREADY_RATED');
}

/** A project's published result: the counts, and the satisfied share once the sample is large enough. */
export function ratingResult(counts: RatingCounts): RatingCounts & {
  total: number;
  rate: FairRate;
  rateLabel: string;
} {
  const rate = satisfactionRate(counts);
  return {
    ...counts,
    total: counts.satisfied + counts.basicallySatisfied + counts.dissatisfied,
    rate,
    rateLabel: rateLabel(rate),
  };
}
