/**
 * Deputies' suggestions' figures (core/figures/figures.suggestions.ts): the suggestions filed up to the
 * period's end (a township files tens a year: read whole, every page), folded into each figure by the
 * lead office. Each suggestion is one unit of the drill-down, listed as the suggestion it is.
 */
import type { Breakdown, DrillRow, RawFigure } from '../../../core/figures/figures.types';
import { SATISFACTION_LABELS } from '../../../core/duty/duty.types';
import { RESULT_CLASS_LABELS, type Suggestion } from '../../../core/suggestion/suggestion.types';
import { command, findAll } from '../../db/collection';
import { SUGGESTIONS } from '../../suggestion/suggestions.repo';
import type { FigureSource, SourceQuery } from '../figure-source';
import { drillUnits, foldUnits, type DrillUnit } from './units';

const BREAKDOWN: Breakdown[] = ['department'];

function load(q: SourceQuery): Promise<Suggestion[]> {
  return findAll<Suggestion>(SUGGESTIONS, { filedOn: command().lte(q.asOf) });
}

const inPeriod = (day: string | undefined, q: SourceQuery) => !!day && day >= q.period.start && day <= q.asOf;

function unitsFor(code: string, q: SourceQuery, list: readonly Suggestion[]): DrillUnit[] {
  const out: DrillUnit[] = [];
  const unit = (s: Suggestion, date: string, detail: string) => {
    const row: DrillRow = {
      id: s._id,
      kind: 'suggestion',
      date,
      title: `${s.filerName}代表 · ${s.title}`,
      detail,
    };
    out.push({
      n: 1,
      keys: { department: s.leadDepartmentId ?? '' },
      order: `${date}|${s._id}`,
      list: () => [row],
    });
  };
  for (const s of list) {
    if (code === 'suggestions.filed' && inPeriod(s.filedOn, q)) unit(s, s.filedOn, '提出');
    const first = s.answers[0];
    const last = s.answers[s.answers.length - 1];
    if (first && inPeriod(first.on, q)) {
      if (code === 'suggestions.answered') unit(s, first.on, RESULT_CLASS_LABELS[first.resultClass]);
      if (code === 'suggestions.answeredOnTime' && first.onTime) unit(s, first.on, '按期答复');
      if (code === `suggestions.class${last.resultClass}`)
        unit(s, first.on, RESULT_CLASS_LABELS[last.resultClass]);
    }
    if (s.finalRating && inPeriod(s.closedOn, q)) {
      const label = SATISFACTION_LABELS[s.finalRating];
      if (code === 'suggestions.rated') unit(s, s.closedOn as string, label);
      if (code === 'suggestions.satisfied' && s.finalRating !== 'dissatisfied')
        unit(s, s.closedOn as string, label);
    }
  }
  return out;
}

export const suggestionsSource: FigureSource = {
  name: 'suggestions',
  async compute(q, codes) {
    const list = await load(q);
    const out = new Map<string, RawFigure>();
    for (const code of codes) {
      if (code === 'suggestions.satisfaction') continue;
      out.set(
        code,
        foldUnits(unitsFor(code, q, list), BREAKDOWN, (b, key) => q.names.label(b, key)),
      );
    }
    return out;
  },
  async drill(q) {
    return drillUnits(q, unitsFor(q.code, q, await load(q)));
  },
};
