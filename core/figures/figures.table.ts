/**
 * The one table of figures, in the order of the 年度工作情况统计 sheet (its sections, then each source's
 * own order). Each source of records declares its figures beside its rules: a figure's code names its
 * source ('opinions.received' → figures.opinions.ts, server/figures/sources/opinions.source.ts).
 */
import { ACTIVITY_FIGURES } from './figures.activities';
import { CONGRESS_FIGURES } from './figures.congress';
import { CONTACT_FIGURES } from './figures.contacts';
import { DUTY_FIGURES } from './figures.duties';
import { OPINION_FIGURES } from './figures.opinions';
import { PROJECT_FIGURES } from './figures.projects';
import { PUBLICITY_FIGURES } from './figures.publicity';
import { RECEPTION_FIGURES } from './figures.reception';
import { SUGGESTION_FIGURES } from './figures.suggestions';
import { FIGURE_SECTIONS, type FigureDef } from './figures.types';

const ALL: readonly FigureDef[] = [
  ...RECEPTION_FIGURES,
  ...DUTY_FIGURES,
  ...OPINION_FIGURES,
  ...PUBLICITY_FIGURES,
  ...ACTIVITY_FIGURES,
  ...CONGRESS_FIGURES,
  ...PROJECT_FIGURES,
  ...SUGGESTION_FIGURES,
  ...CONTACT_FIGURES,
];

export const FIGURES: readonly FigureDef[] = FIGURE_SECTIONS.flatMap((section) =>
  ALL.filter((f) => f.section === section),
);

const BY_CODE = new Map(FIGURES.map((f) => [f.code, f]));

export function figureDef(code: string): FigureDef | undefined {
  return BY_CODE.get(code);
}

/** The source a figure's code names: 'opinions.received' → 'opinions'. */
export function sourceOf(code: string): string {
  return code.slice(0, code.indexOf('.'));
}
