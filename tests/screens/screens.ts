/**
 * The screens `npm run screens` draws: every page of app.json, as each persona that can open it, with
 * the query a tap would give it. `villager` screens are held to the villagers' type size (16 px).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MINIPROGRAM, type RenderedPage } from '../miniprogram/support/page-harness';

/** Ids of the demo's records that pages are opened with, found through the functions. */
export interface Ids {
  villagerCase: string;
  deputyCase: string;
  presidiumCase: string;
  /** A case 王建国 transferred to 乡村建设办公室, the demo department's (demo-department). */
  departmentCase: string;
  /** A case another villager filed, answered, followed by 'screens-follower' (还没解决 is offered). */
  followedCase: string;
  dayId: string;
  /** A day with no place left, the demo villager waiting for it. */
  fullDayId: string;
  articleId: string;
  noticeId: string;
  /** The demo's first livelihood project (民生实事), planned, with a milestone done and one late. */
  projectId: string;
}

export interface Screen {
  name: string;
  page: string;
  persona: string;
  villager: boolean;
  query?: (ids: Ids) => Record<string, string>;
  /** Texts that must be on the first screen, before any scrolling. */
  firstScreen?: string[];
  /** What the user does on the page before it is drawn (taps and typing, through the page's methods). */
  act?: (page: RenderedPage) => Promise<void>;
  /** The township chosen before the page opens: 金鼓乡 unless said; null, none chosen yet. */
  township?: { id: string; name: string } | null;
}

/** This year in China time (the figures' default period). */
const chinaYear = () => new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

const tap = (id: string) => ({ currentTarget: { dataset: { id, value: id } } });
const typed = (value: string) => ({ detail: { value } });

const V = 'demo-villager';
const D = 'demo-deputy-1';
const A = 'demo-station-admin';
const P = 'demo-presidium';
const G = 'demo-department';
const C = 'demo-county';

const villager = (name: string, page: string, query?: Screen['query']): Screen => ({
  name: `villager-${name}`,
  page,
  persona: V,
  villager: true,
  query,
});
const staff = (
  persona: string,
  role: string,
  name: string,
  page: string,
  query?: Screen['query'],
): Screen => ({
  name: `${role}-${name}`,
  page,
  persona,
  villager: false,
  query,
});

export const SCREENS: Screen[] = [
  {
    // the first visit in a county of two townships: 选择您所在的乡镇 before anything else
    ...villager('choose-township', 'pages/home/index'),
    township: null,
    firstScreen: ['选择您所在的乡镇', '金鼓乡', '青山镇'],
  },
  villager('home', 'pages/home/index'),
  {
    ...villager('station', 'pages/station/index', () => ({ scene: 'JG01' })),
    firstScreen: ['我要提意见建议', '预约接待'],
  },
  villager('station-unknown', 'pages/station/index', () => ({ code: 'XX99' })),
  // 代表码: a villager scanned 王建国's code (scene d=<deputy>&t=<township>) → his page → 给代表留言
  {
    ...villager('deputy', 'pages/deputy/index', () => ({ scene: encodeURIComponent('d=d01&t=jingu') })),
    firstScreen: ['王建国', '给代表留言'],
  },
  {
    ...villager('opinion-addressed', 'pages/opinion/index', () => ({
      code: 'JG01',
      deputyId: 'd01',
      deputyName: encodeURIComponent('王建国'),
    })),
    firstScreen: ['写给：王建国代表'],
  },
  // 民生实事: this year's projects, and one project's progress with its follow button
  villager('projects', 'subpackages/congress/pages/projects/index'),
  {
    ...villager('project', 'subpackages/congress/pages/projects-detail/index', (ids) => ({
      id: ids.projectId,
    })),
    firstScreen: ['实施进度', '已超过计划时间，正在督促'],
  },
  // 民生实事候选项目: the candidates open for comment and the last vote's results; one with its comments
  villager('candidates', 'subpackages/congress/pages/candidates/index'),
  {
    ...villager('candidate', 'subpackages/congress/pages/candidate/index', () => ({
      id: 'ca88424f1d74596ef1f1b',
    })),
    act: async (page) => {
      await page.call('onText', typed('路灯最好一直装到村小学门口，孩子放学天黑了。'));
    },
  },
  villager('station-no-code', 'pages/station/index'),
  villager('booking', 'pages/booking/index', (ids) => ({ code: 'JG01', dayId: ids.dayId })),
  {
    // a villager who has not booked that day yet
    ...villager('booking-done', 'pages/booking/index', (ids) => ({ code: 'JG01', dayId: ids.dayId })),
    persona: 'villager-first-visit',
    act: async (page) => {
      await page.call('onTopic', typed('想问问低保怎么申请'));
      await page.call('pickVillage', tap('jingu'));
      await page.call('submit');
    },
    firstScreen: ['预约成功'],
  },
  villager('bookings', 'pages/bookings/index'),
  {
    // a full day: the button is 排队候补
    ...villager('booking-full', 'pages/booking/index', (ids) => ({ code: 'JG01', dayId: ids.fullDayId })),
    persona: 'villager-first-visit',
    firstScreen: ['排队候补'],
  },
  {
    ...villager('booking-waiting', 'pages/booking/index', (ids) => ({ code: 'JG01', dayId: ids.fullDayId })),
    persona: 'villager-screens-waiter',
    act: async (page) => {
      await page.call('onTopic', typed('想问问低保怎么申请'));
      await page.call('pickVillage', tap('jingu'));
      await page.call('joinWaitlist');
    },
    firstScreen: ['已排队候补', '排队候补第2位'],
  },
  villager('opinion', 'pages/opinion/index', () => ({ code: 'JG01' })),
  {
    ...villager('opinion-similar', 'pages/opinion/index', () => ({ code: 'JG01' })),
    act: async (page) => {
      await page.call('pickVillage', tap('jingu'));
      await page.call('pickCategory', tap('road'));
      await page.call('onText', typed('村口的路灯坏了，晚上看不清路'));
      await page.call('submit');
    },
  },
  villager('opinions', 'pages/opinions/index'),
  villager('case', 'pages/opinions/case', (ids) => ({ id: ids.villagerCase })),
  {
    // a neighbour who follows an answered case: 还没解决 is offered
    ...villager('case-follower', 'pages/opinions/case', (ids) => ({ id: ids.followedCase })),
    persona: 'screens-follower',
  },
  {
    // 匿名: the contact fields give way to the line saying why
    ...villager('opinion-anonymous', 'pages/opinion/index', () => ({ code: 'JG01' })),
    act: async (page) => {
      await page.call('onAnonymous', { detail: { value: true } });
    },
  },
  villager('articles', 'pages/articles/index'),
  {
    // a shared link without t= opened before any township is chosen: the way on is 去选择乡镇
    ...villager('articles-no-township', 'pages/articles/index'),
    township: null,
    firstScreen: ['请先选择您所在的乡镇', '去选择乡镇'],
  },
  villager('article', 'pages/article/index', (ids) => ({ id: ids.articleId })),
  villager('notice', 'pages/notice/index', (ids) => ({ id: ids.noticeId })),
  villager('evaluation', 'pages/notice/evaluation', (ids) => ({ id: ids.noticeId })),
  villager('privacy', 'pages/privacy/index'),
  staff(D, 'deputy', 'home', 'pages/home/index'),
  staff(D, 'deputy', 'inbox', 'subpackages/deputy/pages/inbox/index'),
  staff(D, 'deputy', 'case', 'subpackages/deputy/pages/case/index', (ids) => ({ id: ids.deputyCase })),
  {
    // the answer box with 常用答复: one saved from the box, the management list open
    ...staff(D, 'deputy', 'case-templates', 'subpackages/deputy/pages/case/index', (ids) => ({
      id: ids.deputyCase,
    })),
    act: async (page) => {
      await page.call('startMode', { currentTarget: { dataset: { mode: 'reply' } } });
      await page.call('onAnswer', typed('已联系乡供电所，三个工作日内修好路灯，请您留意。'));
      await page.call('onTemplateTitle', typed('路灯维修'));
      await page.call('saveTemplate', { currentTarget: { dataset: {} } });
      await page.call('toggleManage');
    },
  },
  staff(D, 'deputy', 'records', 'subpackages/deputy/pages/records/index'),
  // 民生实事 (livelihood projects): the deputy's inspections, the form, the year-end rating
  staff(D, 'deputy', 'inspections', 'subpackages/deputy/pages/inspections/index'),
  {
    ...staff(D, 'deputy', 'inspection-form', 'subpackages/deputy/pages/inspections/index'),
    act: async (page) => {
      await page.call('openForm');
      await page.call('typeFindings', typed('路基压实较好，排水沟还没开挖，建议雨季前完成。'));
      await page.call('typePeople', typed('6'));
    },
  },
  staff(D, 'deputy', 'project-rating', 'subpackages/deputy/pages/project-rating/index'),
  // 人代会 (李秀英, a township deputy, checked in; screens.test.ts opens the vote of 第二届第六次会议):
  // the ballot with one candidate chosen (提交 still off), then every one chosen and the confirm step
  {
    ...staff('demo-deputy-2', 'deputy', 'congress-ballot', 'subpackages/deputy/pages/congress/index'),
    act: async (page) => {
      const [first] = page.data.ballot as { id: string }[];
      await page.call('choose', { currentTarget: { dataset: { id: first.id, value: 'yes' } } });
    },
  },
  {
    ...staff('demo-deputy-2', 'deputy', 'congress-confirm', 'subpackages/deputy/pages/congress/index'),
    act: async (page) => {
      const [first, second] = page.data.ballot as { id: string }[];
      await page.call('choose', { currentTarget: { dataset: { id: first.id, value: 'yes' } } });
      await page.call('choose', { currentTarget: { dataset: { id: second.id, value: 'abstain' } } });
      await page.call('review');
    },
  },
  staff(D, 'deputy', 'congress', 'subpackages/deputy/pages/congress/index', () => ({ id: 's-2-4' })),
  // 代表活动: the deputy's invitations and attended activities (王建国 leads 金鼓片代表小组), an invitation
  staff(D, 'deputy', 'activities', 'subpackages/deputy/pages/activities/index'),
  // 我的联系户: 王建国's household (local/demo/contacts.demo.ts) with a visit logged
  { ...staff(D, 'deputy', 'contacts', 'subpackages/deputy/pages/contacts/index'), firstScreen: ['记录走访'] },
  staff(D, 'deputy', 'activity', 'subpackages/deputy/pages/activity/index', () => ({
    id: 'a_demo-activity-training',
  })),
  // 代表建议: the deputy's suggestions and invitations, the filing form, an answered one to rate
  staff(D, 'deputy', 'suggestions', 'subpackages/deputy/pages/suggestions/index'),
  {
    ...staff(D, 'deputy', 'suggestion-form', 'subpackages/deputy/pages/suggestions/index'),
    act: async (page) => {
      await page.call('openForm');
      await page.call('typeTitle', typed('在乡中心小学门口增设减速带'));
    },
  },
  staff(D, 'deputy', 'suggestion', 'subpackages/deputy/pages/suggestion/index', () => ({
    id: 'sg_d01_demo-sugg-road-0001',
  })),
  staff(D, 'deputy', 'notice', 'subpackages/deputy/pages/notice/index'),
  {
    ...staff(D, 'deputy', 'archive', 'subpackages/deputy/pages/archive/index'),
  },
  staff(G, 'department', 'home', 'pages/home/index'),
  {
    ...staff(G, 'department', 'inbox', 'subpackages/department/pages/inbox/index'),
    firstScreen: ['乡村建设办公室', '接收转办提醒'],
  },
  {
    ...staff(G, 'department', 'case', 'subpackages/department/pages/case/index', (ids) => ({
      id: ids.departmentCase,
    })),
    firstScreen: ['转办说明：桥梁维修属乡村建设办公室，请派人查看'],
  },
  {
    ...staff(G, 'department', 'case-hand-back', 'subpackages/department/pages/case/index', (ids) => ({
      id: ids.departmentCase,
    })),
    act: async (page) => {
      await page.call('startMode', { currentTarget: { dataset: { mode: 'handBack' } } });
    },
  },
  // 代表建议: the office's inbox, an overdue one answered with its document and result class
  staff(G, 'department', 'suggestions', 'subpackages/department/pages/suggestions/index'),
  {
    ...staff(G, 'department', 'suggestion-answer', 'subpackages/department/pages/suggestion/index', () => ({
      id: 'sg_d02_demo-sugg-water-001',
    })),
    act: async (page) => {
      await page.call('startMode', { currentTarget: { dataset: { mode: 'answer' } } });
    },
  },
  staff(A, 'admin', 'days', 'subpackages/station-admin/pages/days/index'),
  staff(A, 'admin', 'day', 'subpackages/station-admin/pages/day/index', (ids) => ({
    code: 'JG01',
    dayId: ids.dayId,
  })),
  staff(A, 'admin', 'record', 'subpackages/station-admin/pages/record/index', (ids) => ({
    dayId: ids.dayId,
  })),
  staff(A, 'admin', 'schedule', 'subpackages/station-admin/pages/schedule/index'),
  {
    // the presidium also sets when reminders go out (提前一天 / 提前两小时)
    ...staff(P, 'presidium', 'schedule', 'subpackages/station-admin/pages/schedule/index', () => ({
      code: 'JG01',
    })),
  },
  staff(P, 'presidium', 'home', 'pages/home/index'),
  staff(P, 'presidium', 'dashboard', 'subpackages/presidium/pages/dashboard/index'),
  staff(P, 'presidium', 'supervision', 'subpackages/presidium/pages/supervision/index'),
  staff(P, 'presidium', 'suggestions', 'subpackages/presidium/pages/suggestions/index'),
  {
    ...staff(P, 'presidium', 'suggestion-assign', 'subpackages/presidium/pages/suggestions/index'),
    act: async (page) => {
      await page.call('startAssign', { currentTarget: { dataset: { id: 'sg_d01_demo-sugg-school-001' } } });
    },
  },
  staff(P, 'presidium', 'moderation', 'subpackages/presidium/pages/moderation/index'),
  staff(P, 'presidium', 'case', 'subpackages/presidium/pages/case/index', (ids) => ({
    id: ids.presidiumCase,
  })),
  staff(P, 'presidium', 'routing', 'subpackages/presidium/pages/routing/index'),
  staff(P, 'presidium', 'categories', 'subpackages/presidium/pages/categories/index'),
  staff(P, 'presidium', 'stations', 'subpackages/presidium/pages/stations/index'),
  staff(P, 'presidium', 'station-edit', 'subpackages/presidium/pages/stations/edit', () => ({
    kind: 'station',
    code: 'JG01',
  })),
  staff(P, 'presidium', 'holidays', 'subpackages/presidium/pages/holidays/index'),
  {
    // 接口密钥: a key just issued for the county's 12345 hotline, shown once.
    ...staff(P, 'presidium', 'api-keys', 'subpackages/presidium/pages/api-keys/index'),
    act: async (page) => {
      await page.call('onField', {
        currentTarget: { dataset: { field: 'name' } },
        detail: { value: '县12345热线' },
      });
      await page.call('issue');
    },
    firstScreen: ['新密钥：县12345热线', '密钥只显示这一次，离开本页后无法再查看。'],
  },
  {
    // 防滥用设置: the four limits, one changed and not yet saved.
    ...staff(P, 'presidium', 'limits', 'subpackages/presidium/pages/limits/index'),
    act: async (page) => {
      await page.call('step', { currentTarget: { dataset: { key: 'heldPlaces', by: '-1' } } });
    },
    firstScreen: ['每位群众同时最多预约几个接待日', '可设1～10个，默认3个', '已改动，点“保存”后生效'],
  },
  staff(P, 'presidium', 'notices', 'subpackages/presidium/pages/notices/index'),
  {
    // 记录纸质/电话确认 opened under an unbound deputy's row of a draft notice.
    ...staff(P, 'presidium', 'notice-paper-confirm', 'subpackages/presidium/pages/notices/index'),
    act: async (page) => {
      type Row = { id: string; deputyAnswers: { deputyId: string; canRecord: boolean }[] };
      const target = () =>
        (page.data.notices as Row[]).flatMap((n) =>
          n.deputyAnswers.filter((d) => d.canRecord).map((d) => ({ id: n.id, deputy: d.deputyId })),
        )[0];
      if (!target()) await page.call('draftAll');
      const t = target();
      if (!t) return;
      await page.call('openConfirm', { currentTarget: { dataset: t } });
      await page.call('pickChannel', { currentTarget: { dataset: { value: 'phone' } } });
      await page.call('typeReason', typed('代表未绑定微信，已电话确认'));
    },
  },
  staff(P, 'presidium', 'evaluations', 'subpackages/presidium/pages/evaluations/index'),
  // 民生实事: the passed projects with their plans, the plan editor, the progress entry
  staff(P, 'presidium', 'projects', 'subpackages/presidium/pages/projects/index'),
  {
    ...staff(P, 'presidium', 'project-plan', 'subpackages/presidium/pages/projects/index'),
    act: async (page) => {
      const [first] = page.data.candidates as { id: string }[];
      await page.call('edit', tap(first.id));
    },
  },
  staff(P, 'presidium', 'project-progress', 'subpackages/presidium/pages/projects/progress', (ids) => ({
    id: ids.projectId,
  })),
  staff(G, 'department', 'project-progress', 'subpackages/presidium/pages/projects/progress', (ids) => ({
    id: ids.projectId,
  })),
  // 人代会: the sessions, a draft with its candidates, the vote open (paper ballots), the results and tally check
  staff(P, 'presidium', 'congress', 'subpackages/presidium/pages/congress/index'),
  staff(P, 'presidium', 'congress-draft', 'subpackages/presidium/pages/congress/index', () => ({
    id: 's-2-5',
  })),
  staff(P, 'presidium', 'congress-vote', 'subpackages/presidium/pages/congress/index', () => ({
    id: 's-2-6',
  })),
  staff(P, 'presidium', 'congress-results', 'subpackages/presidium/pages/congress/index', () => ({
    id: 's-2-4',
  })),
  {
    // the pass rule, changed before the vote opens: 全体/到会代表, 过半数 or more, said in plain words
    ...staff(P, 'presidium', 'congress-pass-rule', 'subpackages/presidium/pages/congress/index', () => ({
      id: 's-2-5',
    })),
    act: async (page) => {
      await page.call('editRule');
      await page.call('pickRuleShare', { currentTarget: { dataset: { key: '2/3' } } });
    },
  },
  {
    ...staff(P, 'presidium', 'congress-new', 'subpackages/presidium/pages/congress/index'),
    act: async (page) => {
      await page.call('newSession');
    },
  },
  {
    // the candidate form: villages as chips, the opinions it comes from picked from the recent ones
    ...staff(P, 'presidium', 'congress-candidate-form', 'subpackages/presidium/pages/congress/index', () => ({
      id: 's-2-5',
    })),
    act: async (page) => {
      await page.call('newCandidate');
    },
  },
  // 代表小组, 代表活动, 整改事项: the demo's groups and activities (local/demo/groups.demo.ts, fixed ids)
  staff(P, 'presidium', 'groups', 'subpackages/presidium/pages/groups/index'),
  // 分片联系与结对帮扶, and 打印全体代表码
  {
    ...staff(P, 'presidium', 'contacts', 'subpackages/presidium/pages/contacts/index'),
    firstScreen: ['打印全体代表码（A4）', '王建国'],
  },
  {
    ...staff(P, 'presidium', 'group-form', 'subpackages/presidium/pages/groups/index'),
    act: async (page) => {
      const [first] = page.data.groups as { id: string }[];
      await page.call('openForm', tap(first.id));
    },
  },
  staff(P, 'presidium', 'activities', 'subpackages/presidium/pages/activities/index'),
  {
    ...staff(P, 'presidium', 'activity-form', 'subpackages/presidium/pages/activities/index'),
    act: async (page) => {
      await page.call('openForm');
      await page.call('pickGroup', typed('1'));
      await page.call('typeTitle', typed('《代表法》学习培训'));
      await page.call('typePlace', typed('乡人大主席团会议室'));
    },
  },
  {
    // 修改活动: the scheduled 学习培训 in the schedule form's edit mode, a new place and a description typed
    ...staff(P, 'presidium', 'activity-edit', 'subpackages/presidium/pages/activities/index', () => ({
      edit: 'a_demo-activity-training',
    })),
    act: async (page) => {
      await page.call('typePlace', typed('乡政府三楼会议室'));
      await page.call('typeDescription', typed('请带上《代表法》学习资料，提前10分钟到场签到。'));
    },
    firstScreen: ['修改活动', '活动名称'],
  },
  staff(P, 'presidium', 'activity', 'subpackages/deputy/pages/activity/index', () => ({
    id: 'a_demo-activity-inspection',
  })),
  staff(P, 'presidium', 'activity-upcoming', 'subpackages/deputy/pages/activity/index', () => ({
    id: 'a_demo-activity-training',
  })),
  {
    ...staff(P, 'presidium', 'activity-close', 'subpackages/deputy/pages/activity/index', () => ({
      id: 'a_demo-activity-inspection',
    })),
    act: async (page) => {
      await page.call('openClose');
    },
  },
  staff(P, 'presidium', 'rectifications', 'subpackages/presidium/pages/rectifications/index'),
  staff(G, 'department', 'rectifications', 'subpackages/presidium/pages/rectifications/index'),
  // a group leader (王建国) schedules for his group: the same form, his groups only
  staff(D, 'deputy', 'activity-form', 'subpackages/presidium/pages/activities/index', () => ({ new: '1' })),
  {
    // 年度统计: this year, the whole township; the charts below the figures
    ...staff(P, 'presidium', 'figures', 'subpackages/presidium/pages/figures/index'),
    firstScreen: ['统计时段', '统计范围'],
  },
  {
    // one figure: its parts per breakdown, then its records
    ...staff(P, 'presidium', 'figure', 'subpackages/presidium/pages/figure/index', () => ({
      code: 'opinions.received',
      p: encodeURIComponent(JSON.stringify({ kind: 'year', year: chinaYear() })),
      s: encodeURIComponent(JSON.stringify({ kind: 'township' })),
    })),
    firstScreen: ['收集意见建议'],
  },
  staff(P, 'presidium', 'articles', 'subpackages/presidium/pages/articles/index'),
  staff(P, 'presidium', 'article-edit', 'subpackages/presidium/pages/articles/edit', (ids) => ({
    id: ids.articleId,
  })),
  staff(C, 'county', 'home', 'pages/home/index'),
  staff(C, 'county', 'townships', 'pages/county/index'),
  staff(C, 'county', 'cases', 'pages/county/cases', () => ({
    id: 'jingu',
    name: encodeURIComponent('金鼓乡'),
  })),
  staff(C, 'county', 'add', 'pages/county/add'),
  {
    // 节假日调整 from the county home: the county enters the calendar every township shares
    ...staff(C, 'county', 'holidays', 'subpackages/presidium/pages/holidays/index', () => ({ county: '1' })),
    township: null,
    firstScreen: [
      '办理时限按工作日计算。国家每年公布放假安排后，请在这里录入当年的放假和调休上班日期，全县各乡镇共用。',
      '上一年',
    ],
  },
  {
    // 法律知识 from the county home: the county's own articles, read in every township
    ...staff(C, 'county', 'articles', 'subpackages/presidium/pages/articles/index', () => ({ county: '1' })),
    township: null,
    firstScreen: ['县人大常委会发布的文章，全县各乡镇群众都能看到；期号单独编排。', '写新文章'],
  },
  {
    ...staff(C, 'county', 'article-edit', 'subpackages/presidium/pages/articles/edit', () => ({
      county: '1',
    })),
    township: null,
  },
  {
    // 新增乡镇 sent: the invite code of the new township's first presidium member.
    ...staff(C, 'county', 'add-done', 'pages/county/add'),
    act: async (page) => {
      const field = (name: string, value: string) =>
        page.call('onField', { currentTarget: { dataset: { field: name } }, ...typed(value) });
      await field('id', 'hexi');
      await field('name', '河西镇');
      await field('presidiumName', '赵明');
      await page.call('submit');
    },
  },
];

/** Every page of app.json, subpackages included. */
export function appPages(): string[] {
  const app = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM, 'app.json'), 'utf8')) as {
    pages: string[];
    subPackages?: { root: string; pages: string[] }[];
  };
  return [...app.pages, ...(app.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
}
