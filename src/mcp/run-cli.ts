/**
 * Runs `screenplay …` as a child process for the MCP server's long tools: a native input library
 * that dies on an X error takes only the child with it, and the messages are the CLI's own.
 * stderr lines become progress; an abort signal becomes SIGINT (capture stops cleanly and keeps
 * what it recorded), then SIGTERM, then SIGKILL if the child does not end. Output kept in memory
 * is bounded.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { scrub } from '../secrets';
import { packageRoot } from '../util/package-root';

/** The package's folder (where bin/, primitives/, SKILL.md are). */
export const PACKAGE_ROOT = packageRoot();
const BIN = path.join(PACKAGE_ROOT, 'bin', 'screenplay.mjs');

/** stdout kept (bytes): review's JSON fits; a larger output is cut and says so. */
export const MAX_STDOUT = 1024 * 1024;
/** stderr lines kept (the last ones), and the longest line kept (characters). */
export const MAX_STDERR_LINES = 200;
export const MAX_LINE = 2000;
/** After SIGINT, how long the child has to stop before SIGTERM, and then before SIGKILL (ms). */
export const INTERRUPT_GRACE_MS = 30_000;
export const TERMINATE_GRACE_MS = 5_000;

export type CliRun = {
  /** The exit code; null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout (at most MAX_STDOUT bytes), secrets masked. */
  stdout: string;
  stdoutCut: boolean;
  /** The last MAX_STDERR_LINES lines of stderr, secrets masked, progress lines included. */
  stderrLines: string[];
  /** True when the abort signal stopped it. */
  cancelled: boolean;
  durationMs: number;
};

export type CliRunOptions = {
  /** The project folder: the child's working directory. */
  cwd: string;
  args: string[];
  signal?: AbortSignal;
  /** Every complete stderr line (carriage-return rewrites split too), secrets masked. */
  onLine?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
};

/** Runs `node bin/screenplay.mjs ARGS` in `cwd`; never rejects for a failing command (its exit code says). */
export const runCli = (opts: CliRunOptions): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [BIN, ...opts.args], {
      cwd: opts.cwd,
      env: { ...(opts.env ?? process.env), FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stdoutBytes = 0;
    let stdoutCut = false;
    const stderrLines: string[] = [];
    let partial = '';
    let cancelled = false;
    const timers: NodeJS.Timeout[] = [];
    const pushLine = (raw: string) => {
      const line = scrub(raw.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').trimEnd());
      if (line.trim() === '') return;
      const kept = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
      stderrLines.push(kept);
      if (stderrLines.length > MAX_STDERR_LINES) stderrLines.shift();
      opts.onLine?.(kept);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdoutBytes >= MAX_STDOUT) {
        stdoutCut = true;
        return;
      }
      const room = MAX_STDOUT - stdoutBytes;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      if (part.length < chunk.length) stdoutCut = true;
      stdoutBytes += part.length;
      stdout += part.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      partial += chunk.toString('utf8');
      const parts = partial.split(/\r\n|\n|\r/);
      partial = parts.pop() ?? '';
      // A line that never ends is cut, not kept growing.
      if (partial.length > 4 * MAX_LINE) {
        parts.push(partial);
        partial = '';
      }
      for (const p of parts) pushLine(p);
    });
    const onAbort = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      cancelled = true;
      child.kill('SIGINT');
      timers.push(setTimeout(() => child.kill('SIGTERM'), INTERRUPT_GRACE_MS));
      timers.push(setTimeout(() => child.kill('SIGKILL'), INTERRUPT_GRACE_MS + TERMINATE_GRACE_MS));
    };
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
    child.once('close', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
      if (partial) pushLine(partial);
      resolve({ code, signal, stdout: scrub(stdout), stdoutCut, stderrLines, cancelled, durationMs: Date.now() - t0 });
    });
    RUNNING.add(child);
    child.once('exit', () => RUNNING.delete(child));
  });

/** A line that only says how far a phase is (bundling 54%, 60/300 frames): left out of a tool's result, which keeps the rest. */
const PROGRESS_ONLY = /(\d+(\.\d+)?%\s*$)|(\b\d+\/\d+ frames\b)/;

/** The lines worth returning to the agent: messages, warnings, errors, and the last line; at most `max`. */
export const resultLines = (lines: readonly string[], max = 60): string[] => {
  const kept = lines.filter((l, i) => i === lines.length - 1 || !PROGRESS_ONLY.test(l));
  return kept.length > max ? [`… (${kept.length - max} earlier lines left out)`, ...kept.slice(-max)] : kept;
};

/** Children running now (for the server's shutdown). */
const RUNNING = new Set<import('node:child_process').ChildProcess>();

/**
 * Stops every running child as a cancellation would (SIGINT, then SIGTERM and SIGKILL after the
 * graces) and resolves when all have exited: the server's shutdown, so a capture keeps its recording.
 */
export const stopAllCli = async (): Promise<void> => {
  const all = [...RUNNING];
  await Promise.all(
    all.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const t1 = setTimeout(() => child.kill('SIGTERM'), INTERRUPT_GRACE_MS);
          const t2 = setTimeout(() => child.kill('SIGKILL'), INTERRUPT_GRACE_MS + TERMINATE_GRACE_MS);
          child.once('exit', () => {
            clearTimeout(t1);
            clearTimeout(t2);
            resolve();
          });
          child.kill('SIGINT');
        }),
    ),
  );
};

/**
 * Progress from a CLI's stderr lines, as MCP wants it (progress increases with every
 * notification): "step n/N", "line n/N", "n/N frames" and a line ending in "p%" (bundling) give progress and total within their
 * phase; a new phase continues from where the last ended; other lines count one each (a
 * hundredth inside a phase).
 */
export const progressTracker = () => {
  let last = 0;
  let base = 0;
  let phase = '';
  return (line: string): { progress: number; total?: number } => {
    const pct = /^(.*?)(\d+(?:\.\d+)?)%\s*$/.exec(line);
    const m = /\b(step|line) (\d+)\/(\d+)\b/.exec(line) ?? /\b(\d+)\/(\d+) (frames)\b/.exec(line) ?? (pct ? [line, pct[1] ?? '', pct[2] ?? '0', '100'] : null);
    const round = (x: number) => Math.round(x * 1000) / 1000;
    if (!m) {
      // Inside a phase a message line moves a little (the next "n/N" stays in place); outside, one.
      last = round(last + (phase ? 0.01 : 1));
      return { progress: last };
    }
    const [n, total, label] = m[3] === 'frames' ? [Number(m[1]), Number(m[2]), `${line.split(':')[0]} frames`] : [Number(m[2]), Number(m[3]), m[1] as string];
    const key = `${label}/${total}`;
    if (key !== phase) {
      base = last;
      phase = key;
    }
    const progress = round(Math.max(base + n, last + 0.001));
    last = progress;
    // Never past its total: a message line inside the phase may have nudged it beyond.
    return { progress, total: round(Math.max(base + total, progress)) };
  };
};
