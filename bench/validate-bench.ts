/**
 * `npx tsx bench/validate-bench.ts`: `screenplay validate` on the hostile scripts of issue 15
 * (tests/dsl/hostile-scripts.ts) through the CLI, under a 1 GB heap cap: wall time, peak memory
 * (the child's max RSS), exit code, error count and output size; and compileScript alone, in this
 * process. Target: every script under 1 MB validates in seconds and under 1 GB. Prints a table and
 * writes bench/results-validate.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileScript } from '../src/dsl/compile';
import { PROJECT_ROOT } from '../src/render/render';
import { hostileScripts } from '../tests/dsl/hostile-scripts';

const BIN = path.join(PROJECT_ROOT, 'bin', 'screenplay.mjs');

const main = () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-validate-bench-'));
  const rows = hostileScripts().map((h) => {
    const dir = fs.mkdtempSync(path.join(tmp, 'case-'));
    for (const [name, text] of Object.entries(h.files)) fs.writeFileSync(path.join(dir, name), text);
    const bytes = Object.values(h.files).reduce((a, t) => a + Buffer.byteLength(t), 0);
    const t0 = performance.now();
    // GNU time prints the child's peak RSS (KB) as the last line of stderr.
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, '--max-old-space-size=1024', BIN, 'validate', h.entry], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 1 << 30,
    });
    const wallMs = performance.now() - t0;
    const lines = r.stderr.trimEnd().split('\n');
    const peakMb = Number(lines.at(-1)) / 1024;
    const errors = Number(/: (\d+) errors?$/m.exec(r.stderr)?.[1] ?? NaN);
    const c0 = performance.now();
    compileScript({ entry: h.entry, files: h.files, root: '' });
    const compileMs = performance.now() - c0;
    return {
      name: h.name,
      inputKb: bytes / 1024,
      exit: r.status,
      wallMs,
      peakMb,
      compileMs,
      errors,
      outputKb: (r.stderr.length - (lines.at(-1)?.length ?? 0)) / 1024,
    };
  });
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log('| validate (CLI, 1 GB heap cap) | input KB | exit | wall s | peak MB | compile ms | errors | output KB |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.inputKb.toFixed(1)} | ${r.exit} | ${(r.wallMs / 1000).toFixed(1)} | ${r.peakMb.toFixed(0)} | ${r.compileMs.toFixed(0)} | ${r.errors} | ${r.outputKb.toFixed(1)} |`,
    );
  }
  const ok = rows.every((r) => r.exit === 1 && r.peakMb < 1024 && r.wallMs < 30_000);
  console.log(`\ntarget: exit 1, under 1 GB, in seconds, for each: ${ok ? 'met' : 'NOT met'} (wall time includes starting node and tsx)`);
  const result = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, load: os.loadavg() }, cases: rows };
  fs.writeFileSync(path.join(PROJECT_ROOT, 'bench', 'results-validate.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('wrote bench/results-validate.json');
};

main();
