import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { COMMANDS } from '../../src/cli/commands';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'screenplay.mjs');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

// Each spawn starts the CLI through tsx: well under a second alone, several on a loaded 2-core machine.
vi.setConfig({ testTimeout: 120_000 });

const bin = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** main() in this process, with what it prints to stdout and stderr. */
const inProcess = async (...args: string[]) => {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
};
afterEach(() => vi.restoreAllMocks());

describe('help for every command', () => {
  it('the table has every command the CLI documents', () => {
    expect(COMMANDS.map((c) => c.name)).toEqual([
      'validate',
      'plan',
      'schema',
      'make',
      'narrate',
      'capture',
      'rehearse',
      'finalise',
      'render',
      'review',
      'demo',
      'mcp',
      'init',
      'types',
      'help',
    ]);
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s --help: usage, every option with its default, an example; exit 0', async (name, c) => {
    const r = await inProcess(name, '--help');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^screenplay ${name}: `));
    expect(r.stdout).toContain(`Usage:\n  screenplay ${name}`);
    for (const o of c.options) {
      const line = r.stdout.split('\n').find((l) => l.includes(`--${o.name}${o.value ? ` ${o.value}` : ''}`));
      expect(line, `--${o.name}`).toBeDefined();
      if (o.default !== undefined) expect(r.stdout).toContain(`(default: ${o.default})`);
    }
    expect(r.stdout).toContain('-h, --help');
    expect(r.stdout).toMatch(/\nExamples?:\n {2}\S/);
    expect(c.examples.length).toBeGreaterThan(0);
    // `help CMD` and `CMD -h` print the same.
    expect((await inProcess('help', name)).stdout).toBe(r.stdout);
    expect((await inProcess(name, '-h')).stdout).toBe(r.stdout);
  });

  it('--help after other arguments still prints help and runs nothing', async () => {
    const r = await inProcess('render', '/no/such/dir', '--out', 'x.mp4', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('screenplay render CAPTURE_DIR');
  });

  it('an argument after -- is not a help request', async () => {
    const r = await inProcess('validate', '--', '--help');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });

  it.each([
    ['--help', 0],
    ['-h', 0],
    ['help', 0],
  ])('%s lists every command with its summary, exit %i', async (arg, code) => {
    const r = await inProcess(arg);
    expect(r.code).toBe(code);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`\\n {2}${c.name} +${c.summary.slice(0, 20).replace(/[()]/g, '\\$&')}`));
  });

  it('no command: the list on stdout, exit 1', async () => {
    const r = await inProcess();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Commands:');
  });

  it('help for an unknown command: exit 1 with a suggestion', async () => {
    const r = await inProcess('help', 'mkae');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown command "mkae" \(did you mean "make"\?\)/);
  });
});

describe('through the real bin', () => {
  it.each([['--version'], ['-v']])('%s prints the version from package.json, exit 0', (arg) => {
    const r = bin(arg);
    expect(r.stdout).toBe(`${VERSION}\n`);
    expect(r.code).toBe(0);
  });

  it('validate --help: exit 0 (it was an error)', () => {
    const r = bin('validate', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('screenplay validate FILE [--json]');
    expect(r.stdout).toContain('Example:\n  screenplay validate ');
  });

  it.each([
    { args: ['rendr'], err: /error: unknown command "rendr" \(did you mean "render"\?\)/ },
    { args: ['valdate', 'x.yaml'], err: /unknown command "valdate" \(did you mean "validate"\?\)/ },
    { args: ['render', 'cap', '--outt', 'x.mp4'], err: /error: unknown option --outt for render; did you mean --out\?/ },
    { args: ['validate', 'x.yaml', '--jsn'], err: /unknown option --jsn for validate; did you mean --json\?/ },
    { args: ['validate', 'x.yaml', '-json'], err: /unknown option -json for validate; did you mean --json\?/ },
    { args: ['narrate', 'x.yaml', '-out', 'dir'], err: /unknown option -out for narrate; did you mean --out\?/ },
    { args: ['make', 'x.yaml', '--rerendr'], err: /unknown option --rerendr for make; did you mean --rerender\?/ },
    { args: ['validate', 'x.yaml', '--frobnicate'], err: /unknown option --frobnicate for validate \(`screenplay validate --help` lists its options\)/ },
    { args: ['schema', 'extra'], err: /schema: unexpected argument 'extra'/ },
  ])('$args.0 $args.2 → exit 1: $err', ({ args, err }) => {
    const r = bin(...args);
    expect(r.stderr).toMatch(err);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(1);
  });
});
