import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ROOT } from './helpers';
import { absurdDurations, importsMultiplyingLibrary, misspeltUses, oneLongLine, twoUsesThirtyLevels, type Hostile } from './hostile-scripts';

// Each test starts the CLI (tsx compiles it: a few seconds, several times that on a loaded 2-core machine).
vi.setConfig({ testTimeout: 120_000 });

const BIN = path.join(ROOT, 'bin', 'screenplay.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-dsl-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const run = (args: string[], cwd = ROOT) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const write = (name: string, text: string) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
};

describe('a TypeScript script that misbehaves while it loads', () => {
  it('one that never finishes loading is an error after the time limit, exit 1; what it prints goes to stderr, so --json stays JSON', () => {
    const dir = path.join(tmp, 'esm-project');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    fs.writeFileSync(path.join(dir, 'hang.ts'), 'await new Promise(() => {});\nexport default { steps: [] };\n');
    const hang = spawnSync(process.execPath, [BIN, 'validate', 'hang.ts'], {
      encoding: 'utf8',
      cwd: dir,
      timeout: 60_000,
      env: { ...process.env, SCREENPLAY_TS_IMPORT_TIMEOUT_MS: '2000' },
    });
    expect(hang.status).toBe(1);
    expect(hang.stderr).toMatch(/hang\.ts:1:1: error: could not load the script: importing it failed: it did not finish loading in 2 s/);
    fs.writeFileSync(path.join(dir, 'loud.ts'), "console.log('HELLO FROM IMPORT');\nexport default { steps: [{ wait: '1s' }] };\n");
    const loud = spawnSync(process.execPath, [BIN, 'validate', 'loud.ts', '--json'], { encoding: 'utf8', cwd: dir, timeout: 60_000 });
    expect(loud.status).toBe(0);
    expect(JSON.parse(loud.stdout)).toMatchObject({ ok: true });
    expect(loud.stderr).toContain('HELLO FROM IMPORT');
    fs.writeFileSync(path.join(dir, 'quits.ts'), "process.exit(0);\nexport default { steps: [{ wait: 'zz' }] };\n");
    const quits = spawnSync(process.execPath, [BIN, 'validate', 'quits.ts'], { encoding: 'utf8', cwd: dir, timeout: 60_000 });
    expect(quits.status).toBe(1);
    expect(quits.stderr).toMatch(/quits\.ts:1:1: error: could not load the script: importing it failed: it called process\.exit\(0\) while loading/);
  });

  it('validate and plan take one file: more is exit 1, never a silent pass', () => {
    for (const cmd of ['validate', 'plan']) {
      const r = run([cmd, 'examples/quickstart.yaml', 'examples/no-such.yaml']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`${cmd}: expected one script file, but got 2`));
    }
  });
});

describe('screenplay validate', () => {
  it('exits 0 on a valid script', () => {
    const r = run(['validate', 'examples/tiktok-teaser.yaml']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/examples\/tiktok-teaser\.yaml: valid \(\d+ steps\)/);
  });

  it.each([
    [
      'an object shared at every level (10^8 copies from 3 lines)',
      'let a: any = { press: "Enter" };\nfor (let i = 0; i < 8; i++) a = { cut: { steps: Array(10).fill(a) } };\nexport default { steps: [a] };\n',
      /dag\.ts:3:26: expected a script of at most 200,000 values .*but it holds more/, // at the `a` in `[a]`
    ],
    [
      'an object that contains itself',
      'const o: any = { steps: [] };\no.steps.push({ cut: o });\nexport default o;\n',
      // At `export default o`: o is changed after it is written (o.steps.push), so its literal is not its value.
      /dag\.ts:3:16: expected a script whose objects and arrays nest at most 200 levels deep, but it nests deeper \(or an object contains itself\)/,
    ],
  ])('a TypeScript script with %s: exit 1 at once, positioned', (_, source, message) => {
    write('dag.ts', source);
    const r = spawnSync(process.execPath, ['--max-old-space-size=1024', BIN, 'validate', 'dag.ts'], { encoding: 'utf8', cwd: tmp, timeout: 60_000 });
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(1);
  });

  it('never prints secret text however it is written: long, a number, escaped, through a primitive param', () => {
    const long = `sk-LIVE-${'abcdefghij'.repeat(14)}`;
    write(
      'secrets.yaml',
      [
        'steps:',
        `  - type: { text: "${long}", secret: true, wpm: -5 }`,
        '  - type: {text: 123456789, secret: true, wpm: -5}',
        "  - type: { text: 'pa''ss-Wd9zz', secret: true, wpm: -5 }",
        '  - type: { text: "Hunter\\u00e9\\x32Zq", secret: true, wpm: -5 }',
        '  - login: { pw: "CorrectHorse42", nope: 1 }',
        'primitives:',
        '  login:',
        '    description: Log in.',
        '    params:',
        '      pw: { type: string }',
        '    steps:',
        '      - type: { text: "${pw}", secret: true }',
        '',
      ].join('\n'),
    );
    for (const args of [
      ['validate', 'secrets.yaml'],
      ['validate', 'secrets.yaml', '--json'],
      ['plan', 'secrets.yaml'],
    ]) {
      const r = run(args, tmp);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/wpm/);
      expect(r.stdout + r.stderr).not.toMatch(/abcdefghij|123456789|ss-Wd9zz|Hunter|CorrectHorse/);
    }
    expect(run(['validate', 'secrets.yaml'], tmp).stderr).toContain('(this line holds secret text: not shown)');
  });

  it('plan masks a secret with 8 dots whatever its length', () => {
    write('pin.yaml', 'steps:\n  - type: { text: "12345678901234", secret: true }\n');
    const r = run(['plan', 'pin.yaml', '--json'], tmp);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"text": "••••••••"');
    expect(r.stdout).not.toContain('12345678901234');
  });

  it('never prints secret text, also in the source line of an error about its step', () => {
    write(
      'secret.yaml',
      'steps:\n  - type: { text: "hunter2secret", secret: true, bogus: 1 }\n  - type:\n      text: other-secret-xyz\n      secret: true\n      wpm: 1\n',
    );
    for (const args of [
      ['validate', 'secret.yaml'],
      ['validate', 'secret.yaml', '--json'],
      ['plan', 'secret.yaml'],
    ]) {
      const r = run(args, tmp);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/bogus/);
      expect(r.stdout + r.stderr).not.toMatch(/hunter2|other-secret/);
    }
  });

  it('prints every error as FILE:LINE:COL with the line and a caret, exit 1', () => {
    write('bad.yaml', 'title: Broken\nsteps:\n  - pres: Enter\n  - wait: 2\n');
    const r = run(['validate', 'bad.yaml'], tmp);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatchInlineSnapshot(`
      "bad.yaml:3:5: error: unknown action "pres" (did you mean "press"?); expected a built-in action or a primitive defined or imported here  [steps[0].pres]
          - pres: Enter
            ^
      bad.yaml:4:11: error: must be a duration with a unit, like "2s" or "500ms", but got the bare number 2 (did you mean "2s"?)  [steps[1].wait.duration]
          - wait: 2
                  ^
      bad.yaml: 2 errors
      "
    `);
  });

  it('--json prints {ok, errors, warnings}', () => {
    write('bad2.yaml', 'steps:\n  - click: { x: 1, y: 2, buton: right }\n');
    const r = run(['validate', 'bad2.yaml', '--json'], tmp);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      errors: [
        {
          file: 'bad2.yaml',
          line: 2,
          column: 26,
          path: 'steps[0].click.buton',
          message: expect.stringMatching(/unknown key "buton" \(did you mean "button"\?\)/),
        },
      ],
      warnings: [],
    });
  });

  it('a missing file is invalid input', () => {
    const r = run(['validate', 'nope.yaml'], tmp);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope\.yaml: expected a script file/);
  });
});

describe('screenplay plan', () => {
  it('prints the expanded tree with sources and the primitive stack', () => {
    const r = run(['plan', 'examples/add-ink-to-claude-code.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Add Ink to Claude Code: \d+ steps, 0 marks/);
    expect(r.stdout).toMatch(
      /3\.1 +run +command="claude mcp add --transport http ink …" +primitives\/claude-code\.yaml:\d+:\d+ +via add_mcp_server_claude_code \(examples\/add-ink-to-claude-code\.yaml:10\)/,
    );
    expect(r.stdout).toMatch(
      /3\.3\.1 +run +command="claude mcp list" .* via add_mcp_server_claude_code \(examples\/add-ink-to-claude-code\.yaml:10\) → run_and_show \(primitives\/claude-code\.yaml:\d+\)/,
    );
  });

  it('--json prints steps and marks, with secrets masked', () => {
    write('secret.yaml', 'steps:\n  - type: { text: hunter2, secret: true }\n  - cut: [ { press: Enter } ]\n');
    const r = run(['plan', 'secret.yaml', '--json'], tmp);
    const plan = JSON.parse(r.stdout);
    expect(plan.steps[0]).toMatchObject({ id: '1', action: 'type', args: { text: '••••••••', secret: true } });
    expect(r.stdout).not.toContain('hunter2');
    expect(plan.marks).toEqual([expect.objectContaining({ kind: 'cut', from: '2.1', to: '2.1' })]);
  });
});

describe('screenplay schema', () => {
  it('prints the JSON Schema; --for adds the primitives a script can use', () => {
    const base = JSON.parse(run(['schema']).stdout);
    expect(Object.keys(base.$defs.step.properties).length).toBe(28);
    const forScript = JSON.parse(run(['schema', '--for', 'examples/deploy-nextjs-with-claude.yaml']).stdout);
    const names = Object.keys(forScript.$defs.step.properties);
    expect(names).toEqual(expect.arrayContaining(['deploy_with_claude', 'ask_claude', 'run_and_show', 'click']));
    // Shared subschemas are moved into $defs and referenced.
    const deref = (n: { $ref?: string }): Record<string, unknown> => (n.$ref ? deref(forScript.$defs[n.$ref.replace('#/$defs/', '')]) : n);
    const ask = deref(forScript.$defs.step.properties.ask_claude);
    expect(ask.required).toEqual(['prompt']);
  });
});

describe('screenplay capture: settings checked before anything runs', () => {
  it.each([
    {
      name: 'an unknown recorder',
      script: 'steps:\n  - wait: 1s\n',
      args: ['--recorder', 'quicktime'],
      want: /--recorder: expected ffmpeg or obs, but got "quicktime"/,
    },
    {
      name: "OBS's password variable not set",
      script: 'capture: { recorder: obs, obs: { passwordEnv: SCREENPLAY_TEST_UNSET_PW } }\nsteps:\n  - wait: 1s\n',
      args: [],
      want: /capture\.obs\.passwordEnv: expected the environment variable SCREENPLAY_TEST_UNSET_PW to hold OBS's password, but it is not set/,
    },
    {
      name: 'a password written into the script',
      script: 'capture: { recorder: obs, obs: { password: hunter2 } }\nsteps:\n  - wait: 1s\n',
      args: [],
      want: /unknown key "password"/,
    },
  ])('$name: exit 1', ({ script, args, want }) => {
    const f = write('cap.yaml', script);
    const r = run(['capture', f, '--out', path.join(tmp, 'never'), ...args]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(want);
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false);
  });
});

describe('compile warnings reach every command that compiles', () => {
  const script = 'steps:\n  - press: Enter\n  - say: { id: outro, text: "Live in under a minute.", wait: false }\n';
  it.each([
    ['plan', [] as string[], 0],
    // No display answers :59999: capture refuses to start (exit 1) after compiling, having said why the take runs on.
    ['capture', ['--out', 'never', '--display', ':59999', '--countdown', '0s'], 1],
  ])('%s prints the last say with wait: false warning', (command, args, code) => {
    const f = write('ending.yaml', script);
    const r = run([command, f, ...args], tmp);
    expect(r.stderr).toMatch(/ending\.yaml:3:\d+: warning: .*wait: false is the last step/);
    expect(r.code).toBe(code);
  });
});

describe('validate on hostile scripts (issue 15): exit 1, bounded output, under 1 GB of heap', () => {
  // The heap cap makes a regression die (exit 134) instead of taking the machine's memory.
  const capped = (args: string[], cwd: string) => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=1024', BIN, ...args], { encoding: 'utf8', cwd, timeout: 120_000, maxBuffer: 1 << 30 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const writeAll = (h: Hostile) => {
    const dir = fs.mkdtempSync(path.join(tmp, 'hostile-'));
    for (const [name, text] of Object.entries(h.files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  };

  it.each([
    {
      h: importsMultiplyingLibrary(),
      errors: 1,
      first:
        /^lib\.yaml:24:3: error: "p7" expands to 21,111,110 steps \("p7" uses "p6" 10 times, .*more than the 10000 a script may expand to  \[primitives\.p7\]$/m,
    },
    {
      h: twoUsesThirtyLevels(),
      errors: 1,
      first: /^main\.yaml:97:5: error: "q30" expands to 3,221,225,470 steps \("q30" uses "q29" 2 times, .*\[steps\[0\]\.q30\]$/m,
    },
    { h: misspeltUses(), errors: 101, first: /^main\.yaml:15003:5: error: unknown action "pirm_0000_x" \(did you mean "prim_0000_x"\?\)/m },
    { h: absurdDurations(), errors: 2, first: /^main\.yaml:3:11: error: must be at most 24 hours \("1440m"\), but got "40000m" \(666\.7 hours\)/m },
    { h: oneLongLine(), errors: 101, first: /^main\.json:1:12: error: unknown action "pres" \(did you mean "press"\?\)/m },
  ])(
    '$h.name',
    ({ h, errors, first }) => {
      const r = capped(['validate', h.entry], writeAll(h));
      expect(r.code, r.stderr.slice(-2000)).toBe(1);
      expect(r.stderr).toMatch(first);
      expect(r.stderr).toMatch(new RegExp(`^${h.entry.replace('.', '\\.')}: ${errors} errors?\\n$`, 'm'));
      // Every error is 3 lines plus its notes (at most 16): no 65,536 copies, no 1 GB of one long line.
      expect(r.stderr.length).toBeLessThan(errors * 2000);
      expect(r.stderr).not.toMatch(/FATAL|heap out of memory|\n\s+at /);
    },
    150_000,
  );

  const NEST = 'maps and lists nest more than 200 levels deep here; a script may nest them at most 200 levels';
  const ALIASES = "aliases (*name) expand to more than 100,000 nodes by this one; a file's aliases may produce at most 100,000";
  it.each([
    // The issue: 4 KB of JSON brackets aborted V8 (exit 134) in load-script's own yaml parse.
    { name: '2,000 JSON brackets under a quoted key', file: 'dj.json', text: `{"steps":${'['.repeat(2000)}${']'.repeat(2000)}}`, at: '1:209', message: NEST },
    { name: 'the same as YAML', file: 'dj.yaml', text: `{"steps": ${'['.repeat(2000)}${']'.repeat(2000)}}\n`, at: '1:210', message: NEST },
    // The issue: 500 KB unclosed took 19 s and 1 GB, then printed "Maximum call stack size exceeded".
    { name: '500 KB of unclosed brackets', file: 'u.yaml', text: `steps: ${'['.repeat(500_000)}`, at: '1:207', message: NEST },
    {
      name: '300 block maps',
      file: 'b.yaml',
      text: `${Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}a:`).join('\n')} 1\n`,
      at: '201:401',
      message: NEST,
    },
    {
      name: 'a list of 1000 used 1000 times',
      file: 'l.yaml',
      text: `a: &l [${Array(1000).fill('x').join(', ')}]\nsteps:\n${'  - type: *l\n'.repeat(1000)}`,
      at: '102:11',
      message: ALIASES,
    },
  ])(
    '$name: exit 1, one positioned error, quickly',
    ({ file, text, at, message }) => {
      write(file, text);
      const t0 = performance.now();
      const r = capped(['validate', file], tmp);
      expect(r.code, r.stderr.slice(-2000)).toBe(1);
      expect(r.stderr.startsWith(`${file}:${at}: error: ${message}\n`), r.stderr.slice(0, 500)).toBe(true);
      expect(r.stderr).toMatch(new RegExp(`\\n${file.replace('.', '\\.')}: 1 error\\n$`));
      expect(r.stderr.length).toBeLessThan(2000);
      expect(r.stderr).not.toMatch(/FATAL|heap out of memory|Maximum call stack|\n\s+at /);
      expect(performance.now() - t0).toBeLessThan(30_000);
    },
    60_000,
  );

  it("validate resolves an alias to its value: plan shows the text, not the anchor's name", () => {
    write('alias.yaml', 'title: T\nsteps:\n  - type: &cmd "npm test"\n  - type: *cmd\n');
    const r = capped(['plan', 'alias.yaml', '--json'], tmp);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).steps.map((s: { args: unknown }) => s.args)).toEqual([
      { text: 'npm test', wpm: 70, secret: false },
      { text: 'npm test', wpm: 70, secret: false },
    ]);
  }, 60_000);

  it('plan refuses an absurd duration instead of printing null', () => {
    const r = capped(['plan', 'main.yaml', '--json'], writeAll(absurdDurations()));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/main\.yaml:2:11: error: must be at most 24 hours \("1440m"\), but got "9{40}…"/);
  }, 150_000);
});
