/**
 * Shell integration: the shell runs under a pty screenplay owns (node-pty), with an rc file whose
 * prompt carries invisible marks (OSC 133, as iTerm2, VS Code and Windows Terminal use them: A
 * prompt start, B prompt end, C command start, D command end with its exit code). Reading those
 * marks tells exactly when a command has finished, with which exit code, and when the shell waits
 * at its prompt again: no sleeps, no guessing from the text.
 */
import os from 'node:os';
import nodePty, { type IPty } from '@lydell/node-pty';

/** The hook file's name, in the rc file's folder (shellIntegrationRc). */
export const SHELL_HOOK_FILE = 'hook';

/** One OSC 133 mark, in the order the shell printed it; `code` is a command end's exit code. */
export type ShellMark = { kind: string; code?: number };

// eslint-disable-next-line no-control-regex
const MARK = /\x1b\]133;([ABCD])(?:;(-?\d+))?\x07/g;
/** The "command started" mark as the rc's PS0 prints it (OSC 133 C), when a command line is run. */
export const COMMAND_START_MARK = '\x1b]133;C\x07';

/**
 * bash's rc for a terminal made for video: no history file, the prompt text `prompt` in SGR colour
 * `promptSgr` (e.g. "1;32"), the OSC 133 marks around it and after each command, and a hook: a
 * file named `hook` in the rc's folder, when there, is sourced just before the next command runs
 * (once; see SHELL_HOOK_FILE).
 */
export const shellIntegrationRc = (prompt: string, promptSgr: string): string => {
  const promptText = prompt.replace(/'/g, "'\\''");
  return [
    'unset HISTFILE',
    `PS1='\\[\\e]133;A\\a\\e[${promptSgr}m\\]${promptText}\\[\\e[0m\\e]133;B\\a\\]'`,
    `PS0='\\e]133;C\\a'`,
    `PROMPT_COMMAND='printf "\\033]133;D;%s\\007" "$?"'`,
    // A hook screenplay may leave next to this rc (e.g. replay_session's stand-in for a program):
    // sourced once, just before the next command runs, then removed. $? is kept across it.
    '__screenplay_hook="${BASH_SOURCE[0]%/*}/hook"',
    `trap '[ -r "$__screenplay_hook" ] && { . "$__screenplay_hook"; rm -f "$__screenplay_hook"; }' DEBUG`,
    '',
  ].join('\n');
};

/**
 * The marks seen so far in what the shell printed, and what they say: prompts shown, exit codes,
 * whether the shell waits at a prompt after the last Enter. Fed chunk by chunk (`read`); a mark
 * split between chunks is read once it is whole. Prompts are matched to the Enter they answer,
 * not counted from when a wait starts.
 */
export const createShellMarks = () => {
  const marks: ShellMark[] = [];
  const codes: number[] = [];
  let promptEnds = 0;
  let lastEnterAt = -1;
  let tail = '';
  return {
    /** Reads the marks in `data`, the next chunk the shell printed. */
    read: (data: string): void => {
      // A mark may be split between chunks: an unfinished one at the end waits for the next.
      const scan = tail + data;
      const open = scan.lastIndexOf('\x1b]133;');
      tail = open >= 0 && !scan.includes('\x07', open) && scan.length - open < 32 ? scan.slice(open) : '';
      for (const m of (tail ? scan.slice(0, open) : scan).matchAll(MARK)) {
        if (m[1] === 'D') codes.push(Number(m[2] ?? 0));
        else if (m[1] === 'B') promptEnds++;
        marks.push(m[1] === 'D' ? { kind: 'D', code: Number(m[2] ?? 0) } : { kind: m[1] as string });
      }
    },
    /** Every mark read so far, in order. */
    marks: (): readonly ShellMark[] => marks,
    /** How many prompts have been shown after a finished command (one more after each command). */
    prompts: (): number => Math.min(codes.length, promptEnds),
    /** The exit code of the command before prompt number `n` (1-based), once that prompt has been shown. */
    exitCodeBeforePrompt: (n: number): number | undefined => (Math.min(codes.length, promptEnds) >= n ? (codes[n - 1] as number) : undefined),
    /** Call just before an Enter is sent: returns the token for commandExitCode (the number of marks so far). */
    noteEnter: (): number => (lastEnterAt = marks.length),
    /** True when the last mark is a prompt end that came after the last Enter: the shell waits for a new line. */
    atPrompt: (): boolean => {
      let b = marks.length - 1;
      while (b >= 0 && marks[b]?.kind !== 'B') b--;
      return b >= 0 && b >= lastEnterAt && b === marks.length - 1;
    },
    /**
     * The exit code of the command ended by the Enter that returned `token`: the first command end
     * after that Enter, once a prompt after it has been shown; undefined until then.
     */
    commandExitCode: (token: number): number | undefined => {
      const d = marks.findIndex((m, i) => i >= token && m.kind === 'D');
      return d >= 0 && marks.some((m, i) => i > d && m.kind === 'B') ? (marks[d]?.code as number) : undefined;
    },
  };
};

export type ShellMarks = ReturnType<typeof createShellMarks>;

/**
 * Starts `shell` (default bash) interactively with `rcFile` under a new pty of `cols` x `rows`
 * cells, in `cwd` (a leading ~ is the home folder; default: this process's), with UTF-8 and a
 * 256-colour terminal whatever screenplay's own locale.
 * @throws Error (one line) when the shell cannot be started
 */
export const spawnShell = (opts: { shell?: string; rcFile: string; cols: number; rows: number; cwd?: string; env?: Record<string, string> }): IPty => {
  const cwd = opts.cwd ? opts.cwd.replace(/^~(?=\/|$)/, os.homedir()) : process.cwd();
  try {
    return nodePty.spawn(opts.shell ?? 'bash', ['--rcfile', opts.rcFile, '-i'], {
      name: 'xterm-256color',
      cols: opts.cols,
      rows: opts.rows,
      cwd,
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TERM: 'xterm-256color', COLORTERM: 'truecolor', ...opts.env } as Record<string, string>,
    });
  } catch (err) {
    throw new Error(`could not start the shell "${opts.shell ?? 'bash'}" in ${cwd}: ${(err as Error).message}`);
  }
};
