/**
 * WeChat's own Linux compilers, `wcc` (WXML) and `wcsc` (WXSS), shipped by the npm package
 * miniprogram-compiler. Its `wxssToJs` wrapper returns wcsc's error instead of throwing it and both
 * wrappers cap the output at 1 MiB, so the compilers are called here through the package's own
 * per-compiler modules, over every file of a mini-program root (its miniprogram_npm included).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports */
const wcc = require('miniprogram-compiler/src/wcc') as (
  root: string,
  files: string[],
  wxs: string[],
  options: { maxBuffer: number },
) => string;
const wcsc = require('miniprogram-compiler/src/wcsc') as (
  root: string,
  files: string[],
  options: { maxBuffer: number },
) => Record<string, string> | Error;
/* eslint-enable @typescript-eslint/no-require-imports */

const MAX_BUFFER = 64 * 1024 * 1024;

function filesUnder(root: string, ext: string, dir = ''): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) return filesUnder(root, ext, rel);
    return e.name.endsWith(ext) ? [rel] : [];
  });
}

export interface Compiled {
  wxml: number;
  wxss: number;
  /** The compiler's own message, or null when every file compiled. */
  wxmlError: string | null;
  wxssError: string | null;
}

export function compileWithWechat(root: string): Compiled {
  const wxml = filesUnder(root, '.wxml').map((f) => f.slice(0, -'.wxml'.length));
  const wxss = filesUnder(root, '.wxss').map((f) => f.slice(0, -'.wxss'.length));
  let wxmlError: string | null = null;
  try {
    wcc(root, [...wxml], filesUnder(root, '.wxs'), { maxBuffer: MAX_BUFFER });
  } catch (e) {
    wxmlError = String(e);
  }
  const css = wcsc(root, wxss, { maxBuffer: MAX_BUFFER });
  return {
    wxml: wxml.length,
    wxss: wxss.length,
    wxmlError,
    wxssError: css instanceof Error ? String(css) : null,
  };
}
