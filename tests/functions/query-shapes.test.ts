/**
 * No query without an index on a collection that grows: the demo township's activity (what `npm start`
 * seeds), the scheduler's hourly run and every role's read views run against the local cloud, which
 * records each query shape no declared index (server/db/collections.ts) serves. On a growing collection
 * (server/db/collections.ts) such a query is a full scan in CloudBase that gets slower every week: declare
 * the index, or ask by what an index has.
 */
import { PERSONAS, seedDemoActivity } from '../../local/demo/township.seed';
import { GROWING_COLLECTIONS } from '../../server/db/collections';
import { useDemoCloud } from './support';

jest.setTimeout(120_000);

const cloud = useDemoCloud();

const READS: [fn: string, event: Record<string, unknown>, openid: string][] = [
  ['account', { action: 'whoami' }, PERSONAS.villager],
  ['station', { action: 'get', code: 'JG01' }, PERSONAS.villager],
  ['station', { action: 'list' }, PERSONAS.villager],
  ['booking', { action: 'listDays', stationCode: 'JG01' }, PERSONAS.villager],
  ['booking', { action: 'mine' }, PERSONAS.villager],
  ['booking', { action: 'myWaitlist' }, PERSONAS.villager],
  ['booking', { action: 'stationDays', stationCode: 'JG01' }, PERSONAS.stationAdmin],
  ['opinion', { action: 'mine' }, PERSONAS.villager],
  ['opinion', { action: 'inbox' }, PERSONAS.deputy1],
  ['opinion', { action: 'publicAnswers', stationCode: 'JG01' }, PERSONAS.villager],
  ['article', { action: 'list' }, PERSONAS.villager],
  ['article', { action: 'listAll' }, PERSONAS.presidium],
  ['duty', { action: 'myRecords' }, PERSONAS.deputy1],
  ['duty', { action: 'reviewQueue' }, PERSONAS.presidium],
  ['duty', { action: 'listNotices' }, PERSONAS.presidium],
  ['duty', { action: 'myNotices' }, PERSONAS.deputy2],
  ['duty', { action: 'currentNotice', stationCode: 'JG01' }, PERSONAS.villager],
  ['duty', { action: 'listEvaluations', stationCode: 'JG01' }, PERSONAS.villager],
  ['admin', { action: 'dashboard' }, PERSONAS.presidium],
  ['admin', { action: 'supervisionList' }, PERSONAS.presidium],
  ['admin', { action: 'moderationQueue' }, PERSONAS.presidium],
  ['admin', { action: 'heldAnswers' }, PERSONAS.presidium],
  // The figures of a year in every kind of scope, a drill-down, a station's public card.
  ...(['township', 'station', 'village', 'deputy', 'level'] as const).map(
    (kind) =>
      [
        'figures',
        {
          action: 'report',
          period: { kind: 'year', year: new Date().getFullYear() },
          scope: {
            township: { kind },
            station: { kind, stationCode: 'JG01' },
            village: { kind, villageCode: 'jingu' },
            deputy: { kind, deputyId: 'd01' },
            level: { kind, level: 'county' },
          }[kind],
        },
        PERSONAS.presidium,
      ] as [string, Record<string, unknown>, string],
  ),
  [
    'figures',
    {
      action: 'drill',
      period: { kind: 'year', year: new Date().getFullYear() },
      code: 'opinions.supervised',
    },
    PERSONAS.presidium,
  ],
  ['figures', { action: 'publicCard', stationCode: 'JG01' }, PERSONAS.villager],
  // Deputy groups and activities (local/demo/groups.demo.ts seeds them).
  ['groups', { action: 'stationGroups', stationCode: 'JG01' }, PERSONAS.villager],
  ['groups', { action: 'stationActivities', stationCode: 'JG01' }, PERSONAS.villager],
  ['groups', { action: 'listActivities' }, PERSONAS.presidium],
  ['groups', { action: 'listActivities', status: 'closed' }, PERSONAS.presidium],
  ['groups', { action: 'listActivities' }, PERSONAS.deputy1],
  ['groups', { action: 'getActivity', activityId: 'a_demo-activity-inspection' }, PERSONAS.presidium],
  ['groups', { action: 'listRectifications' }, PERSONAS.presidium],
  ['groups', { action: 'listRectifications', status: 'open' }, PERSONAS.department],
  // Congress sessions, candidates and the vote (local/demo/congress.demo.ts seeds them).
  ['congress', { action: 'listSessions' }, PERSONAS.villager],
  ['congress', { action: 'getSession', sessionId: 's-2-5' }, PERSONAS.deputy2],
  ['congress', { action: 'listCandidates', sessionId: 's-2-5' }, PERSONAS.villager],
  ['congress', { action: 'getCandidate', candidateId: 'ca88424f1d74596ef1f1b' }, PERSONAS.villager],
  ['congress', { action: 'sessionAttendance', sessionId: 's-2-4' }, PERSONAS.presidium],
  ['congress', { action: 'sessionResults', sessionId: 's-2-4' }, PERSONAS.villager],
  ['congress', { action: 'verifyTally', sessionId: 's-2-4' }, PERSONAS.villager],
];

it('every query the functions issue on a growing collection is served by a declared index', async () => {
  const now = new Date();
  const failures = await seedDemoActivity((name, event, options) => cloud.invoke(name, event, options), now);
  expect(failures).toEqual([]);
  await cloud.invoke('scheduler', { Type: 'Timer', TriggerName: 'hourly' });
  for (const [fn, event, openid] of READS) await cloud.call(fn, event, openid);
  const unserved = cloud.engine
    .unindexedQueries()
    .filter((q) => GROWING_COLLECTIONS.has(q.collection))
    .map((q) => q.shape);
  expect(unserved).toEqual([]);
});
