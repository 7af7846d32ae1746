/**
 * Scripts that try to make `validate` do unbounded work (issue 15, part 2), as file maps
 * (path → text) for compileScript, the CLI tests (written to a tmp dir) and bench/validate-bench.ts.
 */

/** `levels` primitives above a leaf, each using the one below `times` times, in one flow list. */
const multiplying = (prefix: string, times: number, levels: number): string => {
  let text = `  ${prefix}0:\n    description: leaf\n    steps:\n      - press: Enter\n`;
  for (let i = 1; i <= levels; i++) {
    text += `  ${prefix}${i}:\n    description: level ${i}\n    steps: [${Array.from({ length: times }, () => `{ ${prefix}${i - 1}: null }`).join(', ')}]\n`;
  }
  return text;
};

export type Hostile = { name: string; entry: string; files: Record<string, string> };

/** A 1.2 KB library, each primitive using the previous ten times over seven levels; the script only imports it. */
export const importsMultiplyingLibrary = (): Hostile => ({
  name: 'imports a 10 uses x 7 levels library, uses none of it',
  entry: 'main.yaml',
  files: { 'main.yaml': 'import: [lib.yaml]\nsteps:\n  - press: Enter\n', 'lib.yaml': `primitives:\n${multiplying('p', 10, 7)}` },
});

/** The same library, its top primitive used by the script. */
export const usesMultiplyingLibrary = (): Hostile => ({
  name: 'uses the top of a 10 uses x 7 levels library',
  entry: 'main.yaml',
  files: { 'main.yaml': 'import: [lib.yaml]\nsteps:\n  - press: Enter\n  - p7: null\n', 'lib.yaml': `primitives:\n${multiplying('p', 10, 7)}` },
});

/** A 2 KB script: 2 uses x 30 levels (2^30 expansions, and past the depth limit on every path). */
export const twoUsesThirtyLevels = (): Hostile => ({
  name: '2 uses x 30 levels',
  entry: 'main.yaml',
  files: { 'main.yaml': `primitives:\n${multiplying('q', 2, 30)}steps:\n  - q30: null\n` },
});

/** `n` primitives and `n` misspelt uses of them (each name with two letters swapped). */
export const misspeltUses = (n = 5000): Hostile => {
  const names = Array.from({ length: n }, (_, i) => `prim_${i.toString(36).padStart(4, '0')}_x`);
  return {
    name: `${n} primitives, ${n} misspelt uses`,
    entry: 'main.yaml',
    files: {
      'main.yaml': `primitives:\n${names.map((p) => `  ${p}:\n    description: d\n    steps: [ { press: Enter } ]\n`).join('')}steps:\n${names.map((p) => `  - ${p.replace('prim', 'pirm')}: null\n`).join('')}`,
    },
  };
};

/** A 310-digit number of seconds, and a wait longer than setTimeout's 2^31-1 ms. */
export const absurdDurations = (): Hostile => ({
  name: 'a 310-digit duration and wait: 40000m',
  entry: 'main.yaml',
  files: { 'main.yaml': `steps:\n  - wait: ${'9'.repeat(310)}s\n  - wait: 40000m\n` },
});

/** One 420 KB line of JSON with 30,000 bad steps (every error would print the whole line). */
export const oneLongLine = (): Hostile => ({
  name: '30,000 bad steps on one JSON line',
  entry: 'main.json',
  files: { 'main.json': JSON.stringify({ steps: Array.from({ length: 30_000 }, () => ({ pres: 'a' })) }) },
});

/** A param quadrupled at each of 15 levels: its text would grow to 4^15 copies (8 GB). */
export const doublingText = (): Hostile => {
  let text = 'primitives:\n  t0:\n    description: leaf\n    params: { s: { type: string } }\n    steps: [ { type: "${s}" } ]\n';
  for (let i = 1; i <= 15; i++)
    text += `  t${i}:\n    description: double\n    params: { s: { type: string } }\n    steps: [ { t${i - 1}: { s: "\${s}\${s}\${s}\${s}" } } ]\n`;
  return { name: 'a param quadrupled over 15 levels', entry: 'main.yaml', files: { 'main.yaml': `${text}steps:\n  - t15: { s: abcdefgh }\n` } };
};

/** Every hostile shape, for the benchmark. */
export const hostileScripts = (): Hostile[] => [
  importsMultiplyingLibrary(),
  usesMultiplyingLibrary(),
  twoUsesThirtyLevels(),
  misspeltUses(),
  absurdDurations(),
  oneLongLine(),
  doublingText(),
];
