/**
 * Cloud function `congress`: the township people's congress in session — 届次 and 会议 with agenda,
 * check-in and quorum; candidate livelihood projects (民生实事) published for comment, the deputies'
 * secret ballot and its verifiable tally (server/congress/sessions.service.ts, votes.service.ts); and the
 * projects that passed carried out over the year: plans, milestones, progress, inspections and the
 * year-end completion rating (server/congress/projects.service.ts). A table of actions.
 */
import { defineFunction } from '../../../server/pipeline';
import { projectActions } from './projects.actions';
import { sessionActions } from './sessions.actions';

export const definition = defineFunction('congress', { ...sessionActions, ...projectActions });

export const main = definition.main;
