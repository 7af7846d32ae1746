/** Ctrl-C while make encodes a preset: said as an interruption, exit 2, no hidden work files, the file made before intact. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-preset-int-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const module = path.resolve('src/make/make.ts');

describe('make: Ctrl-C while encoding a preset', () => {
  it.each([
    // 20 s: longer than github-gif's 15 s, so it is first fitted (a blocking ffmpeg), then encoded.
    { name: 'while fitting it (a blocking ffmpeg)', preset: 'github-gif', waitFor: /^\.github-gif\.fit\.mp4$/ },
    { name: 'while encoding the GIF', preset: 'github-gif', waitFor: /^\.github\.gif\..*\.tmp$/ },
  ])(
    '$name: "interrupted", exit 2, no hidden files, the previous file intact',
    async ({ preset, waitFor }) => {
      const sub = fs.mkdtempSync(path.join(dir, 'run-'));
      const input = path.join(sub, 'in.mp4');
      const made = spawnSync(
        'ffmpeg',
        [
          '-v',
          'error',
          '-y',
          '-f',
          'lavfi',
          '-i',
          'testsrc2=size=1280x720:rate=30:duration=20',
          '-f',
          'lavfi',
          '-i',
          'sine=frequency=440:duration=20',
          '-c:v',
          'libx264',
          '-preset',
          'ultrafast',
          '-c:a',
          'aac',
          '-shortest',
          input,
        ],
        { encoding: 'utf8' },
      );
      expect(made.status, made.stderr).toBe(0);
      const out = path.join(sub, 'out');
      fs.mkdirSync(out);
      const previous = path.join(out, 'github.gif');
      fs.writeFileSync(previous, 'the GIF made before');
      const script = path.join(sub, 'encode.mts');
      fs.writeFileSync(
        script,
        `import { encodePresetInterruptibly } from ${JSON.stringify(module)};\nimport { OUTPUT_PRESETS } from ${JSON.stringify(path.resolve('src/output-presets.ts'))};\n` +
          `await encodePresetInterruptibly(OUTPUT_PRESETS[${JSON.stringify(preset)}], ${JSON.stringify(input)}, ${JSON.stringify(out)});\nconsole.log('finished');\n`,
      );
      // Its own process group, as a terminal's Ctrl-C sends SIGINT to the whole group (ffmpeg too).
      const child = spawn(process.execPath, ['--import', 'tsx', script], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      // Signalled once its work file shows (the step being interrupted has begun).
      for (let i = 0; i < 600 && !fs.readdirSync(out).some((f) => waitFor.test(f)); i++) await new Promise((r) => setTimeout(r, 50));
      expect(
        fs.readdirSync(out).some((f) => waitFor.test(f)),
        'the work file never showed',
      ).toBe(true);
      process.kill(-child.pid!, 'SIGINT');
      const code = await exited;
      expect(stdout).not.toContain('finished');
      expect(stderr).toMatch(/make: interrupted \((SIGINT|a signal)\) while encoding the github-gif preset; .*kept in /);
      expect(stderr).not.toMatch(/ffmpeg failed/);
      expect(code).toBe(2);
      expect(fs.readdirSync(out)).toEqual(['github.gif']);
      expect(fs.readFileSync(previous, 'utf8')).toBe('the GIF made before');
    },
    120_000,
  );
});
