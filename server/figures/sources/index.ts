/** Every source of figures, by the name their codes start with (core/figures/figures.table.ts). */
import type { FigureSource } from '../figure-source';
import { activitiesSource } from './activities.source';
import { congressSource } from './congress.source';
import { contactsSource } from './contacts.source';
import { dutiesSource } from './duties.source';
import { opinionsSource } from './opinions.source';
import { projectsSource } from './projects.source';
import { publicitySource } from './publicity.source';
import { receptionSource } from './reception.source';
import { suggestionsSource } from './suggestions.source';

export const SOURCES: ReadonlyMap<string, FigureSource> = new Map(
  [
    receptionSource,
    dutiesSource,
    opinionsSource,
    publicitySource,
    activitiesSource,
    congressSource,
    contactsSource,
    projectsSource,
    suggestionsSource,
  ].map((s) => [s.name, s]),
);
