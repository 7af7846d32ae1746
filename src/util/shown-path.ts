import path from 'node:path';

/** A path as the user can open it: relative to the current folder when inside it, else absolute. */
export const shown = (p: string): string => {
  const rel = path.relative(process.cwd(), p);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
};
