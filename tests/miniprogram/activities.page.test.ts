/**
 * Deputy groups and activities in the mini-program, against a real local cloud: the presidium makes a
 * group and schedules an activity for today from its pages; the invited deputy sees it in 我的活动 and
 * checks in by scanning its code; the presidium marks one more present from the list and closes it with
 * its record — the attendees' duty records follow — and records an office's fix of an inspection's finding;
 * the station page shows the group to villagers.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { chinaDate } from '../../core/calendar/china-time';
import type { LocalCloud } from '../../local/cloud';
import { signInAs, startPageCloud, tap, typed } from './support/page-cloud';
import { openPage, wxCalls } from './support/page-harness';

jest.setTimeout(60_000);
let cloud: LocalCloud;
const today = chinaDate(new Date());
let scanResult = '';

type Envelope<T> = { ok: boolean; data: T; error?: { code: string } };
async function asPresidium<T>(event: Record<string, unknown>): Promise<T> {
  const res = await cloud.invoke<Envelope<T>>('groups', event, { openid: 'demo-presidium' });
  if (!res.ok) throw new Error(`${String(event.action)}: ${JSON.stringify(res.error)}`);
  return res.data;
}

beforeAll(async () => {
  cloud = await startPageCloud();
  const w = wx as unknown as Record<string, unknown>;
  w.scanCode = (o: { success: (r: { result: string }) => void }) => {
    wxCalls.push({ api: 'scanCode', args: {} });
    o.success({ result: scanResult });
  };
  w.showModal = (o: { success: (r: { confirm: boolean }) => void }) => o.success({ confirm: true });
});
afterAll(() => cloud?.stop());

function dutyRecordsOf(activityId: string): string[] {
  return [...cloud.store.entries('dutyRecords').values()]
    .map((e) => e.doc as unknown as { deputyId: string; sourceRef?: string })
    .filter((d) => d.sourceRef === `activity:${activityId}`)
    .map((d) => d.deputyId)
    .sort();
}

describe('代表小组 (presidium)', () => {
  it('creates a group from the form and the station page shows it to villagers', async () => {
    signInAs(cloud, 'demo-presidium');
    const page = await openPage('subpackages/presidium/pages/groups/index');
    expect(page.text()).toContain('新建小组');
    await page.call('openForm');
    await page.call('save');
    expect(page.data.formError).toBe('请填写小组名称');
    await page.call('typeName', typed('页面测试代表小组'));
    await page.call('save');
    expect(page.data.formError).toBe('请至少选择一位成员，并从成员中选组长');
    await page.call('toggleMember', tap('d01'));
    await page.call('toggleMember', tap('d02'));
    await page.call('toggleVillage', tap('jingu'));
    await page.call('save');
    expect(page.data.showForm).toBe(false);
    expect(page.text()).toContain('页面测试代表小组');
    expect(page.text()).toContain('组长：王建国');
    const { groups } = await asPresidium<{ groups: { name: string; leader: { id: string } }[] }>({
      action: 'listGroups',
    });
    expect(groups.find((g) => g.name === '页面测试代表小组')?.leader.id).toBe('d01');

    signInAs(cloud, 'demo-villager');
    const station = await openPage('pages/station/index', { code: 'JG01' });
    expect(station.text()).toContain('代表小组');
    expect(station.text()).toContain('页面测试代表小组');
    expect(station.text()).toContain('组长：王建国');
  });
});

describe('代表活动: scheduled, checked in by scan, marked from the list, closed', () => {
  let activityId = '';

  it('the presidium schedules an activity for today from the form', async () => {
    signInAs(cloud, 'demo-presidium');
    const page = await openPage('subpackages/presidium/pages/activities/index');
    await page.call('openForm');
    await page.call('typeTitle', typed('页面测试学习培训'));
    await page.call('schedule');
    expect(page.data.formError).toBe('请填写活动地点');
    await page.call('typePlace', typed('乡人大主席团会议室'));
    await page.call('pickDate', typed(today));
    await page.call('toggleInvitee', tap('d01'));
    await page.call('toggleInvitee', tap('d02'));
    await page.call('toggleInvitee', tap('d03'));
    await page.call('schedule');
    expect(page.data.formError).toBe('');
    const opened = wxCalls.filter((c) => c.api === 'navigateTo').pop()?.args as { url: string };
    activityId = /id=(a_[^&]+)/.exec(opened.url)?.[1] ?? '';
    expect(activityId).toMatch(/^a_/);
    const a = await asPresidium<{ date: string; inviteeCount: number; status: string }>({
      action: 'getActivity',
      activityId,
    });
    expect(a).toMatchObject({ date: today, inviteeCount: 3, status: 'scheduled' });
    expect(page.text()).toContain('页面测试学习培训');
  });

  it('the invited deputy sees it today and checks in by scanning its code', async () => {
    const { checkInQr } = await asPresidium<{ checkInQr: string }>({ action: 'getActivity', activityId });
    signInAs(cloud, 'demo-deputy-1');
    const page = await openPage('subpackages/deputy/pages/activities/index');
    const upcoming = page.data.upcoming as { id: string; today: boolean }[];
    expect(upcoming.find((a) => a.id === activityId)?.today).toBe(true);
    expect(page.text()).toContain('页面测试学习培训');

    scanResult = 'not-an-activity-code';
    const before = wxCalls.length;
    await page.call('scan');
    const said = wxCalls.slice(before).find((c) => c.api === 'showToast')?.args as { title: string };
    expect(said.title).toMatch(/[\u4e00-\u9fa5]/);
    expect((page.data.attended as { id: string }[]).some((a) => a.id === activityId)).toBe(false);

    scanResult = checkInQr;
    await page.call('scan');
    const attended = page.data.attended as { id: string; note: string }[];
    expect(attended.find((a) => a.id === activityId)?.note).toBe('已签到，活动结束后计入履职');
    expect(dutyRecordsOf(activityId)).toEqual([]);
  });

  it('the presidium marks one more present, closes it, and the attendees get duty records', async () => {
    signInAs(cloud, 'demo-presidium');
    const page = await openPage('subpackages/deputy/pages/activity/index', { id: activityId });
    expect(page.text()).toContain('签到码');
    // the QR image shown for the screen decodes to the code the deputy's scan sends
    const { checkInQr } = await asPresidium<{ checkInQr: string }>({ action: 'getActivity', activityId });
    const png = PNG.sync.read(
      Buffer.from(String(page.data.qrImage).replace(/^data:image\/png;base64,/, ''), 'base64'),
    );
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(checkInQr);
    expect(page.text()).toMatch(/王建国\s*已扫码签到/);
    expect(page.text()).toMatch(/李秀英\s*未签到/);
    await page.call('toggleMark', tap('d02'));
    expect(page.data.marksChanged).toBe(true);
    await page.call('saveMarks');
    expect(page.data.presentCount).toBe(2);
    expect(page.text()).toMatch(/李秀英\s*已到会/);

    await page.call('openClose');
    await page.call('closeActivity');
    expect(page.data.formError).toBe('请填写活动情况');
    await page.call('typeSummary', typed('学习了《代表法》，交流了联系群众的做法。'));
    await page.call('typePeople', typed('5'));
    await page.call('closeActivity');
    expect(page.data.formError).toBe('');
    expect((page.data.activity as { status: string }).status).toBe('closed');
    expect(page.text()).toContain('学习了《代表法》');
    expect(dutyRecordsOf(activityId)).toEqual(['d01', 'd02']);

    // The deputy's list now says it counted.
    signInAs(cloud, 'demo-deputy-1');
    const mine = await openPage('subpackages/deputy/pages/activities/index');
    const attended = mine.data.attended as { id: string; note: string }[];
    expect(attended.find((a) => a.id === activityId)?.note).toBe('已计入履职登记');

    // Villagers see it on its station's page.
    const { stationCode } = await asPresidium<{ stationCode: string }>({ action: 'getActivity', activityId });
    signInAs(cloud, 'demo-villager');
    const station = await openPage('pages/station/index', { code: stationCode });
    expect(station.text()).toContain('代表活动');
    expect(station.text()).toContain('页面测试学习培训');
    expect(station.text()).toContain('2位代表参加');

    // A name added after the close is credited at once, and the page says so.
    signInAs(cloud, 'demo-presidium');
    const again = await openPage('subpackages/deputy/pages/activity/index', { id: activityId });
    await again.call('toggleMark', tap('d03'));
    const before = wxCalls.length;
    await again.call('saveMarks');
    const said = wxCalls.slice(before).find((c) => c.api === 'showToast')?.args as { title: string };
    expect(said.title).toBe('已补记，已计入履职记录');
    expect(dutyRecordsOf(activityId)).toEqual(['d01', 'd02', 'd03']);
    // Re-opening the record form sends only new matters: none are carried over.
    await again.call('openClose');
    expect(again.data.matters).toEqual([]);
  });
});

describe('代表活动 of a group, scheduled by its leader', () => {
  it('opens the form for the leader (his groups only) and not for a deputy who leads none', async () => {
    signInAs(cloud, 'demo-deputy-2');
    const none = await openPage('subpackages/presidium/pages/activities/index', { new: '1' });
    expect(none.data.showForm).toBe(false);
    expect(none.data.canOrganise).toBe(false);

    signInAs(cloud, 'demo-deputy-1');
    const page = await openPage('subpackages/presidium/pages/activities/index', { new: '1' });
    expect(page.data.showForm).toBe(true);
    const options = page.data.groupOptions as { id: string; name: string }[];
    expect(options.length).toBeGreaterThan(0);
    expect(options.every((g) => g.id)).toBe(true); // no 不限小组 for a leader
    const mine = options.findIndex((g) => g.name === '页面测试代表小组');
    await page.call('pickGroup', typed(String(mine)));
    const chosen = (page.data.invitees as { id: string; chosen: boolean }[]).filter((d) => d.chosen);
    expect(chosen.map((d) => d.id).sort()).toEqual(['d01', 'd02']);
    await page.call('typeTitle', typed('页面测试小组活动'));
    await page.call('typePlace', typed('金鼓村村委会'));
    await page.call('schedule');
    expect(page.data.formError).toBe('');
    const opened = wxCalls.filter((c) => c.api === 'navigateTo').pop()?.args as { url: string };
    const id = /id=(a_[^&]+)/.exec(opened.url)?.[1] ?? '';
    const a = await asPresidium<{ groupName: string; inviteeCount: number; organiserLabel: string }>({
      action: 'getActivity',
      activityId: id,
    });
    expect(a).toMatchObject({ groupName: '页面测试代表小组', inviteeCount: 2 });
  });
});

describe('整改事项 (presidium)', () => {
  it('lists an inspection finding and records a fix; the office reports its own', async () => {
    const requestId = 'page-test-inspection';
    const a = await asPresidium<{ id: string; checkInQr: string }>({
      action: 'scheduleActivity',
      requestId,
      kind: 'inspection',
      title: '页面测试集中视察',
      stationCode: 'JG01',
      date: today,
      start: '00:00',
      end: '23:59',
      place: '金鼓河',
      inviteeIds: ['d01'],
    });
    await asPresidium({ action: 'markAttendance', activityId: a.id, present: ['d01'] });
    const deadline = chinaDate(new Date(Date.now() + 20 * 86_400_000));
    await asPresidium({
      action: 'closeActivity',
      requestId: `${requestId}-close`,
      activityId: a.id,
      summary: '视察了金鼓河河道。',
      findings: [
        { text: '页面测试护栏破损', departmentId: 'build', deadline },
        { text: '页面测试垃圾清运', departmentId: 'build', deadline },
      ],
    });

    signInAs(cloud, 'demo-presidium');
    const page = await openPage('subpackages/presidium/pages/rectifications/index');
    expect(page.text()).toContain('页面测试护栏破损');
    await page.call('pickFilter', tap('fixed'));
    expect(page.text()).not.toContain('页面测试护栏破损');
    await page.call('pickFilter', tap('open'));
    const item = (page.data.items as { id: string; text: string }[]).find(
      (i) => i.text === '页面测试护栏破损',
    );
    expect(item).toBeDefined();
    await page.call('openFix', tap(item!.id));
    await page.call('typeNote', typed('已更换护栏。'));
    await page.call('saveFix');
    await page.call('pickFilter', tap('fixed'));
    expect(page.text()).toContain('页面测试护栏破损');
    expect(page.text()).toContain('已更换护栏。');

    // The office itself (乡村建设办公室's staff) reports the other one fixed, without the activity's page.
    signInAs(cloud, 'demo-department');
    const office = await openPage('subpackages/presidium/pages/rectifications/index');
    expect(office.data.isDepartment).toBe(true);
    const other = (office.data.items as { id: string; text: string; status: string }[]).find(
      (i) => i.text === '页面测试垃圾清运',
    );
    expect(other?.status).toBe('open');
    expect(office.text()).toContain('已整改，报告给主席团');
    await office.call('openFix', tap(other!.id));
    await office.call('saveFix');
    expect(office.data.fixing).toBe(other!.id); // no note: nothing sent
    await office.call('typeNote', typed('已安排每周清运两次。'));
    await office.call('saveFix');
    expect(office.data.fixing).toBe('');
    const { items } = await asPresidium<{ items: { text: string; status: string; fixedByLabel: string }[] }>({
      action: 'listRectifications',
    });
    expect(items.find((i) => i.text === '页面测试垃圾清运')?.status).toBe('fixed');
  });
});
