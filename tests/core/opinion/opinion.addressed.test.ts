/** 给代表留言: an opinion addressed to a deputy goes to them first when they can take it (opinion.routing.ts). */
import { routeOpinion, type RoutingInput } from '../../../core/opinion/opinion.routing';
import type { RoutingRule } from '../../../core/opinion/opinion.types';
import { deputies, deputy, env, station } from './opinion.fixtures';

const input: RoutingInput = { stationCode: 'JG01', villageCode: 'JG', villageName: '金鼓村', category: env };
const rules: RoutingRule[] = [
  { stationCode: 'JG01', villageCode: 'JG', categoryCode: 'env', deputyIds: ['d-a'] },
];
const usual = routeOpinion(input, rules, deputies, {}, station);

describe('routeOpinion with an addressed deputy', () => {
  it('gives the case to the addressed deputy of the station, on the path "addressed"', () => {
    const d = deputy('d-b');
    const decision = routeOpinion(input, rules, deputies, { 'd-b': 9 }, station, {
      addressed: { deputyId: 'd-b', deputy: d },
    });
    expect(decision).toEqual({
      owner: { kind: 'deputies', deputyIds: ['d-b'] },
      deputyIds: ['d-b'],
      reason: '写给代表d-b代表，由其本人办理',
      path: 'addressed',
    });
  });

  it.each([
    ['not found', undefined, [], '写给的代表不存在'],
    ['of another station', { ...deputy('d-x'), stationCode: 'JG02' }, [], '写给的代表d-x代表不在本联络站'],
    ['inactive', deputy('d-x', false), [], '写给的代表d-x代表已停用'],
    ['not bound to WeChat', { ...deputy('d-x'), openid: undefined }, [], '写给的代表d-x代表未绑定微信'],
    ['who handed it back', deputy('d-x'), ['d-x'], '写给的代表d-x代表已退回'],
  ])('routes as usual when the addressed deputy is %s, and says why', (_, d, exclude, why) => {
    const decision = routeOpinion(input, rules, deputies, {}, station, {
      exclude,
      addressed: { deputyId: 'd-x', ...(d && { deputy: d }) },
    });
    expect(decision.path).toBe(usual.path);
    expect(decision.owner).toEqual(usual.owner);
    expect(decision.reason).toBe(`${why}，按常规分办：${usual.reason}`);
  });

  it('without an addressed deputy nothing changes', () => {
    expect(routeOpinion(input, rules, deputies, {}, station, {})).toEqual(usual);
  });
});
