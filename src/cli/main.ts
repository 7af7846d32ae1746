/**
 * `screenplay` command line. The only place that catches errors and sets the exit code:
 * 0 success, 1 invalid input, 2 runtime failure.
 *
 * Start-up is kept light: this file imports the command table and help text only; a command's
 * module (and the render, capture or narration stack behind it) is imported when that command
 * runs (commands.ts `load`). `--help`, `help CMD` and `--version` load no command at all.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorLine, invalidInput, isStackLine, ScreenplayError } from '../errors';
import { packageVersion } from '../util/package-version';
import { findCommand, type CommandSpec } from './commands';
import { commandHelp, globalHelp, unknownCommandMessage, unknownOptionMessage } from './help';
import { printErr, printOut } from './print';

/** True when `args` ask for help (`--help` or `-h` before a `--`). */
const asksForHelp = (args: readonly string[]): boolean => {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
};

/** A util.parseArgs error as a message that names the command and, for a misspelt flag, the closest one. */
const parseArgsMessage = (command: CommandSpec, args: readonly string[], err: Error & { code: string }): string => {
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const typed = /Unknown option '([^']+)'/.exec(err.message)?.[1];
    // parseArgs reads "-json" as -j -s -o -n and names -j: name the argument as typed.
    const group = typed && /^-[^-]$/.test(typed) ? args.find((a) => a.startsWith(typed) && /^-[^-]{2,}$/.test(a.replace(/=.*$/, ''))) : undefined;
    if (typed) return unknownOptionMessage(command, group ?? typed);
  }
  const first = err.message.split('\n')[0]!.replace(/\.$/, '');
  return `${command.name}: ${first[0]!.toLowerCase()}${first.slice(1)} (\`screenplay ${command.name} --help\` shows its usage)`;
};

/** The error's stack and its causes' (SCREENPLAY_DEBUG=1 only). */
const debugStack = (err: unknown): string => {
  const out: string[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    out.push(depth ? `caused by: ${(e as Error).stack ?? String(e)}` : ((e as Error).stack ?? String(e)));
  }
  return out.join('\n');
};

/**
 * Runs one command line (`argv`: the arguments after the bin, e.g. ["validate", "x.yaml"]) and
 * returns its exit code: 0 success, 1 invalid input or usage, 2 runtime failure. Prints every
 * error as one line on stderr (the stack only with SCREENPLAY_DEBUG=1); never throws.
 */
export const main = async (argv: string[]): Promise<number> => {
  const [name, ...rest] = argv;
  let command: CommandSpec | undefined;
  try {
    if (name === undefined) {
      printOut(globalHelp());
      return 1;
    }
    if (name === '--help' || name === '-h') {
      printOut(globalHelp());
      return 0;
    }
    if (name === '--version' || name === '-v') {
      printOut(`${packageVersion()}\n`);
      return 0;
    }
    if (name === 'help') {
      const [topic, ...extra] = rest;
      if (topic === undefined) {
        printOut(globalHelp());
        return 0;
      }
      if (topic === '--help' || topic === '-h') {
        printOut(commandHelp(findCommand('help')!));
        return 0;
      }
      if (extra.length) throw invalidInput(`help: expected one command, but got also ${extra.join(' ')}`);
      const c = findCommand(topic);
      if (!c) throw invalidInput(unknownCommandMessage(topic));
      printOut(commandHelp(c));
      return 0;
    }
    command = findCommand(name);
    if (!command) throw invalidInput(unknownCommandMessage(name));
    if (asksForHelp(rest) || !command.load) {
      printOut(commandHelp(command));
      return 0;
    }
    // "-out x" would parse as -o with the value "ut": a long flag with one dash is refused, naming the long one.
    const oneDash = rest
      .slice(0, rest.includes('--') ? rest.indexOf('--') : undefined)
      .find((a) => /^-[^-]{2,}$/.test(a.replace(/=.*$/, '')) && command!.options.some((o) => o.name === a.slice(1).replace(/=.*$/, '')));
    if (oneDash) throw invalidInput(unknownOptionMessage(command, oneDash));
    const run = await command.load();
    return await run(rest);
  } catch (err) {
    // Never a stack trace, unless SCREENPLAY_DEBUG=1 asks for one (below the message).
    const debug = process.env.SCREENPLAY_DEBUG === '1' ? `\n${debugStack(err)}` : '';
    if (err instanceof ScreenplayError) {
      printErr(
        `\nerror: ${err.message
          .split('\n')
          .filter((l) => !isStackLine(l))
          .join('\n')}${debug}\n`,
      );
      return err.exitCode;
    }
    // parseArgs throws TypeErrors with codes for unknown or malformed flags.
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      const message = command ? parseArgsMessage(command, rest, err as Error & { code: string }) : (err as Error).message;
      printErr(`\nerror: ${message}\n`);
      return 1;
    }
    printErr(`\nerror: ${errorLine(err)}${debug}\n`);
    return 2;
  }
};

/**
 * Exits with `code` once stdout and stderr have handed everything written to them to the OS: a
 * pipe (`screenplay schema | jq`) takes 64 KiB at a time, and process.exit would drop the rest.
 */
export const exitWhenFlushed = async (code: number): Promise<never> => {
  await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((resolve) => s.write('', () => resolve()))));
  process.exit(code);
};

/**
 * A reader that closes early (`screenplay schema | head`) is not a failure: the EPIPE that the
 * next write meets ends the CLI quietly (exit 0) instead of with Node's stack. Call once, first.
 */
export const endQuietlyOnClosedPipe = (): void => {
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
};

/** Run as a file (`tsx src/cli/main.ts`, `node dist/cli/main.js`), not imported (bin/screenplay.mjs imports it). */
const stem = (f: string) => path.resolve(f).replace(/\.[cm]?[jt]sx?$/, '');
const isEntry = process.argv[1] !== undefined && stem(process.argv[1]) === stem(fileURLToPath(import.meta.url));
if (isEntry) {
  endQuietlyOnClosedPipe();
  void main(process.argv.slice(2)).then(exitWhenFlushed);
}
