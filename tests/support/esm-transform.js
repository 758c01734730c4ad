// tdesign's miniprogram_dist is ES modules; the mini-program runtime takes them as they are, jest
// needs CommonJS. esbuild converts each file (no bundling), in microseconds.
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: 'js',
      format: 'cjs',
      target: 'es2019',
      sourcemap: true,
      sourcefile: filename,
    });
    return { code, map };
  },
};
