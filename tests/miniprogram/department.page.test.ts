/**
 * The department's pages (issue 12 §5) on real pages against a real local cloud: the home page's
 * 部门转办 door for demo-department (乡村建设办公室 staff), which asks for the next transferred-case
 * message; the inbox with the case 王建国 transferred; the case page with the transfer note and the
 * deadline; 答复 (refused blank, then sent: the case is answered) and 退回 with a reason (the case goes
 * back to the deputy).
 */
import { storedIdIn } from '../../local/township-writes';
import { TEMPLATES } from '../../core/notify/templates';
import type { LocalCloud } from '../../local/cloud';
import { openPage, wxCalls } from './support/page-harness';
import { signInAs, startPageCloud, tap, typed } from './support/page-cloud';

jest.setTimeout(30_000);

let cloud: LocalCloud;
const STAFF = 'demo-department';
const DEPUTY = 'demo-deputy-1';
const DEPARTMENT_TEMPLATES = [TEMPLATES.opinionAssigned.id];

let rid = 0;
async function ok<T>(fn: string, event: Record<string, unknown>, openid: string): Promise<T> {
  const res = await cloud.invoke<{ ok: boolean; data: T; error?: unknown }>(fn, event, { openid });
  if (!res.ok) throw new Error(`${fn}.${String(event.action)}: ${JSON.stringify(res.error)}`);
  return res.data;
}

/** A villager's case that 王建国 accepts and transfers to 乡村建设办公室 with a note. */
async function transferred(villager: string, text: string): Promise<string> {
  const { id } = await ok<{ id: string }>(
    'opinion',
    {
      action: 'submit',
      requestId: `dept-page-${++rid}`,
      stationCode: 'JG01',
      villageCode: 'jingu',
      categoryCode: 'road',
      anonymous: false,
      consentToPublish: false,
      text,
    },
    villager,
  );
  await ok('opinion', { action: 'accept', requestId: `dept-page-${++rid}`, opinionId: id }, DEPUTY);
  await ok(
    'opinion',
    {
      action: 'transfer',
      requestId: `dept-page-${++rid}`,
      opinionId: id,
      departmentId: 'build',
      note: '请乡村建设办公室派人查看',
    },
    DEPUTY,
  );
  return id;
}

const stored = (id: string) => cloud.store.get('opinions', id)?.doc as Record<string, unknown>;

beforeAll(async () => {
  cloud = await startPageCloud();
});
afterAll(() => cloud.stop());

describe('the presidium invites a department staff member, who binds on the home page', () => {
  it('issues the code on the department form; the code binds the WeChat to that department', async () => {
    signInAs(cloud, 'demo-presidium');
    const page = await openPage('subpackages/presidium/pages/categories/index');
    await page.call('editDepartment', tap('agri'));
    expect(page.text()).toContain('生成工作人员邀请码');
    await page.call('inviteStaff');
    expect(page.data.invite).toBeNull();
    await page.call('onStaffName', typed('孙丽'));
    await page.call('inviteStaff');
    const invite = page.data.invite as { code: string; forWhom: string };
    expect(invite.forWhom).toBe('乡农业综合服务中心工作人员孙丽');
    expect(page.text()).toContain(invite.code);

    signInAs(cloud, 'w-agri-page');
    const home = await openPage('pages/home/index');
    await home.call('toggleInvite');
    await home.call('onInviteCode', typed(invite.code));
    await home.call('redeemInvite');
    expect(home.data.inviteError).toBe('');
    expect(home.data).toMatchObject({ isDepartment: true, role: 'department' });
    expect(home.text()).toContain('部门转办');
    expect(cloud.store.get('users', storedIdIn('jingu', 'users', 'w-agri-page'))?.doc).toMatchObject({
      role: 'department',
      departmentId: 'agri',
      name: '孙丽',
    });
  });
});

describe('department pages', () => {
  let answerId = '';
  let handBackId = '';

  beforeAll(async () => {
    answerId = await transferred('villager-dept-page-1', '金鼓村二组的便民桥栏杆松了，过桥很危险');
    handBackId = await transferred('villager-dept-page-2', '金鼓村卫生室的药品不够用');
    signInAs(cloud, STAFF);
  });

  it('the home page shows the department its door, which asks for messages first', async () => {
    const home = await openPage('pages/home/index');
    await new Promise((r) => setTimeout(r, 50));
    expect(home.data).toMatchObject({ isDepartment: true, isDeputy: false, isPresidium: false });
    expect(home.text()).toContain('部门转办');
    expect(home.text()).toContain('赵建军（部门工作人员）');
    const from = wxCalls.length;
    await home.call('openDepartment');
    const calls = wxCalls.slice(from);
    expect(calls[0]).toEqual({
      api: 'requestSubscribeMessage',
      args: expect.objectContaining({ tmplIds: DEPARTMENT_TEMPLATES }),
    });
    expect(calls).toContainEqual({
      api: 'navigateTo',
      args: { url: '/subpackages/department/pages/inbox/index' },
    });
  });

  it('the inbox lists the transferred cases and opens one', async () => {
    const inbox = await openPage('subpackages/department/pages/inbox/index');
    expect(inbox.text()).toContain('乡村建设办公室');
    expect(inbox.text()).toContain('待本部门答复（2件）');
    expect(inbox.text()).toContain('金鼓村二组的便民桥栏杆松了');
    expect(inbox.text()).toContain('接收转办提醒');
    const from = wxCalls.length;
    await inbox.call('open', tap(answerId));
    const calls = wxCalls.slice(from);
    expect(calls[0]).toEqual({
      api: 'requestSubscribeMessage',
      args: expect.objectContaining({ tmplIds: DEPARTMENT_TEMPLATES }),
    });
    expect(calls).toContainEqual({
      api: 'navigateTo',
      args: { url: `/subpackages/department/pages/case/index?id=${answerId}` },
    });
  });

  it('the case page shows the matter, the transfer note and the deadline, and answers', async () => {
    const page = await openPage('subpackages/department/pages/case/index', { id: answerId });
    const text = page.text();
    expect(text).toContain('金鼓村二组的便民桥栏杆松了，过桥很危险');
    expect(text).toContain('转办说明：请乡村建设办公室派人查看');
    expect(text).toContain('王建国代表');
    expect(text).toMatch(/答复期限：\d{4}-\d{2}-\d{2}/);
    expect(text).toContain('退回（不属于本部门）');
    await page.call('startMode', { currentTarget: { dataset: { mode: 'answer' } } });
    await page.call('confirm');
    expect(page.data.formError).toBe('请填写答复内容');
    await page.call('onAnswer', typed('已派人加固便民桥栏杆，本周完工'));
    await page.call('confirm');
    expect(page.data.formError).toBe('');
    expect(page.data.view).toMatchObject({ status: 'replied', canAnswer: false });
    expect(page.text()).toContain('本部门的答复');
    expect(stored(answerId)).toMatchObject({ status: 'replied', answer: '已派人加固便民桥栏杆，本周完工' });
  });

  it('hands a misrouted case back with a reason; it goes back to the deputy', async () => {
    const page = await openPage('subpackages/department/pages/case/index', { id: handBackId });
    await page.call('startMode', { currentTarget: { dataset: { mode: 'handBack' } } });
    await page.call('confirm');
    expect(page.data.formError).toBe('退回时请写明原因，方便代表改转');
    await page.call('onReason', typed('卫生室归乡卫生院管理，请改转'));
    await page.call('confirm');
    expect(stored(handBackId)).toMatchObject({
      status: 'accepted',
      owner: { kind: 'deputies', deputyIds: ['d01'] },
    });
    // No longer the department's: the page says so instead of offering buttons.
    expect(page.data.errorMessage).toBe('这件意见没有转交给您所在的部门');
  });
});
