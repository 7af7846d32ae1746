/**
 * 2,000 seeded random mutations of the fixtures (delete, duplicate, re-indent lines, swap
 * tokens, random bytes): the compiler never throws, and every error has a line and a column.
 */
import { describe, expect, it } from 'vitest';
import { compileScript } from '../../src/dsl';
import { seededRandom as rng } from '../../src/util/seeded-random';
import { readFiles } from './helpers';

const files = readFiles(
  'tests/dsl/fixtures/every-action.yaml',
  'tests/dsl/fixtures/lib.yaml',
  'examples/deploy-nextjs-with-claude.yaml',
  'primitives/ink.yaml',
  'primitives/claude-code.yaml',
  'primitives/terminal.yaml',
);

const mutate = (text: string, rand: () => number): { text: string; kind: string } => {
  const lines = text.split('\n');
  const pick = () => Math.floor(rand() * lines.length);
  const kind = ['delete', 'duplicate', 'indent', 'dedent', 'swap-tokens', 'bytes', 'truncate', 'swap-lines'][Math.floor(rand() * 8)] as string;
  switch (kind) {
    case 'delete':
      lines.splice(pick(), 1);
      break;
    case 'duplicate': {
      const i = pick();
      lines.splice(i, 0, lines[i] ?? '');
      break;
    }
    case 'indent':
      lines[pick()] = `  ${lines[pick()] ?? ''}`;
      break;
    case 'dedent': {
      const i = pick();
      lines[i] = (lines[i] ?? '').replace(/^ {1,2}/, '');
      break;
    }
    case 'swap-tokens': {
      const tokens = text.split(/(\s+)/);
      const a = Math.floor(rand() * tokens.length);
      const b = Math.floor(rand() * tokens.length);
      [tokens[a], tokens[b]] = [tokens[b] as string, tokens[a] as string];
      return { text: tokens.join(''), kind };
    }
    case 'bytes': {
      const chars = [...text];
      for (let n = 0; n < 1 + Math.floor(rand() * 4); n++) {
        chars[Math.floor(rand() * chars.length)] = String.fromCharCode(Math.floor(rand() * 128));
      }
      return { text: chars.join(''), kind };
    }
    case 'truncate':
      return { text: text.slice(0, Math.floor(rand() * text.length)), kind };
    case 'swap-lines': {
      const a = pick();
      const b = pick();
      [lines[a], lines[b]] = [lines[b] as string, lines[a] as string];
      break;
    }
  }
  return { text: lines.join('\n'), kind };
};

describe('fuzz', () => {
  it('2,000 mutations never throw, and every error has a line and a column', () => {
    const names = Object.keys(files);
    const counts = { runs: 0, valid: 0, invalid: 0, errors: 0 };
    for (let seed = 1; seed <= 2000; seed++) {
      const rand = rng(seed);
      const target = names[Math.floor(rand() * names.length)] as string;
      const { text } = mutate(files[target] as string, rand);
      const entry = target.startsWith('primitives/') ? target : (names[seed % 3] as string);
      let result;
      try {
        result = compileScript({ entry, files: { ...files, [target]: text }, root: '' });
      } catch (err) {
        throw new Error(`seed ${seed} (${target}) threw: ${(err as Error).stack}`);
      }
      counts.runs++;
      if (result.errors.length === 0) counts.valid++;
      else counts.invalid++;
      counts.errors += result.errors.length;
      for (const e of [...result.errors, ...result.warnings]) {
        expect(Number.isInteger(e.line) && e.line >= 1, `seed ${seed}: ${JSON.stringify(e)}`).toBe(true);
        expect(Number.isInteger(e.column) && e.column >= 1, `seed ${seed}: ${JSON.stringify(e)}`).toBe(true);
        expect(e.message.length).toBeGreaterThan(0);
      }
    }
    console.log(`fuzz: ${counts.runs} runs, ${counts.valid} still valid, ${counts.invalid} invalid with ${counts.errors} errors`);
    expect(counts.runs).toBe(2000);
    expect(counts.invalid).toBeGreaterThan(500);
  });
});
