/**
 * The demo's deputies' suggestions (代表建议), made through the suggestion function as the personas: one
 * co-signed by 王建国 and d02, assigned to 乡村建设办公室 and answered (A类) — waiting for 王建国's rating; one waiting for the presidium to assign; one assigned
 * a month ago whose deadline passed (overdue); and an invitation to 王建国 to co-sign d02's suggestion.
 */
import { chinaDate } from '../../core/calendar/china-time';
import { PERSONAS, type Call } from './township.seed';

export async function seedSuggestionDemo(call: Call, at: (daysAgo: number) => string): Promise<void> {
  const s = (what: string, event: Record<string, unknown>, openid: string, when: string) =>
    call(`suggestion ${what}`, 'suggestion', event, openid, when);
  const road = await s(
    'road filed',
    {
      action: 'file',
      requestId: 'demo-sugg-road-0001',
      title: '修缮金鼓村至白果村的机耕道',
      content:
        '金鼓村三组至白果村的机耕道年久失修，雨天无法通行，影响农资运输，建议列入明年农村道路建设计划。',
      category: 'infrastructure',
      cosignerIds: ['d02'],
    },
    PERSONAS.deputy1,
    at(40),
  );
  if (road?.id) {
    await s(
      'road cosigned',
      { action: 'answerInvite', suggestionId: road.id, confirm: true },
      PERSONAS.deputy2,
      at(39),
    );
    await s(
      'road assigned',
      { action: 'assign', suggestionId: road.id, leadDepartmentId: 'build' },
      PERSONAS.presidium,
      at(38),
    );
    await s(
      'road answered',
      {
        action: 'answer',
        suggestionId: road.id,
        text: '经实地勘测，该机耕道已列入2027年农村道路建设计划，计划春耕前完成路面硬化，资金由乡财政和上级补助共同解决。',
        fileId: 'cloud://demo/suggestions/road-answer.pdf',
        resultClass: 'A',
      },
      PERSONAS.department,
      at(3),
    );
  }
  await s(
    'school filed',
    {
      action: 'file',
      requestId: 'demo-sugg-school-001',
      title: '在乡中心小学门口增设交通安全设施',
      content: '乡中心小学门口车流量大，上下学时段存在安全隐患，建议增设减速带和警示标志，并安排护学岗。',
      category: 'education',
    },
    PERSONAS.deputy1,
    at(2),
  );
  const water = await s(
    'water filed',
    {
      action: 'file',
      requestId: 'demo-sugg-water-001',
      title: '解决白果村四组饮水管网老化问题',
      content: '白果村四组饮水管网老化，经常停水，建议乡里统筹安排管网改造。',
      category: 'social',
    },
    PERSONAS.deputy2,
    at(100),
  );
  if (water?.id)
    await s(
      'water assigned',
      {
        action: 'assign',
        suggestionId: water.id,
        leadDepartmentId: 'build',
        deadline: chinaDate(new Date(at(80))),
      },
      PERSONAS.presidium,
      at(100),
    );
  await s(
    'tea filed',
    {
      action: 'file',
      requestId: 'demo-sugg-tea-0001',
      title: '扶持白果村茶叶合作社发展',
      content: '白果村茶叶合作社缺少加工设备和品牌推广，建议给予产业扶持资金和技术指导。',
      category: 'agriculture',
      cosignerIds: ['d01'],
    },
    PERSONAS.deputy2,
    at(1),
  );
}
