/**
 * `npm run bootstrap -- <openid> <name>`: makes the first presidium account in the local cloud by
 * calling account.bootstrapPresidium as the console would (no WeChat user, with the bootstrap token).
 * In CloudBase run the same action from the console or CLI (see README).
 */
import { randomBytes } from 'node:crypto';
import { startLocalCloud } from '../cloud';
import { dataDir, projectRoot } from '../paths';

async function main(): Promise<void> {
  const [openid, name = '乡人大主席团'] = process.argv.slice(2);
  if (!openid) {
    console.error('usage: npm run bootstrap -- <openid> [name]');
    process.exit(2);
  }
  const root = projectRoot();
  process.env.BOOTSTRAP_TOKEN = randomBytes(24).toString('hex');
  const cloud = await startLocalCloud({ dataDir: dataDir(root), root });
  const res = await cloud.invoke('account', {
    action: 'bootstrapPresidium',
    openid,
    name,
    token: process.env.BOOTSTRAP_TOKEN,
  });
  console.log(JSON.stringify(res));
  await cloud.stop();
  process.exit((res as { ok: boolean }).ok ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
