import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeSyntheticCapture, readPixels } from './helpers/synthetic';

const BIN = path.join(__dirname, '..', 'bin', 'screenplay.mjs');
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

let capture: string;
let tmp: string;
beforeAll(() => {
  capture = makeSyntheticCapture(2);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-cli-'));
});
afterAll(() => {
  fs.rmSync(capture, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('screenplay CLI', () => {
  it.each([
    { name: 'no command prints usage, exit 1', args: [], code: 1, out: /Usage:/ },
    { name: 'help prints usage', args: ['help'], code: 0, out: /Usage:/ },
    { name: 'an unknown command', args: ['frobnicate'], code: 1, err: /unknown command "frobnicate"/ },
    { name: 'render without a capture dir', args: ['render'], code: 1, err: /expected a capture dir, but got none/ },
    {
      name: 'render of a missing dir',
      args: ['render', '/no/such/dir', '--composition', 'Landscape', '--out', '/tmp/x.mp4'],
      code: 1,
      err: /\/no\/such\/dir: expected a capture dir/,
    },
    {
      name: 'an unknown composition',
      args: ['render', '.', '--composition', 'Vertical', '--out', '/tmp/x.mp4'],
      code: 1,
      err: /--composition: expected one of Landscape, TikTokSplit, Square, Portrait, but got "Vertical"/,
    },
    { name: 'a missing --out', args: ['render', '.', '--composition', 'Landscape'], code: 1, err: /--out PATH is required/ },
    {
      name: 'a non-numeric --still',
      args: ['render', '.', '--composition', 'Landscape', '--out', 'x.png', '--still', 'two'],
      code: 1,
      err: /--still: expected a whole number/,
    },
    {
      name: 'an unknown renderer',
      args: ['render', '.', '--composition', 'Landscape', '--out', 'x.mp4', '--renderer', 'gpu'],
      code: 1,
      err: /--renderer: expected composite or browser, but got "gpu"/,
    },
    {
      name: 'an unknown flag',
      args: ['render', '.', '--bogus'],
      code: 1,
      err: /unknown option --bogus for render \(`screenplay render --help` lists its options\)/,
    },
    { name: 'a still without a composition', args: ['render', '.', '--out', 'x.png', '--still', '3'], code: 1, err: /--still needs --composition/ },
  ])('$name → exit $code', ({ args, code, out, err }) => {
    const r = run(...args);
    expect(r.code).toBe(code);
    if (out) expect(r.stdout).toMatch(out);
    if (err) expect(r.stderr).toMatch(err);
  });

  it('a capture dir with a bad capture.json exits 1 and names the JSON path', () => {
    const bad = path.join(tmp, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(
      path.join(bad, 'capture.json'),
      JSON.stringify({ version: 1, recording: 'r.mp4', screen: { width: 0, height: 10 }, fps: 30, durationMs: 10, events: [] }),
    );
    const r = run('render', bad, '--composition', 'Landscape', '--out', path.join(tmp, 'x.mp4'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/capture\.json: screen\.width /);
  });

  it('a still beyond the end exits 1 naming the valid range', { timeout: 180_000 }, () => {
    const r = run('render', capture, '--composition', 'Landscape', '--out', path.join(tmp, 'x.png'), '--still', '500', '--scale', '0.25');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--still: expected a frame from 0 to 59, but got 500/);
  });

  it('renders a still of any capture dir', { timeout: 180_000 }, () => {
    const png = path.join(tmp, 'still.png');
    const r = run('render', capture, '--composition', 'TikTokSplit', '--out', png, '--still', '10', '--scale', '0.25');
    expect(r.stderr).toMatch(/wrote .*still\.png \(270x480/);
    expect(r.code).toBe(0);
    expect(readPixels(png)).toMatchObject({ width: 270, height: 480 });
  });
});

describe('output through a pipe', () => {
  it('a reader that closes early (| head) ends it quietly: exit 0, no stack', { timeout: 120_000 }, () => {
    const r = spawnSync(
      'bash',
      ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} schema | head -c 10 >/dev/null; echo "exit \${PIPESTATUS[0]}" >&2`],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.stderr).toMatch(/exit 0/);
  });
  it('schema piped on arrives whole (more than the 64 KiB a pipe holds), every time', { timeout: 120_000 }, () => {
    const schema = fs.readFileSync(path.join(__dirname, '..', 'schema', 'screenplay.schema.json'), 'utf8');
    // A fast reader (wc) showed the cut: the CLI exited with the pipe's first 64 KiB sent.
    for (let i = 0; i < 3; i++) {
      const r = spawnSync('bash', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} schema | wc -c`], { encoding: 'utf8', timeout: 60_000 });
      expect(Number(r.stdout.trim())).toBe(Buffer.byteLength(schema));
    }
  });
});

describe('the CLI never prints a stack', () => {
  // A library error that is no ScreenplayError reaches the entry point (render is replaced by one
  // that throws what Remotion or execa would): one line, exit 2; the stack only with SCREENPLAY_DEBUG=1.
  const runThrowing = async (debug: boolean) => {
    vi.resetModules();
    vi.doMock('../src/render/render', async (orig) => ({
      ...(await orig<typeof import('../src/render/render')>()),
      renderMany: async () => {
        throw new Error('Protocol error (Runtime.callFunctionOn): Target closed\n    at CDPSession.send (node_modules/x.js:1:2)');
      },
    }));
    const { main } = await import('../src/cli/main');
    let stderr = '';
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    const before = process.env.SCREENPLAY_DEBUG;
    if (debug) process.env.SCREENPLAY_DEBUG = '1';
    else delete process.env.SCREENPLAY_DEBUG;
    try {
      return { code: await main(['render', capture, '--composition', 'Landscape', '--out', path.join(tmp, 'x.mp4')]), stderr };
    } finally {
      write.mockRestore();
      if (before === undefined) delete process.env.SCREENPLAY_DEBUG;
      else process.env.SCREENPLAY_DEBUG = before;
      vi.doUnmock('../src/render/render');
    }
  };

  it('a library error: exit 2, one line', async () => {
    const r = await runThrowing(false);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: Protocol error (Runtime.callFunctionOn): Target closed');
  });

  it('SCREENPLAY_DEBUG=1 adds the stack below the line', async () => {
    const r = await runThrowing(true);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^\nerror: Protocol error \(Runtime\.callFunctionOn\): Target closed\nError: Protocol error/);
    expect(r.stderr).toMatch(/^\s+at /m);
  });
});
