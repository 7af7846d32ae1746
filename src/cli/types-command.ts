/**
 * PLACEHOLDER written on fix/cli so the command table (commands.ts) type-checks: another branch
 * writes the real `screenplay types`. On merge, take that branch's version of this file whole.
 */
import { parseArgs } from 'node:util';
import { runtimeError } from '../errors';

/** Not built on this branch: parses the table's options (commands.ts), then fails with exit 2 saying so. */
export const typesCommand = async (args: string[]): Promise<number> => {
  parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  throw runtimeError('types: not built in this version of screenplay');
};
