/**
 * 代录 on the opinion form: a station admin says whether the villager came in person (来访, the
 * default) or phoned (来电); the case records it (the figures' 按渠道). A villager sees no such choice.
 */
import type { LocalCloud } from '../../local/cloud';
import { PERSONAS } from '../../local/demo/township.seed';
import { openPage } from './support/page-harness';
import { signInAs, startPageCloud, tap, typed } from './support/page-cloud';

jest.setTimeout(30_000);

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startPageCloud();
});
afterAll(() => cloud.stop());

const settle = () => new Promise((r) => setTimeout(r, 50));

async function fileAs(openid: string, pick?: 'hotline' | 'proxy') {
  signInAs(cloud, openid);
  const form = await openPage('pages/opinion/index', { code: 'JG01' });
  await settle();
  if (pick) await form.call('pickChannel', tap(pick));
  await form.call('pickVillage', tap('jingu'));
  await form.call('pickCategory', tap('road'));
  await form.call('onText', typed('村民来电说村口的桥栏杆松了，怕小孩掉下去'));
  const asked = form.text();
  await form.call('submit');
  // Similar cases are shown first: sending again files it all the same.
  if (!form.data.done) await form.call('submit');
  expect(form.data.formError).toBe('');
  const done = form.data.done as { id: string } | null;
  return {
    form,
    asked,
    doc: done ? (cloud.store.get('opinions', done.id)?.doc as Record<string, unknown>) : null,
  };
}

it('a station admin chooses 来电 or 来访 and the case records it', async () => {
  const phoned = await fileAs(PERSONAS.stationAdmin, 'hotline');
  expect(phoned.asked).toContain('代录：群众怎么反映的');
  expect(phoned.doc).toMatchObject({ channel: 'hotline', filedBy: { kind: 'stationAdmin' } });
  const came = await fileAs(PERSONAS.stationAdmin);
  expect(came.form.data.channel).toBe('proxy');
  expect(came.doc).toMatchObject({ channel: 'proxy' });
});

it('a villager is asked nothing of the kind', async () => {
  const own = await fileAs('villager-channel-page');
  expect(own.asked).not.toContain('代录');
  expect(own.doc).not.toHaveProperty('channel');
});
