// Builds the cloud-function bundles before any test runs, so tests exercise what deploys.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, '../..');
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--functions'], {
    cwd: root,
    stdio: 'inherit',
  });
};
