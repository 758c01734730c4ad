/**
 * A presidium editor's save retried after the network dropped its answer: the first tap reached the
 * admin function and created the record, but the phone heard nothing back; the second tap must be the
 * same request (one request id per draft, minted when the draft opens), so nothing is made twice.
 */
import type { LocalCloud } from '../../local/cloud';
import { signInAs, startPageCloud } from './support/page-cloud';
import { openPage, wxCalls } from './support/page-harness';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startPageCloud();
  signInAs(cloud, 'demo-presidium');
});
afterAll(() => cloud.stop());

/** From now on, the answer to the next call of `action` is lost on the way back (the call itself went through). */
function loseNextAnswerOf(action: string): void {
  const w = wx as unknown as { request: (o: WechatMiniprogram.RequestOption) => unknown };
  const real = w.request;
  let lost = false;
  w.request = (o) =>
    real({
      ...o,
      success: (res: WechatMiniprogram.RequestSuccessCallbackResult) => {
        if (!lost && (o.data as { action?: string }).action === action) {
          lost = true;
          o.fail?.({ errMsg: 'request:fail timeout', errno: 5 } as never);
        } else o.success?.(res);
      },
    } as WechatMiniprogram.RequestOption);
}

const docs = (collection: string) =>
  [...cloud.store.entries(collection).values()].map((e) => e.doc as Record<string, unknown>);
const field = (f: string, value: string) => ({ currentTarget: { dataset: { field: f } }, detail: { value } });
const lastToast = () =>
  (wxCalls.filter((c) => c.api === 'showToast').at(-1)?.args ?? {}) as { title?: string };

describe('a save tapped again after a network failure', () => {
  it('makes one new deputy, not two', async () => {
    const page = await openPage('subpackages/presidium/pages/stations/edit', {
      kind: 'deputy',
      station: 'JG01',
    });
    await page.call('onDeputyField', field('name', '周重试'));
    await page.call('onDeputyField', field('title', '金鼓村会计'));
    await page.call('toggleVillage', { currentTarget: { dataset: { code: 'jingu' } } });
    loseNextAnswerOf('upsertDeputy');
    await page.call('saveDeputy');
    expect(lastToast().title).toBe('网络不太好，请检查网络后重试');
    expect(docs('deputies').filter((d) => d.name === '周重试')).toHaveLength(1);
    await page.call('saveDeputy');
    expect(lastToast().title).toBe('已保存');
    expect(docs('deputies').filter((d) => d.name === '周重试')).toHaveLength(1);
  });

  it('makes one new department, not two', async () => {
    const page = await openPage('subpackages/presidium/pages/categories/index');
    await page.call('newDepartment');
    await page.call('onDepartmentField', field('name', '重试办公室'));
    loseNextAnswerOf('upsertDepartment');
    await page.call('saveDepartment');
    expect(lastToast().title).toBe('网络不太好，请检查网络后重试');
    await page.call('saveDepartment');
    expect(lastToast().title).toBe('已保存');
    expect(docs('departments').filter((d) => d.name === '重试办公室')).toHaveLength(1);
  });
});
