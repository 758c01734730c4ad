#!/usr/bin/env node
/**
 * The first step of `npm test`: what the tests need from the system, installed on a fresh Debian machine.
 *   - Chromium at CHROMIUM_PATH (default /usr/bin/chromium): the printable notice is printed to PDF in it
 *     (server/pdf.ts) and the tests read that PDF back;
 *   - a Chinese font (`fc-list :lang=zh` finds one), so the notice's text is real glyphs.
 * When something is missing and this runs as root or with passwordless sudo on a machine with apt-get, it
 * runs `apt-get update && apt-get install -y chromium fonts-wqy-microhei` (only the missing packages).
 * Otherwise it exits 1 saying exactly what to install. Nothing is done when both are there.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function missing() {
  const packages = [];
  if (!fs.existsSync(CHROMIUM)) packages.push('chromium');
  // Only Linux needs fontconfig to find a CJK font; macOS and Windows ship Chinese system fonts.
  if (process.platform === 'linux') {
    const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
    if (fonts.status !== 0 || !fonts.stdout.trim()) packages.push('fonts-wqy-microhei');
  }
  return packages;
}

const ok = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

function explain(packages) {
  const what = packages
    .map((p) =>
      p === 'chromium'
        ? `Chromium (no executable at ${CHROMIUM}; set CHROMIUM_PATH to use another one)`
        : 'a Chinese font (`fc-list :lang=zh` finds none)',
    )
    .join(' and ');
  console.error(`npm test needs ${what}.`);
  console.error(`On Debian or Ubuntu, install them with:`);
  console.error(`  sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`);
  console.error(
    `(run npm test as root or with passwordless sudo and it installs them itself), then run npm test again.`,
  );
}

let packages = missing();
if (packages.length > 0) {
  const root = process.getuid?.() === 0;
  const sudo = !root && ok('sudo', ['-n', 'true']);
  if (!fs.existsSync('/usr/bin/apt-get') || (!root && !sudo)) {
    explain(packages);
    process.exit(1);
  }
  const run = (args) => {
    const [cmd, ...rest] = sudo ? ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', ...args] : args;
    console.log(`system-deps: ${[cmd, ...rest].join(' ')}`);
    const res = spawnSync(cmd, rest, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return res.status === 0;
  };
  if (!run(['apt-get', 'update']) || !run(['apt-get', 'install', '-y', ...packages])) {
    console.error('system-deps: apt-get failed.');
    explain(packages);
    process.exit(1);
  }
  packages = missing();
  if (packages.length > 0) {
    console.error('system-deps: still missing after apt-get install.');
    explain(packages);
    process.exit(1);
  }
}
