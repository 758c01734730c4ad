/**
 * Publicity and openness figures (core/figures/figures.publicity.ts): the period's published notices and
 * the deputies they list (one aggregation, projected to what is counted), the evaluations opened with
 * their ratings counted per evaluation, and the township's own legal-knowledge issues with their sent
 * messages and reads counted per issue. Each figure is folded from units (a notice, a deputy, an
 * evaluation, an issue) and drills down through them.
 */
import { issueLabel } from '../../../core/article/article.rules';
import type { IssueNumber } from '../../../core/article/article.types';
import { articleRef } from '../../../core/article/article.push';
import { addDays, chinaDate, chinaInstant } from '../../../core/calendar/china-time';
import { SATISFACTION_LABELS, type Satisfaction } from '../../../core/duty/duty.types';
import type { Breakdown, DrillRow, RawFigure } from '../../../core/figures/figures.types';
import { ARTICLE_READS, ARTICLES } from '../../article/articles.repo';
import { command, findAll, findMany, type Where } from '../../db/collection';
import { EVALUATION_RATINGS, EVALUATIONS } from '../../duty/evaluations.repo';
import { NOTICES } from '../../duty/notices.repo';
import { OUTBOX } from '../../outbox';
import { requireTownship } from '../../tenancy';
import type { DrillQuery, FigureSource, PartNames, SourceQuery } from '../figure-source';
import { allGroups, fold } from '../parts';
import { drillUnits, type DrillUnit } from './units';

const IDS_PER_QUERY = 100;

/** [from, to) instants of the days counted: the period's first day to the day counted to. */
function instants(q: SourceQuery) {
  return { from: chinaInstant(q.period.start), to: chinaInstant(addDays(q.asOf, 1)) };
}
const monthOf = (at: Date) => chinaDate(new Date(at)).slice(0, 7);

// --- notices -------------------------------------------------------------------------------------------

interface NoticeRow {
  _id: string;
  stationCode: string;
  periodId: string;
  version: number;
  publishedAt: Date;
  deputies?: string[];
}

async function notices(q: SourceQuery): Promise<NoticeRow[]> {
  const _ = command();
  const { from, to } = instants(q);
  return allGroups<NoticeRow>(NOTICES, [
    { $match: { status: 'published', publishedAt: _.gte(from).and(_.lt(to)) } },
    {
      $project: {
        stationCode: 1,
        periodId: 1,
        version: 1,
        publishedAt: 1,
        deputies: '$figures.rows.deputyId',
      },
    },
  ]);
}

function noticeUnits(code: string, rows: NoticeRow[], names: PartNames): DrillUnit[] {
  const row = (n: NoticeRow, detail: string): DrillRow => ({
    id: n._id,
    kind: 'notice',
    date: chinaDate(new Date(n.publishedAt)),
    title: `${names.station(n.stationCode)} · ${n.periodId}期履职登记公示`,
    detail,
  });
  if (code === 'publicity.deputiesCovered') {
    const deputies = new Map<string, { station: string; notice: NoticeRow }>();
    for (const n of rows) {
      if (n.version !== 1) continue;
      for (const id of n.deputies ?? []) {
        const d = deputies.get(id);
        if (!d) deputies.set(id, { station: n.stationCode, notice: n });
        else if (n.stationCode < d.station) deputies.set(id, { station: n.stationCode, notice: n });
      }
    }
    return [...deputies].map(([id, d]) => ({
      n: 1,
      keys: { station: d.station },
      order: `${d.station}|${names.deputy(id)}|${id}`,
      list: () => [
        { ...row(d.notice, `公示${names.deputy(id)}代表的履职情况`), id: `${d.notice._id}:${id}` },
      ],
    }));
  }
  const correction = code === 'publicity.noticeCorrections';
  return rows
    .filter((n) => (correction ? n.version > 1 : n.version === 1))
    .map((n) => ({
      n: 1,
      keys: { station: n.stationCode, month: monthOf(n.publishedAt) },
      order: `${new Date(n.publishedAt).toISOString()}|${n._id}`,
      list: () => [
        row(n, correction ? `第${n.version}版，更正后重新公示` : `公示代表${(n.deputies ?? []).length}人`),
      ],
    }));
}

// --- evaluations ---------------------------------------------------------------------------------------

interface EvaluationRow {
  _id: string;
  deputyId: string;
  stationCode: string;
  opensAt: Date;
}

async function evaluations(q: SourceQuery) {
  const _ = command();
  const { from, to } = instants(q);
  const where: Where = { opensAt: _.gte(from).and(_.lt(to)) };
  if (q.scope.stationCode) where.stationCode = q.scope.stationCode;
  if (q.scope.deputyIds) where.deputyId = _.in(q.scope.deputyIds);
  const list = await findAll<EvaluationRow>(EVALUATIONS, where, {
    deputyId: true,
    stationCode: true,
    opensAt: true,
  });
  const ratings = new Map<string, number>();
  for (let i = 0; i < list.length; i += IDS_PER_QUERY) {
    const ids = list.slice(i, i + IDS_PER_QUERY).map((e) => e._id);
    const rows = await allGroups<{ _id: string; n: number }>(EVALUATION_RATINGS, [
      { $match: { evaluationId: _.in(ids), at: _.lt(to) } },
      { $group: { _id: '$evaluationId', n: { $sum: 1 } } },
    ]);
    for (const r of rows) ratings.set(r._id, r.n);
  }
  return list.map((e) => ({ ...e, ratings: ratings.get(e._id) ?? 0 }));
}

function evaluationUnits(
  code: string,
  rows: Awaited<ReturnType<typeof evaluations>>,
  q: SourceQuery,
): DrillUnit[] {
  const names = q.names;
  const participants = code === 'publicity.evaluationParticipants';
  const { to } = instants(q);
  return rows.map((e) => {
    const title = `${names.deputy(e.deputyId)}代表述职测评`;
    return {
      n: participants ? e.ratings : 1,
      keys: { station: e.stationCode, deputy: e.deputyId, month: monthOf(e.opensAt) },
      order: `${new Date(e.opensAt).toISOString()}|${e._id}`,
      list: participants
        ? async (skip: number, take: number) => {
            // A ballot is secret: listed by its rating and under the evaluation's day, never its own
            // time or order (which, in a small village, could point to who cast it).
            const list = await findMany<{ _id: string; rating: Satisfaction }>(
              EVALUATION_RATINGS,
              { evaluationId: e._id, at: command().lt(to) },
              {
                orderBy: [
                  ['rating', 'asc'],
                  ['_id', 'asc'],
                ],
                skip,
                limit: take,
                fields: { rating: true },
              },
            );
            return list.map((r, i) => ({
              id: `${e._id}#${skip + i + 1}`,
              kind: 'evaluation' as const,
              date: chinaDate(new Date(e.opensAt)),
              title,
              detail: `测评票：${SATISFACTION_LABELS[r.rating] ?? r.rating}`,
            }));
          }
        : () => [
            {
              id: e._id,
              kind: 'evaluation' as const,
              date: chinaDate(new Date(e.opensAt)),
              title,
              detail: `${names.station(e.stationCode)}，收到测评票${e.ratings}张`,
            },
          ],
    };
  });
}

// --- legal-knowledge issues ----------------------------------------------------------------------------

interface IssueRow {
  _id: string;
  title: string;
  category: string;
  issue?: IssueNumber;
  firstPublishedAt: Date;
  sent: number;
  reads: number;
}

async function issues(q: SourceQuery): Promise<IssueRow[]> {
  const _ = command();
  const { from, to } = instants(q);
  const list = await findAll<Omit<IssueRow, 'sent' | 'reads'>>(
    ARTICLES,
    {
      townshipId: requireTownship(),
      status: _.in(['published', 'unpublished']),
      firstPublishedAt: _.gte(from).and(_.lt(to)),
    },
    { title: true, category: true, issue: true, firstPublishedAt: true },
  );
  const numbered = list.filter((a) => a.issue);
  const sent = new Map<string, number>();
  const reads = new Map<string, number>();
  for (let i = 0; i < numbered.length; i += IDS_PER_QUERY) {
    const ids = numbered.slice(i, i + IDS_PER_QUERY).map((a) => a._id);
    const [s, r] = await Promise.all([
      allGroups<{ _id: string; n: number }>(OUTBOX, [
        { $match: { ref: _.in(ids.map(articleRef)), status: 'sent', sentAt: _.lt(to) } },
        { $group: { _id: '$ref', n: { $sum: 1 } } },
      ]),
      allGroups<{ _id: string; n: number }>(ARTICLE_READS, [
        { $match: { articleId: _.in(ids), readAt: _.lt(to) } },
        { $group: { _id: '$articleId', n: { $sum: 1 } } },
      ]),
    ]);
    for (const row of s) sent.set(row._id, row.n);
    for (const row of r) reads.set(row._id, row.n);
  }
  return numbered.map((a) => ({
    ...a,
    sent: sent.get(articleRef(a._id)) ?? 0,
    reads: reads.get(a._id) ?? 0,
  }));
}

function issueUnits(code: string, rows: IssueRow[], q: SourceQuery): DrillUnit[] {
  const { to } = instants(q);
  return rows.map((a) => {
    const title = `${a.issue ? issueLabel(a.issue) : ''} · ${a.category} · ${a.title}`;
    const date = chinaDate(new Date(a.firstPublishedAt));
    const keys = { category: a.category, month: date.slice(0, 7) };
    const order = `${new Date(a.firstPublishedAt).toISOString()}|${a._id}`;
    if (code === 'publicity.lawReach')
      return {
        n: a.sent,
        keys,
        order,
        list: async (skip: number, take: number) => {
          const list = await findMany<{ _id: string; sentAt: Date }>(
            OUTBOX,
            { ref: articleRef(a._id), status: 'sent', sentAt: command().lt(to) },
            { orderBy: [['_id', 'asc']], skip, limit: take, fields: { sentAt: true } },
          );
          return list.map((m, i) => ({
            id: `${a._id}#${skip + i + 1}`,
            kind: 'articleIssue' as const,
            date: chinaDate(new Date(m.sentAt)),
            title,
            detail: '推送消息已送达',
          }));
        },
      };
    if (code === 'publicity.lawReads')
      return {
        n: a.reads,
        keys,
        order,
        list: async (skip: number, take: number) => {
          const list = await findMany<{ _id: string; readAt: Date }>(
            ARTICLE_READS,
            { articleId: a._id, readAt: command().lt(to) },
            { orderBy: [['_id', 'asc']], skip, limit: take, fields: { readAt: true } },
          );
          return list.map((m, i) => ({
            id: `${a._id}#${skip + i + 1}`,
            kind: 'articleIssue' as const,
            date: chinaDate(new Date(m.readAt)),
            title,
            detail: '群众阅读',
          }));
        },
      };
    return {
      n: 1,
      keys,
      order,
      list: () => [
        {
          id: a._id,
          kind: 'articleIssue' as const,
          date,
          title,
          detail: `送达${a.sent}人次，阅读${a.reads}人次`,
        },
      ],
    };
  });
}

// --- the source ----------------------------------------------------------------------------------------

const FAMILY: Record<string, 'notices' | 'evaluations' | 'issues'> = {
  'publicity.noticesPublished': 'notices',
  'publicity.noticeCorrections': 'notices',
  'publicity.deputiesCovered': 'notices',
  'publicity.evaluations': 'evaluations',
  'publicity.evaluationParticipants': 'evaluations',
  'publicity.lawIssues': 'issues',
  'publicity.lawReach': 'issues',
  'publicity.lawReads': 'issues',
};

const BREAKDOWNS: Record<string, Breakdown[]> = {
  'publicity.noticesPublished': ['station', 'month'],
  'publicity.noticeCorrections': ['station', 'month'],
  'publicity.deputiesCovered': ['station'],
  'publicity.evaluations': ['station', 'deputy', 'month'],
  'publicity.evaluationParticipants': ['station', 'deputy', 'month'],
  'publicity.lawIssues': ['category', 'month'],
  'publicity.lawReach': ['category', 'month'],
  'publicity.lawReads': ['category', 'month'],
};

/** A law category is its own name (not an opinion category's code). */
function labelOf(names: PartNames) {
  return (b: Breakdown, key: string) => (b === 'category' ? key : names.label(b, key));
}

async function unitsOf(codes: readonly string[], q: SourceQuery): Promise<Map<string, DrillUnit[]>> {
  const families = new Set(codes.map((c) => FAMILY[c]).filter(Boolean));
  const [n, e, i] = await Promise.all([
    families.has('notices') ? notices(q) : [],
    families.has('evaluations') ? evaluations(q) : [],
    families.has('issues') ? issues(q) : [],
  ]);
  const out = new Map<string, DrillUnit[]>();
  for (const code of codes) {
    const family = FAMILY[code];
    if (family === 'notices') out.set(code, noticeUnits(code, n, q.names));
    if (family === 'evaluations') out.set(code, evaluationUnits(code, e, q));
    if (family === 'issues') out.set(code, issueUnits(code, i, q));
  }
  return out;
}

export const publicitySource: FigureSource = {
  name: 'publicity',
  async compute(q, codes) {
    const out = new Map<string, RawFigure>();
    for (const [code, units] of await unitsOf(codes, q))
      out.set(
        code,
        fold(
          units,
          (u) => u.n,
          BREAKDOWNS[code],
          (u, b) => u.keys[b] ?? '',
          labelOf(q.names),
        ),
      );
    return out;
  },
  async drill(q: DrillQuery) {
    return drillUnits(q, (await unitsOf([q.code], q)).get(q.code) ?? []);
  },
};
