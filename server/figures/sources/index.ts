/** Every source of figures, by the name their codes start with (core/figures/figures.table.ts). */
import type { FigureSource } from '../figure-source';
import { opinionsSource } from './opinions.source';

export const SOURCES: ReadonlyMap<string, FigureSource> = new Map([opinionsSource].map((s) => [s.name, s]));
