/** The CLI's only way to print: every message passes the secret scrubber first (src/secrets.ts). */
import { scrub } from '../secrets';

/** Writes `text` to stderr with every known secret masked. */
export const printErr = (text: string): void => {
  process.stderr.write(scrub(text));
};

/** Writes `text` to stdout with every known secret masked. */
export const printOut = (text: string): void => {
  process.stdout.write(scrub(text));
};
