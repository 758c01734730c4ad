/**
 * The demo's livelihood projects (民生实事), made through the congress function as the personas: every
 * candidate the demo session passed (local/demo/congress.demo.ts, seeded just before) gets its plan from
 * the presidium — a milestone done two months ago, one late by five days, the acceptance ahead — a
 * progress report from the responsible office (or the presidium), the demo villager following it and an
 * inspection by 王建国 (his duty record). With no passed candidate yet, there is nothing to plan.
 */
import { chinaDate } from '../../core/calendar/china-time';
import { PERSONAS, type Call } from './township.seed';

interface Planning {
  candidates: { id: string; title: string; departmentId: string; projectId: string | null }[];
}

export async function seedProjectsDemo(call: Call, at: (daysAgo: number) => string): Promise<void> {
  const day = (daysAgo: number) => chinaDate(new Date(at(daysAgo)));
  const planning = (await call(
    'projects planning',
    'congress',
    { action: 'passedForPlanning' },
    PERSONAS.presidium,
  )) as unknown as Planning | null;
  for (const [i, c] of (planning?.candidates ?? []).slice(0, 3).entries()) {
    if (c.projectId) continue;
    const plan = (await call(
      `project ${c.id} plan`,
      'congress',
      {
        action: 'planProject',
        candidateId: c.id,
        departmentId: c.departmentId,
        lead: ['王建国（分管副乡长）', '李明（乡村建设办公室主任）', '张华（社会事务办公室主任）'][i],
        milestones: [
          { title: '完成方案设计和招标', due: day(60) },
          { title: '完成主体施工', due: day(5) },
          { title: '竣工验收并交付使用', due: day(-45) },
        ],
      },
      PERSONAS.presidium,
      at(70),
    )) as { id?: string } | null;
    const projectId = plan?.id;
    if (!projectId) continue;
    const reporter = c.departmentId === 'build' ? PERSONAS.department : PERSONAS.presidium;
    await call(
      `project ${c.id} done`,
      'congress',
      {
        action: 'markMilestoneDone',
        requestId: `demo-project-done-${c.id}`,
        projectId,
        milestoneId: 'm1',
        doneOn: day(58),
        note: '已完成招标，施工单位进场',
      },
      reporter,
      at(58),
    );
    await call(
      `project ${c.id} follow`,
      'congress',
      { action: 'followProject', projectId },
      PERSONAS.villager,
      at(20),
    );
    await call(
      `project ${c.id} progress`,
      'congress',
      {
        action: 'addProgress',
        requestId: `demo-project-progress-${c.id}`,
        projectId,
        text: '主体施工已完成七成，受连续降雨影响比计划晚一周，预计下月中旬完工。',
        photos: [],
      },
      reporter,
      at(4),
    );
    await call(
      `project ${c.id} inspection`,
      'congress',
      {
        action: 'recordInspection',
        requestId: `demo-project-inspect-${c.id}`,
        projectId,
        date: day(3),
        findings: '现场查看施工质量良好，建议加快排水沟施工，注意雨天安全。',
        peopleReached: 8,
      },
      PERSONAS.deputy1,
      at(3),
    );
  }
}
