/**
 * screenplay's own folder (where package.json, bin/, src/, primitives/, public/ and scripts/
 * are), wherever this code runs from: the TypeScript source (src/…), the built package
 * (dist/…, one bundled file per entry) or an installed copy (node_modules/screenplay). Found by
 * walking up from this module's folder to the package.json named "screenplay"; read once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The package's root folder (absolute). Throws when no package.json named "screenplay" is above this module (a broken install). */
export const packageRoot = (): string => {
  if (root !== undefined) return root;
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ;) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'screenplay') return (root = dir);
    } catch {
      // No package.json here (or not JSON): keep walking up.
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`screenplay's package.json was not found above ${start}: reinstall screenplay`);
    dir = up;
  }
};

/** A file or folder of the package, by its package-relative path (posix separators). */
export const packagePath = (rel: string): string => path.join(packageRoot(), ...rel.split('/'));
