import * as fs from 'node:fs';
import * as path from 'node:path';

/** The project root: the nearest folder up from `from` that has project.config.json. */
export function projectRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'project.config.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no project.config.json above ${from}`);
  }
}

/** DATA_DIR from the environment, default `.data/` in the project root. */
export function dataDir(root: string): string {
  return path.resolve(root, process.env.DATA_DIR || '.data');
}
