/**
 * The contact duties' demo (分片联系, 结对帮扶), made through the groups function as the personas: the
 * presidium member contacts 王建国 and 李秀英, 王建国 helps two households of 金鼓村 and 李秀英 one of
 * 新民村, and 王建国 logged a visit three days ago (a duty record by itself).
 */
import { chinaDate } from '../../core/calendar/china-time';
import { PERSONAS, type Call } from './township.seed';

export async function seedContactsDemo(call: Call, at: (daysAgo: number) => string): Promise<void> {
  for (const deputyId of ['d01', 'd02'])
    await call(
      `contact ${deputyId}`,
      'groups',
      { action: 'assignContact', deputyId, memberOpenid: PERSONAS.presidium },
      PERSONAS.presidium,
      at(60),
    );
  const households = [
    {
      key: 'sun',
      deputyId: 'd01',
      householdName: '孙德福',
      villageCode: 'jingu',
      situation: '独居老人，腿脚不便',
    },
    {
      key: 'zhou',
      deputyId: 'd01',
      householdName: '周桂芳',
      villageCode: 'jingu',
      situation: '因病致困，孩子上学',
    },
    {
      key: 'wu',
      deputyId: 'd02',
      householdName: '吴大勇',
      villageCode: 'xinmin',
      situation: '残疾，缺少劳动力',
    },
  ];
  const pairIds: Record<string, string> = {};
  for (const { key, ...h } of households) {
    const p = await call(
      `household ${key}`,
      'groups',
      { action: 'savePair', requestId: `demo-pair-${key}`, ...h },
      PERSONAS.presidium,
      at(60),
    );
    if (p?.id) pairIds[key] = p.id;
  }
  if (pairIds.sun)
    await call(
      'visit sun',
      'groups',
      {
        action: 'logVisit',
        requestId: 'demo-visit-sun',
        pairId: pairIds.sun,
        kind: 'help',
        date: chinaDate(new Date(at(3))),
        note: '送去米面油，帮忙联系村医每周上门量血压',
        peopleReached: 1,
      },
      PERSONAS.deputy1,
      at(3),
    );
}
