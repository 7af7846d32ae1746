/**
 * The one error class. Inner code throws; only the CLI entry catches, prints and exits.
 * Exit codes (DESIGN.md): 1 invalid input (script, capture dir, arguments), 2 runtime failure.
 */
export type ErrorCode = 'invalid-input' | 'runtime';

export class ScreenplayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ScreenplayError';
  }

  get exitCode(): 1 | 2 {
    return this.code === 'invalid-input' ? 1 : 2;
  }
}

export const invalidInput = (message: string): ScreenplayError => new ScreenplayError('invalid-input', message);
export const runtimeError = (message: string, cause?: unknown): ScreenplayError => new ScreenplayError('runtime', message, { cause });

/** A stack frame line ("    at fn (file:1:2)"): never shown to the user. */
export const isStackLine = (line: string): boolean => /^\s+at\s/.test(line);

/**
 * One line for the user from anything thrown (a library's Error, execa's, a string): the first
 * line of its message without stack frames; a failed command named by its program only, with
 * the last line of its stderr; at most 400 characters.
 */
export const errorLine = (err: unknown): string => {
  const e = (err && typeof err === 'object' ? err : {}) as { shortMessage?: unknown; message?: unknown; stderr?: unknown; command?: unknown; issues?: unknown };
  // A schema library's error (zod): its first problem at its path, not the JSON dump of all.
  if (Array.isArray(e.issues) && e.issues.length > 0) {
    const first = e.issues[0] as { path?: unknown; message?: unknown };
    const at =
      Array.isArray(first.path) && first.path.length
        ? `${first.path
            .map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`))
            .join('')
            .replace(/^\./, '')}: `
        : '';
    const more = e.issues.length > 1 ? ` (and ${e.issues.length - 1} more)` : '';
    return `${at}${String(first.message ?? 'invalid')}${more}`.slice(0, 400);
  }
  let text = typeof e.shortMessage === 'string' ? e.shortMessage : typeof e.message === 'string' ? e.message : String(err);
  if (typeof e.command === 'string' && e.command) text = text.replace(e.command, e.command.split(' ')[0] ?? '');
  let line =
    text
      .split('\n')
      .find((l) => l.trim() !== '' && !isStackLine(l))
      ?.trim() ?? 'unknown error';
  const stderr =
    typeof e.stderr === 'string'
      ? e.stderr
          .trim()
          .split('\n')
          .filter((l) => l.trim() !== '')
          .pop()
          ?.trim()
      : undefined;
  if (stderr && !line.includes(stderr)) line += `: ${stderr}`;
  return line.length > 400 ? `${line.slice(0, 399)}…` : line;
};
