/** The MCP server's progress from CLI lines, the lines it returns, and its path rule (pure or on a temp folder). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveProjectPath } from '../../src/mcp/project-path';
import { progressTracker, resultLines } from '../../src/mcp/run-cli';

describe('progressTracker', () => {
  it('turns step, line, frame and percent lines into increasing progress with totals per phase', () => {
    const track = progressTracker();
    const lines = [
      'ELEVENLABS_API_KEY is not set: using the offline voice (espeak-ng)',
      'line 1/2 1: synthesising with espeak (v.yaml:2:5)',
      'line 2/2 2: synthesising with espeak (v.yaml:3:5)',
      'step 1/3 1 open_terminal (v.yaml:5:5)',
      'a message inside the phase',
      'step 2/3 2 run (v.yaml:6:5)',
      'Landscape: bundling 50%',
      'Landscape: bundling 100%',
      'Landscape: 60/120 frames (50%), 30.0 fps, eta 2s',
      'Landscape: 120/120 frames (100%), 30.0 fps, eta 0s',
    ];
    const out = lines.map((l) => track(l));
    expect(out.map((p) => [+p.progress.toFixed(2), p.total])).toEqual([
      [1, undefined],
      [2, 3],
      [3, 3],
      [4, 6],
      [4.01, undefined],
      [5, 6],
      [55, 105],
      [105, 105],
      [165, 225],
      [225, 225],
    ]);
    for (let i = 1; i < out.length; i++) expect(out[i]!.progress).toBeGreaterThan(out[i - 1]!.progress);
  });

  it('a repeated n/N still increases', () => {
    const track = progressTracker();
    const a = track('step 2/5 x');
    const b = track('step 2/5 x');
    expect(b.progress).toBeGreaterThan(a.progress);
  });
});

describe('resultLines', () => {
  it('leaves out lines that only say how far a phase is, keeps messages and the last line', () => {
    expect(resultLines(['Landscape: bundling 6%', 'warning: x', 'Landscape: 1/2 frames (50%)', 'Landscape: 2/2 frames (100%)'])).toEqual([
      'warning: x',
      'Landscape: 2/2 frames (100%)',
    ]);
    expect(
      resultLines(
        Array.from({ length: 5 }, (_, i) => `m${i}`),
        2,
      ),
    ).toEqual(['… (3 earlier lines left out)', 'm3', 'm4']);
  });
});

describe('resolveProjectPath', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-mcp-path-')));
  const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-mcp-outside-')));
  fs.writeFileSync(path.join(root, 'v.yaml'), 'steps: []\n');
  fs.mkdirSync(path.join(root, 'cap'));
  fs.symlinkSync(outside, path.join(root, 'out-link'));
  fs.symlinkSync(path.join(root, 'cap'), path.join(root, 'in-link'));
  fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'dangling'));
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });
  const leaves = (v: string) => `a: expected a path inside the project folder ${root}, but ${JSON.stringify(v)} leaves it`;

  it.each([
    ['v.yaml', 'file', { ok: true, rel: 'v.yaml' }],
    [path.join(root, 'v.yaml'), 'file', { ok: true, rel: 'v.yaml' }],
    ['./cap/../v.yaml', 'file', { ok: true, rel: 'v.yaml' }],
    ['in-link', 'dir', { ok: true, rel: 'cap' }],
    ['cap', 'file', { ok: false, message: 'a: expected "cap" to be a file, but it is a folder' }],
    ['v.yaml', 'dir', { ok: false, message: 'a: expected "v.yaml" to be a folder, but it is a file' }],
    ['missing.yaml', 'file', { ok: false, message: 'a: expected a file "missing.yaml" in the project, but it does not exist' }],
    ['../x', 'output', { ok: false, message: leaves('../x') }],
    ['/etc/passwd', 'file', { ok: false, message: leaves('/etc/passwd') }],
    ['out-link/new/file.mp4', 'output', { ok: false, message: `${leaves('out-link/new/file.mp4')} (through a symbolic link)` }],
    ['out-link', 'dir', { ok: false, message: `${leaves('out-link')} (through a symbolic link)` }],
    ['new/deeper/x.mp4', 'output', { ok: true, rel: 'new/deeper/x.mp4' }],
    ['in-link/x.png', 'output', { ok: true, rel: 'cap/x.png' }],
    ['dangling', 'output', { ok: false, message: 'a: expected "dangling" to resolve, but it is a symbolic link to nothing' }],
    ['~/x', 'file', { ok: false, message: 'a: expected a path inside the project, but got "~/x" (a home-folder path; give it relative to the project)' }],
    ['a\0b', 'file', { ok: false, message: 'a: expected a path inside the project (at most 1024 characters, no NUL), but got "a\\u0000b"' }],
  ] as const)('%s as %s', (value, kind, expected) => {
    expect(resolveProjectPath(root, 'a', value, kind)).toMatchObject(expected);
  });
});
