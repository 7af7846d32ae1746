import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-root';

let version: string | undefined;

/** screenplay's version from its package.json (read once), or "0.0.0" when it cannot be read. */
export const packageVersion = (): string => {
  if (version === undefined) {
    try {
      const root = packageRoot();
      version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
    } catch {
      version = '0.0.0';
    }
  }
  return version;
};
