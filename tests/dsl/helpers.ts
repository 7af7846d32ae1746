import fs from 'node:fs';
import path from 'node:path';
import { compileScript, type CompileResult } from '../../src/dsl';

export const ROOT = path.join(__dirname, '..', '..');

/** Reads files relative to the project root into a compileScript files map. */
export const readFiles = (...rel: string[]): Record<string, string> => Object.fromEntries(rel.map((r) => [r, fs.readFileSync(path.join(ROOT, r), 'utf8')]));

/** Compiles an in-memory project: `main.yaml` is the entry unless given. */
export const compile = (files: Record<string, string>, entry = 'main.yaml'): CompileResult => compileScript({ entry, files, root: '' });

export const messages = (r: CompileResult) => r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}`);
