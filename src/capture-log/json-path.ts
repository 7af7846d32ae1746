/** Formats a zod issue path as a JSON path: `events[3].x`. */
export const formatJsonPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
};
