/**
 * 接口密钥 (subpackages/presidium/pages/api-keys): the presidium issues a key for the county's 12345
 * hotline — shown once, with a copy button — sees it in the list without the key itself, and revokes it.
 */
import type { LocalCloud } from '../../local/cloud';
import { openPage, requestsSettled, wxCalls } from './support/page-harness';
import { signInAs, startPageCloud } from './support/page-cloud';

let cloud: LocalCloud;
const w = wx as unknown as Record<string, unknown>;

beforeAll(async () => {
  cloud = await startPageCloud();
  w.showModal = (o: WechatMiniprogram.ShowModalOption) => {
    wxCalls.push({ api: 'showModal', args: { title: o.title, content: o.content } });
    o.success?.({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never);
  };
  w.setClipboardData = (o: WechatMiniprogram.SetClipboardDataOption) => {
    wxCalls.push({ api: 'setClipboardData', args: { data: o.data } });
    (o.success as ((r: unknown) => void) | undefined)?.({ errMsg: 'setClipboardData:ok' });
  };
});

afterAll(() => cloud.stop());

it('issues a key shown once, lists it without the key, and revokes it', async () => {
  signInAs(cloud, 'demo-presidium');
  const page = await openPage('subpackages/presidium/pages/api-keys/index');
  expect(page.text()).toContain('发放新密钥');

  await page.call('issue');
  expect(page.data.formError).toContain('系统名称');

  await page.call('onField', {
    currentTarget: { dataset: { field: 'name' } },
    detail: { value: '县12345热线' },
  });
  await page.call('issue');
  await requestsSettled();
  const issued = page.data.issued as { token: string } | null;
  expect(issued?.token).toMatch(/^o311_[a-f0-9]{16}_/);
  expect(page.text()).toContain('密钥只显示这一次');
  expect(page.text()).toContain(issued!.token);

  await page.call('copyKey');
  expect(wxCalls.find((c) => c.api === 'setClipboardData')?.args).toEqual({ data: issued!.token });

  const rows = page.data.rows as { id: string; name: string; active: boolean; channelLabel: string }[];
  const row = rows.find((r) => r.name === '县12345热线')!;
  expect(row).toMatchObject({ active: true, channelLabel: '12345热线转办' });
  expect(JSON.stringify(rows)).not.toContain(issued!.token.slice(22));

  await page.call('hideIssued');
  expect(page.text()).not.toContain(issued!.token);

  await page.call('revoke', { currentTarget: { dataset: { id: row.id } } });
  await requestsSettled();
  expect((page.data.rows as { id: string; active: boolean }[]).find((r) => r.id === row.id)?.active).toBe(
    false,
  );
  expect(page.text()).toContain('已撤销');
});
