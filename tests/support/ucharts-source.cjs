/**
 * server/figures/ucharts.source.js for jest: the same text the build imports (esbuild's text loader),
 * read from the package, since jest cannot load that file's import attribute.
 */
const fs = require('node:fs');

module.exports = {
  __esModule: true,
  default: fs.readFileSync(require.resolve('@qiun/ucharts/u-charts.min.js'), 'utf8'),
};
