/**
 * Journey (issue 12 §5): departments close their own loop. The presidium invites a staff member of
 * 乡农业综合服务中心 (agri); a villager's matter reaches 王建国 (d01), who transfers it there with a note;
 * the department's staff, told by subscribe message, sees it in their inbox, answers it (content-checked),
 * the deputy and the villager see the answer; the villager rates 不满意 and the case goes back to the
 * deputy who transferred it, who can act. A misrouted case is handed back with a reason; the deputy sees
 * the reason and can act. Staff of another department (demo-department, 乡村建设办公室) see none of it.
 */
import { demoCloud, expectError, type DemoCloud, unwrap as data, type Envelope } from './support';

let cloud: DemoCloud;
beforeAll(async () => {
  cloud = await demoCloud(new Date('2026-11-16T02:00:00.000Z'));
});
afterAll(() => cloud.stop());

const AT = '2026-11-16T02:00:00.000Z'; // a Monday
const PRESIDIUM = 'demo-presidium';
const DEPUTY = 'demo-deputy-1'; // 王建国, d01, 金鼓村
const VILLAGER = 'v-journey-departments';
const STAFF = 'w-agri-staff'; // 孙丽's WeChat, bound by invite
const OTHER_DEPARTMENT = 'demo-department'; // 乡村建设办公室

let rid = 0;
const requestId = () => `departments-rq-${++rid}`;

interface DepartmentCase {
  role: 'department';
  id: string;
  status: string;
  statusLabel: string;
  text: string;
  villageName: string;
  contactName: string | null;
  contactPhone: string | null;
  departmentName: string;
  transferNote: string | null;
  transferredBy: string | null;
  answerBy: string;
  answer: string | null;
  canAnswer: boolean;
  canHandBack: boolean;
}
interface Inbox {
  departmentName: string;
  open: { id: string; excerpt: string; statusLabel: string; answerBy: string }[];
  earlier: { id: string; statusLabel: string }[];
}
interface StaffView {
  status: string;
  answer: string | null;
  owner: { kind: string; deputyIds?: string[] };
  commands: string[];
  timeline: { type: string; note: string | null }[];
}
interface Message {
  openid: string;
  template: string;
  page: string;
  data: Record<string, { value: string }>;
}

const dept = <T>(openid: string, action: string, payload: object = {}): Promise<Envelope<T>> =>
  cloud.call<T>('department', { action, ...payload }, openid, AT);
const opinion = <T>(openid: string, action: string, payload: object = {}): Promise<Envelope<T>> =>
  cloud.call<T>('opinion', { action, ...payload }, openid, AT);
const deputyAct = (action: string, opinionId: string, extra: object = {}) =>
  opinion<StaffView>(DEPUTY, action, { requestId: requestId(), opinionId, ...extra });
const messagesTo = (openid: string, id: string): Message[] =>
  [...cloud.store.entries('outbox').values()]
    .map((e) => e.doc as unknown as Message)
    .filter((m) => m.openid === openid && m.page.endsWith(`?id=${id}&t=jingu`));

async function submitAndTransfer(text: string, note: string): Promise<string> {
  const { id } = data(
    await opinion<{ id: string }>(VILLAGER, 'submit', {
      requestId: requestId(),
      stationCode: 'JG01',
      villageCode: 'jingu',
      categoryCode: 'road',
      anonymous: false,
      consentToPublish: false,
      text,
      contact: { name: '张大爷', phone: '13912345678' },
    }),
  );
  const inbox = data(await opinion<{ open: { id: string }[] }>(DEPUTY, 'inbox'));
  expect(inbox.open.map((c) => c.id)).toContain(id);
  data(await deputyAct('accept', id));
  const moved = data(await deputyAct('transfer', id, { departmentId: 'agri', note }));
  expect(moved.status).toBe('transferred');
  return id;
}

describe('§5 a department staff member is bound by invite', () => {
  it('the presidium invites for a department; the code binds the WeChat to that department', async () => {
    const invite = (payload: object) =>
      cloud.call<{ code: string; role: string }>(
        'account',
        { action: 'createInvite', role: 'department', name: '孙丽', ...payload },
        PRESIDIUM,
        AT,
      );
    expectError(await invite({}), 'BAD_INPUT');
    expectError(await invite({ departmentId: 'nope' }), 'DEPARTMENT_NOT_FOUND');
    const { code, role } = data(await invite({ departmentId: 'agri' }));
    expect(role).toBe('department');
    const bound = data(
      await cloud.call<{ role: string; roleLabel: string }>(
        'account',
        { action: 'redeemInvite', code },
        STAFF,
        AT,
      ),
    );
    expect(bound).toMatchObject({ role: 'department', roleLabel: '部门工作人员' });
    const me = data(await cloud.call<Record<string, unknown>>('account', { action: 'whoami' }, STAFF, AT));
    expect(me).toMatchObject({
      role: 'department',
      roleLabel: '部门工作人员',
      name: '孙丽',
      departmentId: 'agri',
    });
    // Like any staff member they are a villager too: their own opinions and bookings.
    expect(data(await opinion<unknown[]>(STAFF, 'mine'))).toEqual([]);
    expect(await cloud.call('booking', { action: 'mine' }, STAFF, AT)).toMatchObject({ ok: true });
    // Only a department's staff reach the department's door.
    expectError(await dept(DEPUTY, 'inbox'), 'FORBIDDEN');
    expectError(await dept(VILLAGER, 'inbox'), 'FORBIDDEN');
  });
});

describe('§5 transfer → department answers → 不满意 goes back to the deputy', () => {
  let id = '';

  it('the department sees the transferred case in its inbox and is messaged', async () => {
    const before = data(await dept<Inbox>(STAFF, 'inbox'));
    expect(before.departmentName).toBe('乡农业综合服务中心');
    id = await submitAndTransfer('金鼓村三组的灌溉渠堵了，秧田放不进水', '请农业服务中心派人疏通水渠');
    const inbox = data(await dept<Inbox>(STAFF, 'inbox'));
    expect(inbox.open).toEqual([
      expect.objectContaining({
        id,
        excerpt: '金鼓村三组的灌溉渠堵了，秧田放不进水',
        statusLabel: '部门办理中',
      }),
    ]);
    const told = messagesTo(STAFF, id);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      template: 'opinionAssigned',
      page: `subpackages/department/pages/case/index?id=${id}&t=jingu`,
    });
    expect(told[0].data.thing4.value).toMatch(/^代表转办，请\d{4}-\d{2}-\d{2}前答复$/);
    // Another department neither sees it nor is told.
    const other = data(await dept<Inbox>(OTHER_DEPARTMENT, 'inbox'));
    expect(other.open.map((c) => c.id)).not.toContain(id);
    expect(messagesTo(OTHER_DEPARTMENT, id)).toEqual([]);
    expectError(await dept(OTHER_DEPARTMENT, 'get', { opinionId: id }), 'NOT_YOUR_DEPARTMENT');
  });

  it('the case shows the matter as deputies see it, the transfer note and the deadline', async () => {
    const view = data(await dept<DepartmentCase>(STAFF, 'get', { opinionId: id }));
    expect(view).toMatchObject({
      role: 'department',
      status: 'transferred',
      text: '金鼓村三组的灌溉渠堵了，秧田放不进水',
      villageName: '金鼓村',
      contactName: '张大爷',
      departmentName: '乡农业综合服务中心',
      transferNote: '请农业服务中心派人疏通水渠',
      transferredBy: '王建国代表',
      canAnswer: true,
      canHandBack: true,
      answer: null,
    });
    // The phone is masked: the deputy calls the villager back, not the department.
    expect(view.contactPhone).not.toBe('13912345678');
    expect(view.contactPhone).toMatch(/\*/);
    expect(view.answerBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('a risky or blank answer is refused and changes nothing; a clean one goes back to the deputy', async () => {
    const answer = (text: string) =>
      dept<DepartmentCase>(STAFF, 'answer', { requestId: requestId(), opinionId: id, answer: text });
    expectError(await answer('  '), 'ANSWER_REQUIRED');
    expectError(await answer('有需要代开发票的可以加我微信'), 'ANSWER_RISKY');
    expectError(
      await dept(OTHER_DEPARTMENT, 'answer', { requestId: requestId(), opinionId: id, answer: '已处理' }),
      'NOT_YOUR_DEPARTMENT',
    );
    expect(data(await dept<DepartmentCase>(STAFF, 'get', { opinionId: id })).status).toBe('transferred');
    const done = data(await answer('已派农技员疏通三组灌溉渠，明天可以放水'));
    expect(done).toMatchObject({
      status: 'replied',
      answer: '已派农技员疏通三组灌溉渠，明天可以放水',
      canAnswer: false,
    });
    const inbox = data(await dept<Inbox>(STAFF, 'inbox'));
    expect(inbox.open.map((c) => c.id)).not.toContain(id);
    expect(inbox.earlier).toEqual([expect.objectContaining({ id, statusLabel: '已答复' })]);
  });

  it('the deputy is told and sees the answer; the villager sees who answered', async () => {
    const told = messagesTo(DEPUTY, id).filter((m) => m.data.thing4.value.startsWith('部门已答复'));
    expect(told).toHaveLength(1);
    const seen = data(await opinion<StaffView>(DEPUTY, 'get', { opinionId: id }));
    expect(seen).toMatchObject({ status: 'replied', answer: '已派农技员疏通三组灌溉渠，明天可以放水' });
    expect(seen.commands).toContain('resolve');
    const villager = data(
      await opinion<{ timeline: { text: string }[] }>(VILLAGER, 'get', { opinionId: id }),
    );
    expect(villager.timeline.map((t) => t.text)).toContain(
      '乡农业综合服务中心已答复：已派农技员疏通三组灌溉渠，明天可以放水',
    );
  });

  it('不满意 sends the case back to the deputy who transferred it, who can act', async () => {
    expect(data(await deputyAct('resolve', id)).status).toBe('resolved');
    const rated = data(
      await opinion<{ status: string }>(VILLAGER, 'rate', {
        requestId: requestId(),
        opinionId: id,
        rating: 'unsatisfied',
        comment: '水还是放不进来',
      }),
    );
    expect(rated.status).toBe('accepted');
    const seen = data(await opinion<StaffView>(DEPUTY, 'get', { opinionId: id }));
    expect(seen).toMatchObject({ status: 'accepted', owner: { kind: 'deputies', deputyIds: ['d01'] } });
    expect(seen.commands).toEqual(expect.arrayContaining(['reply', 'transfer']));
    expect(messagesTo(DEPUTY, id).some((m) => m.data.thing4.value.startsWith('群众不满意'))).toBe(true);
    const inbox = data(await opinion<{ open: { id: string }[] }>(DEPUTY, 'inbox'));
    expect(inbox.open.map((c) => c.id)).toContain(id);
    // No longer the department's: it neither lists it nor may open it.
    const deptInbox = data(await dept<Inbox>(STAFF, 'inbox'));
    expect([...deptInbox.open, ...deptInbox.earlier].map((c) => c.id)).not.toContain(id);
    expectError(await dept(STAFF, 'get', { opinionId: id }), 'NOT_YOUR_DEPARTMENT');
    // The deputy acts: a new answer and 办结.
    const again = data(await deputyAct('resolve', id, { answer: '已协调机械清淤，水渠已通' }));
    expect(again.status).toBe('resolved');
  });
});

describe('§5 the department hands a misrouted case back with a reason', () => {
  it('the deputy sees the reason and can act', async () => {
    const id = await submitAndTransfer('村口的路灯坏了好几盏', '请农业服务中心处理');
    const handBack = (openid: string, reason: string) =>
      dept<{ handedBack: boolean; status: string }>(openid, 'handBack', {
        requestId: requestId(),
        opinionId: id,
        reason,
      });
    expectError(await handBack(STAFF, ' '), 'HANDBACK_REASON_REQUIRED');
    expectError(await handBack(OTHER_DEPARTMENT, '不归我们'), 'NOT_YOUR_DEPARTMENT');
    const back = data(await handBack(STAFF, '路灯归乡村建设办公室管，请改转该办'));
    expect(back).toMatchObject({ handedBack: true, status: 'accepted' });
    const seen = data(await opinion<StaffView>(DEPUTY, 'get', { opinionId: id }));
    expect(seen).toMatchObject({ status: 'accepted', owner: { kind: 'deputies', deputyIds: ['d01'] } });
    expect(seen.timeline).toContainEqual(
      expect.objectContaining({ type: 'departmentHandedBack', note: '路灯归乡村建设办公室管，请改转该办' }),
    );
    expect(seen.commands).toEqual(expect.arrayContaining(['reply', 'transfer']));
    expect(messagesTo(DEPUTY, id).some((m) => m.data.thing4.value.startsWith('部门退回'))).toBe(true);
    const villager = data(
      await opinion<{ timeline: { text: string }[] }>(VILLAGER, 'get', { opinionId: id }),
    );
    expect(villager.timeline.map((t) => t.text)).toContain('已转回代表继续办理');
    expect(data(await dept<Inbox>(STAFF, 'inbox')).open.map((c) => c.id)).not.toContain(id);
    // The deputy transfers it on to the right department, whose staff is told.
    const moved = data(await deputyAct('transfer', id, { departmentId: 'build', note: '路灯维修' }));
    expect(moved.status).toBe('transferred');
    expect(messagesTo(OTHER_DEPARTMENT, id)).toHaveLength(1);
    expect(data(await dept<Inbox>(OTHER_DEPARTMENT, 'inbox')).open.map((c) => c.id)).toContain(id);
  });
});
