/**
 * `npx tsx bench/cli-startup-bench.ts [--runs N]`: how long each `screenplay` command takes to start
 * and finish through the real bin (bin/screenplay.mjs, or SCREENPLAY_BIN=path for another, such as a
 * built dist/ bin): wall time and CPU time per run, median and fastest of N runs after one warm-up. Target:
 * `--version`, `--help`, `validate`, `plan` and `schema` in ≤ 0.5 s (issue 20). Two baselines
 * show what no command can go below: `node` itself, and node + tsx's loader (what the bin pays
 * before main.ts runs while it runs TypeScript). Heavier commands are listed for comparison: they
 * load the render or capture stacks they need. Prints a table and writes bench/results-cli-startup.json.
 *
 * The bin runs what an installed package runs, the built dist/ (SCREENPLAY_RUN=dist; built first with
 * `npm run build` when dist/cli.js is missing or older than src/). SCREENPLAY_RUN=src measures a git
 * checkout's path (TypeScript through tsx) instead.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..');
const BIN = path.resolve(process.env.SCREENPLAY_BIN ?? path.join(ROOT, 'bin', 'screenplay.mjs'));
const TARGET_MS = 500;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;

type Case = { name: string; argv: string[]; target: boolean; exit: number };
const cli = (args: string[], target: boolean, exit = 0): Case => ({ name: `screenplay ${args.join(' ')}`, argv: [BIN, ...args], target, exit });

const CASES: Case[] = [
  { name: 'node -e 0 (baseline)', argv: ['-e', '0'], target: false, exit: 0 },
  { name: 'node + tsx register (baseline)', argv: ['--input-type=module', '-e', "(await import('tsx/esm/api')).register()"], target: false, exit: 0 },
  cli(['--version'], true),
  cli(['--help'], true),
  cli(['validate', '--help'], true),
  cli(['validate', 'examples/quickstart.yaml'], true),
  cli(['validate', 'examples/custom-domain.yaml'], true),
  cli(['plan', 'examples/quickstart.yaml'], true),
  cli(['schema'], true),
  cli(['validate', 'examples/add-ink-to-claude-code.ts'], false),
  cli(['make', '--help'], true),
  cli(['mcp', '--print-config'], false),
  cli(['render', 'no-such-capture-dir', '--out', '/tmp/x.mp4'], false, 1),
];

const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const MODE = process.env.SCREENPLAY_RUN === 'src' ? 'src' : 'dist';
const ENV = { ...process.env, SCREENPLAY_RUN: MODE };

/** The newest modification time (ms) of the files under `dir`. */
const newest = (dir: string): number =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = path.join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }, 0);

if (MODE === 'dist') {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  if (!fs.existsSync(cli) || fs.statSync(cli).mtimeMs < newest(path.join(ROOT, 'src'))) {
    console.log('building dist/ (npm run build)…');
    const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build failed');
  }
}

/** One run: wall time, and the child's CPU time (user + system, from GNU time when present: less moved by a busy machine than wall time). */
const time = (c: Case): { ms: number; cpuMs: number | null; exit: number | null } => {
  const t0 = performance.now();
  const r = GNU_TIME
    ? spawnSync(GNU_TIME, ['-f', '@@cpu %U %S', process.execPath, ...c.argv], { cwd: ROOT, env: ENV, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 26 })
    : spawnSync(process.execPath, c.argv, { cwd: ROOT, env: ENV, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  const cpu = /@@cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  return { ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : null, exit: r.status };
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const main = () => {
  const rows = CASES.map((c) => {
    time(c); // warm-up: tsx's transform cache, the OS's file cache
    const runs = Array.from({ length: RUNS }, () => time(c));
    const ms = runs.map((r) => r.ms);
    const cpu = runs.flatMap((r) => (r.cpuMs === null ? [] : [r.cpuMs]));
    const exits = [...new Set(runs.map((r) => r.exit))];
    return {
      name: c.name,
      target: c.target,
      medianMs: median(ms),
      minMs: Math.min(...ms),
      maxMs: Math.max(...ms),
      cpuMedianMs: cpu.length ? median(cpu) : null,
      exits,
      expectedExit: c.exit,
    };
  });
  console.log(
    `bin: ${path.relative(ROOT, BIN) || BIN} running ${MODE === 'dist' ? 'the built dist/ (as installed)' : 'src/ through tsx (a checkout)'}; ${RUNS} runs each after a warm-up; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log('| command | median ms | fastest ms | slowest ms | CPU ms (median) | exit | target ≤ 500 ms |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.medianMs.toFixed(0)} | ${r.minMs.toFixed(0)} | ${r.maxMs.toFixed(0)} | ${r.cpuMedianMs === null ? '—' : r.cpuMedianMs.toFixed(0)} | ${r.exits.join(',')} | ${r.target ? (r.medianMs <= TARGET_MS ? 'met' : 'NOT met') : '—'} |`,
    );
  const wrongExit = rows.filter((r) => r.exits.length !== 1 || r.exits[0] !== r.expectedExit);
  if (wrongExit.length)
    console.log(`\nunexpected exit codes: ${wrongExit.map((r) => `${r.name} (${r.exits.join(',')}, expected ${r.expectedExit})`).join('; ')}`);
  const targeted = rows.filter((r) => r.target);
  const missed = targeted.filter((r) => r.medianMs > TARGET_MS);
  console.log(
    `\ntarget (median ≤ ${TARGET_MS} ms) for ${targeted.map((r) => r.name.replace('screenplay ', '')).join(', ')}: ${missed.length ? `NOT met by ${missed.map((r) => r.name.replace('screenplay ', '')).join(', ')}` : 'met'} (wall time includes starting node${MODE === 'src' ? ' and tsx' : ''}; compare the baselines)`,
  );
  const result = {
    date: new Date().toISOString(),
    bin: path.relative(ROOT, BIN) || BIN,
    mode: MODE,
    runs: RUNS,
    targetMs: TARGET_MS,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, load: os.loadavg() },
    cases: rows,
  };
  fs.writeFileSync(path.join(ROOT, 'bench', 'results-cli-startup.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('wrote bench/results-cli-startup.json');
  if (wrongExit.length) process.exitCode = 1;
};

main();
