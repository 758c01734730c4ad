/**
 * `npm run bootstrap -- <openid> [name] [--township <id>]`: makes a first account in the local cloud by
 * calling the account function as the console would (no WeChat user, with the bootstrap token):
 * without `--township`, the county's first staff account (account.bootstrapCounty: 县人大常委会, who
 * then add townships and invite their presidium); with it, the first presidium account of that existing
 * township (account.bootstrapPresidium, `townshipId` beside `action`). In CloudBase run the same actions
 * from the console or CLI (see README).
 */
import { randomBytes } from 'node:crypto';
import { startLocalCloud } from '../cloud';
import { dataDir, projectRoot } from '../paths';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = args.indexOf('--township');
  const townshipId = flag >= 0 ? args[flag + 1] : undefined;
  const [openid, name] = flag >= 0 ? args.filter((_a, i) => i !== flag && i !== flag + 1) : args;
  if (!openid || (flag >= 0 && !townshipId)) {
    console.error('usage: npm run bootstrap -- <openid> [name] [--township <townshipId>]');
    process.exit(2);
  }
  const root = projectRoot();
  process.env.BOOTSTRAP_TOKEN = randomBytes(24).toString('hex');
  const cloud = await startLocalCloud({ dataDir: dataDir(root), root });
  const res = await cloud.invoke(
    'account',
    townshipId
      ? {
          action: 'bootstrapPresidium',
          townshipId,
          openid,
          name: name ?? '乡人大主席团',
          token: process.env.BOOTSTRAP_TOKEN,
        }
      : {
          action: 'bootstrapCounty',
          openid,
          name: name ?? '县人大常委会',
          token: process.env.BOOTSTRAP_TOKEN,
        },
  );
  console.log(JSON.stringify(res));
  await cloud.stop();
  process.exit((res as { ok: boolean }).ok ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
