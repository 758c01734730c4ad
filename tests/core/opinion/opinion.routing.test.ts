import {
  checkRoutingTable,
  routeOpinion,
  routingCandidates,
  type RoutingInput,
  ROUTING_PATH_LABELS,
} from '../../../core/opinion/opinion.routing';
import type { RoutingRule } from '../../../core/opinion/opinion.types';
import { deputies, deputy, env, station } from './opinion.fixtures';

const input: RoutingInput = { stationCode: 'JG01', villageCode: 'JG', villageName: '金鼓村', category: env };

const rule = (
  villageCode: string,
  categoryCode: string,
  deputyIds: string[],
  stationCode = 'JG01',
): RoutingRule => ({
  stationCode,
  villageCode,
  categoryCode,
  deputyIds,
});

const exact = rule('JG', 'env', ['d-a']);
const villageWide = rule('JG', '*', ['d-b']);
const categoryWide = rule('*', 'env', ['d-c']);
const catchAll = rule('*', '*', ['d-lead']);

describe('routeOpinion', () => {
  describe('precedence: the most specific rule wins', () => {
    it.each([
      [
        'all four rules',
        [catchAll, categoryWide, villageWide, exact],
        'd-a',
        'village+category',
        '覆盖金鼓村 · 环境保护 · 在办0件',
      ],
      [
        'no exact rule',
        [catchAll, categoryWide, villageWide],
        'd-b',
        'village',
        '覆盖金鼓村 · 全部类别 · 在办0件',
      ],
      [
        'only station-wide rules',
        [catchAll, categoryWide],
        'd-c',
        'category',
        '覆盖本站各村 · 环境保护 · 在办0件',
      ],
      ['only the catch-all', [catchAll], 'd-lead', 'station', '覆盖本站各村 · 全部类别 · 在办0件'],
    ])('with %s → %s', (_, rules, chosen, path, reason) => {
      const decision = routeOpinion(input, rules, deputies, {}, station);
      expect(decision).toEqual({
        owner: { kind: 'deputies', deputyIds: [chosen] },
        deputyIds: [chosen],
        reason,
        path,
      });
    });

    it('ignores rules of another station and of other villages or categories', () => {
      const rules = [
        rule('JG', 'env', ['d-a'], 'OTHER'),
        rule('SH', 'env', ['d-b']),
        rule('JG', 'agri', ['d-c']),
      ];
      expect(routeOpinion(input, rules, deputies, {}, station).path).toBe('lead');
    });
  });

  describe('when a rule names several deputies', () => {
    const shared = [rule('JG', 'env', ['d-c', 'd-a', 'd-b'])];

    it('gives the case to the one with the fewest open cases, and says how many', () => {
      const decision = routeOpinion(input, shared, deputies, { 'd-a': 4, 'd-b': 2, 'd-c': 3 }, station);
      expect(decision.deputyIds).toEqual(['d-b']);
      expect(decision.reason).toBe('覆盖金鼓村 · 环境保护 · 在办2件');
    });

    it('breaks a tie by id, whatever order the table and deputies come in', () => {
      const counts = { 'd-a': 1, 'd-b': 1, 'd-c': 1 };
      expect(routeOpinion(input, shared, deputies, counts, station).deputyIds).toEqual(['d-a']);
      expect(routeOpinion(input, shared, [...deputies].reverse(), counts, station).deputyIds).toEqual([
        'd-a',
      ]);
    });

    it('counts a deputy missing from the counts as having none', () => {
      expect(routeOpinion(input, shared, deputies, { 'd-a': 1, 'd-c': 1 }, station).deputyIds).toEqual([
        'd-b',
      ]);
    });
  });

  describe('when the matching deputies are unavailable', () => {
    it('skips an inactive deputy and falls to the next rule', () => {
      const rules = [rule('JG', 'env', ['d-off']), villageWide];
      expect(routeOpinion(input, rules, deputies, {}, station).deputyIds).toEqual(['d-b']);
    });

    it('skips a deputy unknown to the deputy list', () => {
      const rules = [rule('JG', 'env', ['d-gone']), villageWide];
      expect(routeOpinion(input, rules, deputies, {}, station).deputyIds).toEqual(['d-b']);
    });

    it('skips the deputy who handed the case back', () => {
      const decision = routeOpinion(input, [exact, villageWide], deputies, {}, station, { exclude: ['d-a'] });
      expect(decision.deputyIds).toEqual(['d-b']);
    });

    it('falls back to the lead deputy and says the rule had nobody left', () => {
      const decision = routeOpinion(input, [exact], deputies, {}, station, { exclude: ['d-a'] });
      expect(decision).toMatchObject({
        owner: { kind: 'deputies', deputyIds: ['d-lead'] },
        path: 'lead',
        reason: '规则中的代表均已停用或已退回，交联络站牵头代表',
      });
    });
  });

  describe('fallback chain', () => {
    it('with no matching rule → the station lead deputy', () => {
      expect(routeOpinion(input, [], deputies, {}, station)).toEqual({
        owner: { kind: 'deputies', deputyIds: ['d-lead'] },
        deputyIds: ['d-lead'],
        reason: '无匹配规则，交联络站牵头代表',
        path: 'lead',
      });
    });

    it.each([
      ['inactive', [deputy('d-lead', false)], []],
      ['the one who handed it back', deputies, ['d-lead']],
      ['missing', [], []],
    ])('with the lead deputy %s → the presidium queue', (_, people, exclude) => {
      expect(routeOpinion(input, [], people, {}, station, { exclude })).toEqual({
        owner: { kind: 'presidium' },
        deputyIds: [],
        reason: '联络站无可用代表，进入主席团待分办队列',
        path: 'presidium',
      });
    });
  });
});

describe('routeOpinion: deputies who never bound WeChat cannot act', () => {
  const unbound = (id: string) => {
    const { openid: _o, ...rest } = deputy(id);
    return rest;
  };
  const withUnbound = (...ids: string[]) => deputies.map((d) => (ids.includes(d._id) ? unbound(d._id) : d));

  it('skips an unbound deputy for the next one on the rule, and names them', () => {
    const rules = [rule('JG', 'env', ['d-a', 'd-b'])];
    expect(routeOpinion(input, rules, withUnbound('d-a'), { 'd-b': 3 }, station)).toEqual({
      owner: { kind: 'deputies', deputyIds: ['d-b'] },
      deputyIds: ['d-b'],
      reason: '覆盖金鼓村 · 环境保护 · 在办3件（跳过未绑定微信的代表：代表d-a）',
      path: 'village+category',
    });
  });

  it('falls through to a less specific rule, then to the lead, saying why', () => {
    expect(routeOpinion(input, [exact, villageWide], withUnbound('d-a'), {}, station).reason).toBe(
      '覆盖金鼓村 · 全部类别 · 在办0件（跳过未绑定微信的代表：代表d-a）',
    );
    expect(routeOpinion(input, [exact], withUnbound('d-a'), {}, station)).toMatchObject({
      deputyIds: ['d-lead'],
      path: 'lead',
      reason: '规则中的代表均已停用、已退回或未绑定微信，交联络站牵头代表（跳过未绑定微信的代表：代表d-a）',
    });
  });

  it('with nobody reachable left → the presidium queue, naming who was skipped', () => {
    expect(routeOpinion(input, [exact], withUnbound('d-a', 'd-lead'), {}, station)).toEqual({
      owner: { kind: 'presidium' },
      deputyIds: [],
      reason: '联络站无可联系的代表，进入主席团待分办队列（跳过未绑定微信的代表：代表d-a、代表d-lead）',
      path: 'presidium',
    });
  });
});

describe('checkRoutingTable', () => {
  it('accepts a table with unique keys', () => {
    expect(checkRoutingTable([exact, villageWide, categoryWide, catchAll])).toEqual([]);
  });

  it('reports every row sharing a key', () => {
    expect(
      checkRoutingTable([exact, villageWide, rule('JG', 'env', ['d-b']), rule('JG', 'env', ['d-c'])]),
    ).toEqual([{ code: 'ROUTING_RULE_DUPLICATE', key: 'JG01/JG/env', rows: [0, 2, 3] }]);
  });

  it('treats the same village and category at another station as a different key', () => {
    expect(checkRoutingTable([exact, rule('JG', 'env', ['d-a'], 'OTHER')])).toEqual([]);
  });

  it('reports a rule that names no deputy', () => {
    expect(checkRoutingTable([exact, rule('SH', '*', [])])).toEqual([
      { code: 'ROUTING_RULE_EMPTY', key: 'JG01/SH/*', rows: [1] },
    ]);
  });
});

describe('routingCandidates', () => {
  const table: RoutingRule[] = [
    { stationCode: 'S1', villageCode: 'v1', categoryCode: 'road', deputyIds: ['a'] },
    { stationCode: 'S1', villageCode: 'v1', categoryCode: '*', deputyIds: ['b', 'a'] },
    { stationCode: 'S1', villageCode: '*', categoryCode: 'road', deputyIds: ['c'] },
    { stationCode: 'S1', villageCode: '*', categoryCode: '*', deputyIds: ['d'] },
    { stationCode: 'S1', villageCode: 'v2', categoryCode: 'road', deputyIds: ['x'] },
    { stationCode: 'S2', villageCode: 'v1', categoryCode: 'road', deputyIds: ['y'] },
    { stationCode: 'S1', villageCode: 'v1', categoryCode: 'health', deputyIds: ['z'] },
  ];
  const input = { stationCode: 'S1', villageCode: 'v1', category: { code: 'road', name: '道路' } };

  it('names the deputies of every matching rule and the lead, nobody else', () => {
    expect(routingCandidates(input, table, { leadDeputyId: 'lead' })).toEqual(['a', 'b', 'c', 'd', 'lead']);
  });

  it('is just the lead when no rule matches', () => {
    expect(
      routingCandidates({ ...input, villageCode: 'v9', category: { code: 'x', name: 'x' } }, [], {
        leadDeputyId: 'l',
      }),
    ).toEqual(['l']);
  });

  it('gives routeOpinion every count it needs: same decision as with the whole station counted', () => {
    const all = { a: 3, b: 1, c: 0, d: 0, x: 0, y: 0, z: 0, lead: 0 };
    const ids = routingCandidates(input, table, { leadDeputyId: 'lead' });
    const only = Object.fromEntries(ids.map((id) => [id, all[id as keyof typeof all]]));
    const people = ['a', 'b', 'c', 'd', 'lead'].map((id) => deputy(id));
    const st = { code: 'S1', leadDeputyId: 'lead' };
    const routingInput = { ...input, villageName: '一村' };
    for (const exclude of [[], ['a'], ['a', 'b'], ['a', 'b', 'c', 'd']]) {
      expect(routeOpinion(routingInput, table, people, only, st, { exclude })).toEqual(
        routeOpinion(routingInput, table, people, all, st, { exclude }),
      );
    }
  });
});

describe('ROUTING_PATH_LABELS', () => {
  it.each([
    ['addressed', '写给代表'],
    ['village+category', '按村和类别'],
    ['village', '按村'],
    ['category', '按类别'],
    ['station', '本站兜底规则'],
    ['lead', '联络站牵头代表'],
    ['presidium', '主席团待分办'],
    ['manual', '主席团分办'],
  ] as const)('%s → %s', (path, label) => {
    expect(ROUTING_PATH_LABELS[path]).toBe(label);
  });

  it('labels exactly the paths routing can take', () => {
    expect(Object.keys(ROUTING_PATH_LABELS)).toHaveLength(8);
  });
});
