/**
 * Editing an activity in the mini-program, against a real local cloud: the group leader's activity page
 * offers 修改活动 → the schedule form opens in its edit mode, prefilled (kind and group shown, not
 * changed) → he moves it, changes the place and the invitees, adds a description → back on the activity
 * → the newly invited deputy's 我的活动 shows the new day and place with 时间地点有变更, the removed one's
 * outbox says 无需参加. Someone else's edit meanwhile: the form reloads the latest and says so. A closed
 * activity's edit link says it can no longer change.
 */
import { chinaDate } from '../../core/calendar/china-time';
import type { LocalCloud } from '../../local/cloud';
import { signInAs, startPageCloud, tap, typed } from './support/page-cloud';
import { openPage, wxCalls } from './support/page-harness';

jest.setTimeout(60_000);
let cloud: LocalCloud;
const dayAfter = (n: number) => chinaDate(new Date(Date.now() + n * 86_400_000));

type Envelope<T> = { ok: boolean; data: T; error?: { code: string } };
async function as<T>(openid: string, event: Record<string, unknown>): Promise<T> {
  const res = await cloud.invoke<Envelope<T>>('groups', event, { openid });
  if (!res.ok) throw new Error(`${String(event.action)}: ${JSON.stringify(res.error)}`);
  return res.data;
}
const outbox = () =>
  [...cloud.store.entries('outbox').values()].map(
    (e) => e.doc as unknown as { _id: string; openid: string; data: Record<string, { value: string }> },
  );

let activityId = '';
/** The button's label (not 修改活动记录, the close form's). */
const EDIT_BUTTON = /修改活动(?!记录)/;

beforeAll(async () => {
  cloud = await startPageCloud();
  const group = await as<{ id: string }>('demo-presidium', {
    action: 'saveGroup',
    requestId: 'page-edit-group',
    name: '修改测试代表小组',
    stationCode: 'JG01',
    leaderId: 'd01',
    memberIds: ['d01', 'd02', 'd03'],
    villageCodes: ['jingu'],
  });
  const a = await as<{ id: string }>('demo-deputy-1', {
    action: 'scheduleActivity',
    requestId: 'page-edit-activity',
    kind: 'groupActivity',
    title: '修改测试小组活动',
    groupId: group.id,
    date: dayAfter(3),
    start: '14:30',
    end: '16:30',
    place: '金鼓乡人大代表之家',
    inviteeIds: ['d01', 'd02'],
  });
  activityId = a.id;
});
afterAll(() => cloud?.stop());

describe('修改活动 (the organiser)', () => {
  it('the activity page offers 修改活动, opening the schedule form in its edit mode', async () => {
    signInAs(cloud, 'demo-deputy-1');
    const page = await openPage('subpackages/deputy/pages/activity/index', { id: activityId });
    expect(page.text()).toMatch(EDIT_BUTTON);
    await page.call('openEdit');
    const opened = wxCalls.filter((c) => c.api === 'navigateTo').pop()?.args as { url: string };
    expect(opened.url).toBe(`/subpackages/presidium/pages/activities/index?edit=${activityId}`);

    // an invitee sees no such button
    signInAs(cloud, 'demo-deputy-2');
    const invitee = await openPage('subpackages/deputy/pages/activity/index', { id: activityId });
    expect(invitee.text()).not.toMatch(EDIT_BUTTON);
  });

  it('is prefilled, sends the changes, goes back; the deputies see the new day and place', async () => {
    signInAs(cloud, 'demo-deputy-1');
    const form = await openPage('subpackages/presidium/pages/activities/index', { edit: activityId });
    expect(form.data).toMatchObject({
      showForm: true,
      title: '修改测试小组活动',
      date: dayAfter(3),
      start: '14:30',
      place: '金鼓乡人大代表之家',
    });
    expect(form.text()).toContain('修改活动');
    expect(form.text()).toContain('小组活动'); // the kind, shown
    expect(form.text()).toContain('修改测试代表小组'); // the group, shown
    expect(form.text()).toContain('保存修改');
    const chosen = () =>
      (form.data.invitees as { id: string; chosen: boolean }[]).filter((d) => d.chosen).map((d) => d.id);
    expect(chosen().sort()).toEqual(['d01', 'd02']);

    await form.call('typePlace', typed(' '));
    await form.call('schedule');
    expect(form.data.formError).toBe('请填写活动地点');
    await form.call('typePlace', typed('金鼓村村委会二楼'));
    await form.call('pickDate', typed(dayAfter(4)));
    await form.call('pickStart', typed('09:00'));
    await form.call('pickEnd', typed('11:00'));
    await form.call('typeDescription', typed('请带上本季度走访记录。'));
    await form.call('toggleInvitee', tap('d02'));
    await form.call('toggleInvitee', tap('d03'));
    expect(chosen().sort()).toEqual(['d01', 'd03']);
    const before = wxCalls.length;
    await form.call('schedule');
    expect(form.data.formError).toBe('');
    const after = wxCalls.slice(before);
    expect(after.find((c) => c.api === 'showToast')?.args).toMatchObject({ title: '已修改，已通知相关代表' });
    expect(after.some((c) => c.api === 'navigateBack')).toBe(true);

    const a = await as<{ date: string; start: string; place: string; description: string; revision: number }>(
      'demo-presidium',
      { action: 'getActivity', activityId },
    );
    expect(a).toMatchObject({
      date: dayAfter(4),
      start: '09:00',
      place: '金鼓村村委会二楼',
      description: '请带上本季度走访记录。',
      revision: 1,
    });
    const told = outbox().filter((m) => m._id.startsWith(`msg:activity:${activityId}:r1:`));
    expect(told.map((m) => [m.openid, m.data.phrase4.value]).sort()).toEqual([
      ['demo-deputy-1', '活动已变更'],
      ['demo-deputy-2', '无需参加'],
      ['demo-deputy-3', '邀请参加'],
    ]);

    // The organiser's page, read again on return, shows the change and the description.
    const back = await openPage('subpackages/deputy/pages/activity/index', { id: activityId });
    expect(back.text()).toContain('金鼓村村委会二楼');
    expect(back.text()).toContain('说明：请带上本季度走访记录。');

    // The newly invited deputy's 我的活动: the new day and place, marked as changed.
    signInAs(cloud, 'demo-deputy-3');
    const mine = await openPage('subpackages/deputy/pages/activities/index');
    const row = (mine.data.upcoming as { id: string; date: string; place: string; changed: boolean }[]).find(
      (x) => x.id === activityId,
    );
    expect(row).toMatchObject({ date: dayAfter(4), place: '金鼓村村委会二楼', changed: true });
    expect(mine.text()).toContain('时间地点有变更');
    // The removed deputy's list no longer has it.
    signInAs(cloud, 'demo-deputy-2');
    const theirs = await openPage('subpackages/deputy/pages/activities/index');
    expect((theirs.data.upcoming as { id: string }[]).some((x) => x.id === activityId)).toBe(false);
  });

  it('reloads the latest when someone else edited it meanwhile, and says so', async () => {
    signInAs(cloud, 'demo-deputy-1');
    const form = await openPage('subpackages/presidium/pages/activities/index', { edit: activityId });
    const loaded = await as<Record<string, unknown> & { invitees: { id: string }[] }>('demo-presidium', {
      action: 'getActivity',
      activityId,
    });
    await as('demo-presidium', {
      action: 'updateActivity',
      requestId: 'page-edit-presidium',
      activityId,
      revision: loaded.revision,
      title: loaded.title,
      date: loaded.date,
      start: loaded.start,
      end: loaded.end,
      place: '乡政府三楼会议室',
      description: loaded.description,
      inviteeIds: loaded.invitees.map((i) => i.id),
    });
    await form.call('typeTitle', typed('修改测试小组活动（第二次）'));
    await form.call('schedule');
    expect(form.data.formError).toBe('这项活动刚被其他人修改过，已显示最新内容，请核对后再保存');
    expect(form.data.place).toBe('乡政府三楼会议室');
    expect((form.data.editing as { revision: number }).revision).toBe(2);
  });

  it('a closed activity can no longer be edited: no button, and the form says why', async () => {
    const today = chinaDate(new Date());
    const a = await as<{ id: string }>('demo-presidium', {
      action: 'scheduleActivity',
      requestId: 'page-edit-closed',
      kind: 'training',
      title: '修改测试学习培训',
      stationCode: 'JG01',
      date: today,
      start: '00:00',
      end: '23:59',
      place: '乡人大主席团会议室',
      inviteeIds: ['d01'],
    });
    await as('demo-presidium', {
      action: 'closeActivity',
      requestId: 'page-edit-closed-close',
      activityId: a.id,
      summary: '学习了《代表法》。',
    });
    signInAs(cloud, 'demo-presidium');
    const page = await openPage('subpackages/deputy/pages/activity/index', { id: a.id });
    expect(page.text()).not.toMatch(EDIT_BUTTON); // 修改活动记录 is the record's
    const form = await openPage('subpackages/presidium/pages/activities/index', { edit: a.id });
    expect(form.data.errorMessage).toBe('这项活动已经结束或取消，不能再修改');
    expect(form.text()).toContain('不能再修改');
  });
});
