/**
 * Locates files shipped with the project (cards/, data/demo/) whether the code runs from src/
 * (tsx, vitest) or from dist/src/ (npm start): walk up to the folder holding package.json.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function projectRoot(): string {
  if (!root) {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'cards'))) {
      const parent = path.dirname(dir);
      if (parent === dir) throw new Error('cannot find the project root (package.json and cards/)');
      dir = parent;
    }
    root = dir;
  }
  return root;
}

export function projectPath(...segments: string[]): string {
  return path.join(projectRoot(), ...segments);
}
