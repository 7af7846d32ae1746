/**
 * Children that must not outlive screenplay (the screen recorder, terminals), with everything
 * they started. A capture that is interrupted or crashes may exit while one is still starting or
 * running; the process's exit hook signals whatever is left, so no ffmpeg keeps recording and no
 * xterm (or the shell and command inside it) stays behind.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** The pids below `pid` (children, their children…), read from /proc; empty where there is none. */
export const descendants = (pid: number): number[] => {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const d of entries) {
    try {
      // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) for (const c of children.get(queue.shift() as number) ?? []) (out.push(c), queue.push(c));
  return out;
};

const signal = (pid: number, sig: NodeJS.Signals) => {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Ends a child and everything under it: `sig` to the child, SIGHUP to the rest (an interactive
 * shell ignores SIGTERM), then SIGKILL to whatever is still there after `graceMs`.
 */
export const endTree = async (proc: ChildProcess | { pid: number }, sig: NodeJS.Signals = 'SIGTERM', graceMs = 1500): Promise<void> => {
  if (proc.pid === undefined) return;
  const below = descendants(proc.pid);
  const running = 'exitCode' in proc ? proc.exitCode === null && proc.signalCode === null : alive(proc.pid);
  if (running) signal(proc.pid, sig);
  for (const p of below) signal(p, 'SIGHUP');
  const deadline = Date.now() + graceMs;
  const all = [proc.pid, ...below];
  while (all.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const p of all.filter(alive)) signal(p, 'SIGKILL');
};

const live = new Map<ChildProcess | number, NodeJS.Signals>();
let hooked = false;

const hookExit = () => {
  if (hooked) return;
  hooked = true;
  // Synchronous, as exit hooks must be: no grace period, so the tree goes at once.
  process.once('exit', () => {
    for (const [p, s] of live) {
      const pid = typeof p === 'number' ? p : p.pid;
      if (pid === undefined || (typeof p === 'number' && !alive(pid))) continue;
      const below = descendants(pid);
      signal(pid, s);
      for (const d of below) signal(d, 'SIGKILL');
    }
  });
};

export const endOnExit = (proc: ChildProcess, sig: NodeJS.Signals = 'SIGTERM'): void => {
  live.set(proc, sig);
  proc.once('exit', () => live.delete(proc));
  hookExit();
};

/** The same for a process that is not our ChildProcess (a shell node-pty started), by pid; call the returned function once it has exited. */
export const endPidOnExit = (pid: number, sig: NodeJS.Signals = 'SIGHUP'): (() => void) => {
  live.set(pid, sig);
  hookExit();
  return () => void live.delete(pid);
};
