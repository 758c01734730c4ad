/**
 * Every WXML and WXSS file of the packed mini-program, the packed tdesign components included, compiles
 * with WeChat's own `wcc` and `wcsc`, as DevTools compiles them before a phone runs them. The compilers
 * are shown to fail on a broken file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileWithWechat } from '../support/wechat-compilers';

const packed = path.resolve(__dirname, '../../dist/miniprogram');

describe("WeChat's own compilers", () => {
  it('compile every wxml and wxss of the packed mini-program and its tdesign components', () => {
    const result = compileWithWechat(packed);
    expect(result).toMatchObject({ wxmlError: null, wxssError: null });
    expect(result.wxml).toBeGreaterThan(40);
    const tdesign = fs.readdirSync(path.join(packed, 'miniprogram_npm/tdesign-miniprogram'));
    expect(tdesign.length).toBeGreaterThan(3);
  });

  it('report a tag left open and a rule left open, with the file and line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wcc-'));
    try {
      fs.mkdirSync(path.join(dir, 'pages'));
      fs.writeFileSync(path.join(dir, 'pages/a.json'), '{}');
      fs.writeFileSync(path.join(dir, 'pages/a.wxml'), '<view class="a"><text>你好</view>');
      fs.writeFileSync(path.join(dir, 'pages/a.wxss'), '.a { color: red;\n');
      const result = compileWithWechat(dir);
      expect(result.wxmlError).toContain('pages/a.wxml:1');
      expect(result.wxssError).toContain('pages/a.wxss');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
