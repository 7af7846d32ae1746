/** Source-scanning for tests that keep a piece of knowledge in one place: which lines of src/ say it again. */
import fs from 'node:fs';
import path from 'node:path';

export const SRC = path.join(import.meta.dirname, '..', '..', 'src');

/** Every .ts/.tsx file under src/, relative to it. */
export const sources = (dir = SRC): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) ? [path.relative(SRC, p)] : [];
  });

/** `file:line: text` for every line of a src/ file not `allowed` that `matches`. */
export const linesMatching = (allowed: (file: string) => boolean, matches: (line: string) => boolean): string[] =>
  sources()
    .filter((f) => !allowed(f))
    .flatMap((f) =>
      fs
        .readFileSync(path.join(SRC, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ f, i, line })),
    )
    .filter(({ line }) => matches(line))
    .map(({ f, i, line }) => `${f}:${i + 1}: ${line.trim()}`);
