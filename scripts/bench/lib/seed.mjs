/** What the sections that seed the store straight share: zero-padded ids, days, the demo categories. */

export const pad = (n, w) => String(n).padStart(w, '0');

/** The day `offset` days after `start` (YYYY-MM-DD). */
export const day = (start, offset) =>
  new Date(Date.parse(`${start}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

/** The demo township's opinion category codes (local/demo/township.seed.ts DEMO_CATEGORIES). */
export const CATEGORIES = [
  'road',
  'agriculture',
  'environment',
  'welfare',
  'health',
  'education',
  'dispute',
  'other',
];

/**
 * A case's deadlines and outcome as the opinion area stores them, for a case filed `on` in `status`:
 * accept in 2 days, answer in 10, answered after 3, resolved after 5, rated by 60 % of closed ones.
 */
export function caseTimeline(on, status, rand) {
  const done = status === 'resolved' || status === 'closed';
  return {
    submittedAt: new Date(`${on}T02:00:00Z`),
    submittedOn: on,
    acceptBy: day(on, 2),
    answerBy: day(on, 10),
    ...(status !== 'assigned' && status !== 'accepted' ? { answeredOn: day(on, 3) } : {}),
    ...(done ? { resolvedAt: new Date(`${day(on, 5)}T02:00:00Z`) } : {}),
    ratings:
      done && rand() < 0.6 ? [{ rating: rand() < 0.8 ? 'satisfied' : 'unsatisfied', at: new Date() }] : [],
  };
}

/**
 * A bench township's people and places, written with `put(collection, doc)`: its presidium member
 * ('bench-presidium'), `stations` stations B000… each with one village v0… and `perStation` deputies
 * bd0000… (`levelOf(index within the station)`, default 乡镇人大代表), and the categories. Answers the
 * deputies as { id, code, village }.
 */
export function seedPeopleAndPlaces(put, { stations, perStation, levelOf = () => 'township' }) {
  put('users', {
    _id: 'bench-presidium',
    openid: 'bench-presidium',
    role: 'presidium',
    name: '主席团',
    boundAt: new Date(),
  });
  const deputies = [];
  for (let st = 0; st < stations; st++) {
    const code = `B${pad(st, 3)}`;
    put('stations', { _id: code, code, name: `第${st + 1}联络站`, active: true });
    put('villages', { _id: `v${st}`, code: `v${st}`, name: `第${st + 1}村`, stationCode: code });
    for (let d = 0; d < perStation; d++) {
      const id = `bd${pad(st * perStation + d, 4)}`;
      deputies.push({ id, code, village: `v${st}` });
      put('deputies', {
        _id: id,
        name: `代表${id}`,
        level: levelOf(d),
        stationCode: code,
        villageCodes: [`v${st}`],
        active: true,
      });
    }
  }
  CATEGORIES.forEach((c, i) => put('categories', { _id: c, code: c, name: `类别${i + 1}`, active: true }));
  return deputies;
}
