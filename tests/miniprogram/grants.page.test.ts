/**
 * Issue 12 §8 on the pages: the deputy's inbox and the villager's case page say 您还可以收到N条提醒 with
 * N from the server (account.mySubscriptions), and their button asks again (the dialog first in the
 * tap), reports the accepted tap (account.recordSubscriptions) and shows the new count. The presidium's
 * dashboard lists the open cases whose deputy holds no reminder, so the presidium phones them.
 */
import type { LocalCloud } from '../../local/cloud';
import { openPage } from './support/page-harness';
import { signInAs, startPageCloud, subscriptionDialogAnswers } from './support/page-cloud';

jest.setTimeout(30_000);

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startPageCloud();
});
afterAll(() => cloud.stop());

const DEPUTY = 'demo-deputy-1'; // d01: JG01 金鼓村 road cases are his
const VILLAGER = 'v-grants-page';
const PRESIDIUM = 'demo-presidium';

const grantDoc = (openid: string, template: string) =>
  cloud.store.get('subscriptionGrants', `${openid}:${template}`)?.doc as { count: number } | undefined;

const fileCase = async (text: string) => {
  const res = await cloud.invoke<{ ok: boolean; data: { id: string } }>(
    'opinion',
    {
      action: 'submit',
      requestId: `grants-page-${text.length}-${Date.now()}`,
      stationCode: 'JG01',
      villageCode: 'jingu',
      categoryCode: 'road',
      anonymous: false,
      consentToPublish: false,
      text,
    },
    { openid: VILLAGER },
  );
  expect(res.ok).toBe(true);
  return res.data.id;
};

describe('您还可以收到N条提醒', () => {
  let caseId: string;

  it('the deputy inbox shows the count from the server; the button asks again and shows the new count', async () => {
    signInAs(cloud, DEPUTY);
    subscriptionDialogAnswers('reject');
    const inbox = await openPage('subpackages/deputy/pages/inbox/index');
    expect(inbox.text()).toContain('您还可以收到0条提醒');
    await inbox.call('subscribe');
    expect(inbox.text()).toContain('您还可以收到0条提醒'); // refused in the dialog: nothing recorded
    subscriptionDialogAnswers('accept');
    await inbox.call('subscribe');
    expect(inbox.text()).toContain('您还可以收到1条提醒');
    expect(grantDoc(DEPUTY, 'opinionAssigned')?.count).toBe(1);
    expect(grantDoc(DEPUTY, 'opinionDeadline')?.count).toBe(1);
  });

  it('a new case uses the deputy’s grant; the inbox then says 0', async () => {
    caseId = await fileCase('金鼓村东头的桥栏杆断了，孩子上学不安全');
    expect(grantDoc(DEPUTY, 'opinionAssigned')?.count).toBe(0);
    const inbox = await openPage('subpackages/deputy/pages/inbox/index');
    expect(inbox.text()).toContain('您还可以收到0条提醒');
    expect(inbox.text()).toContain('接收新意见和期限提醒'); // the button that asks again
  });

  it('the presidium dashboard lists the case whose deputy holds no reminder', async () => {
    signInAs(cloud, PRESIDIUM);
    const board = await openPage('subpackages/presidium/pages/dashboard/index');
    expect(board.text()).toContain('代表收不到提醒');
    const listed = (board.data.noReminders as { id: string }[]).map((i) => i.id);
    expect(listed).toContain(caseId);
  });

  it('the villager’s case page shows their progress reminders and asks again', async () => {
    signInAs(cloud, VILLAGER);
    const page = await openPage('pages/opinions/case', { id: caseId });
    expect(page.text()).toContain('您还可以收到0条提醒');
    await page.call('subscribe');
    expect(page.text()).toContain('您还可以收到1条提醒');
    expect(grantDoc(VILLAGER, 'opinionProgress')?.count).toBe(1);
  });
});
