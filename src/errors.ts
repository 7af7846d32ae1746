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
export const runtimeError = (message: string, cause?: unknown): ScreenplayError =>
  new ScreenplayError('runtime', message, { cause });
