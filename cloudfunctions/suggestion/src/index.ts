/**
 * Cloud function `suggestion`: deputies' suggestions, criticisms and opinions (代表建议、批评和意见) —
 * filed alone or co-signed, assigned by the presidium to a lead office and co-handling offices (主办/协办)
 * with a deadline, answered formally with a result class (A/B/C/D), rated by the deputy, sent back once
 * when 不满意, chased on the working-day calendar (server/suggestion/suggestions.service.ts).
 */
import { defineFunction } from '../../../server/pipeline';
import { suggestionActions } from './suggestions.actions';

export const definition = defineFunction('suggestion', { ...suggestionActions });

export const main = definition.main;
