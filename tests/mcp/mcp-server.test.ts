/**
 * `screenplay mcp` driven by the SDK's own Client over stdio, as Claude Code would: the server
 * is `node bin/screenplay.mjs mcp` started in a temporary project folder. Tools listed; a broken
 * script validated (positions), fixed, validated again; schema and actions; paths that leave the
 * project refused; a still of a real recording (pixels checked); progress from a long tool
 * (narrate, offline voice); a capture on our own Xvfb cancelled mid-take (complete: false kept).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LoggingMessageNotificationSchema, type CallToolResult, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { DESKTOP, VOICE, skipWithout } from '../helpers/requires';
import { readPixels } from '../helpers/synthetic';

const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');
const skipVoice = skipWithout('MCP narrate progress', VOICE);
const skipDesktop = skipWithout('MCP capture cancellation on Xvfb', DESKTOP);

const textOf = (r: CallToolResult): string =>
  r.content
    .filter((c) => c.type === 'text')
    .map((c) => (c as { text: string }).text)
    .join('\n');
const jsonOf = <T>(r: CallToolResult): T => JSON.parse(textOf(r)) as T;

let project: string;
let client: Client;
let stderr = '';

beforeAll(async () => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-mcp-'));
  fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "mcp-test-project", "private": true }\n');
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp'],
    cwd: project,
    env: { ...process.env } as Record<string, string>,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  client = new Client({ name: 'screenplay-test', version: '1.0.0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  if (!process.env.KEEP_TEST_DIRS) fs.rmSync(project, { recursive: true, force: true });
});

describe('screenplay mcp over stdio', () => {
  it('lists every tool, with input schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'capture',
      'get_schema',
      'get_still',
      'list_actions',
      'list_primitives',
      'make',
      'narrate',
      'plan',
      'render',
      'review',
      'screenshot_stage',
      'validate',
    ]);
    const validate = tools.find((t) => t.name === 'validate');
    expect(validate?.inputSchema).toMatchObject({ type: 'object', properties: { file: { type: 'string' } }, required: ['file'] });
    expect(stderr).toContain(`screenplay mcp: serving ${fs.realpathSync(project)} over stdio`);
  });

  it('validate: a broken script gives its errors with positions; fixed, it passes', async () => {
    fs.writeFileSync(path.join(project, 'video.yaml'), 'title: MCP test\nsteps:\n  - clik: { text: Deploy }\n  - wait: 1s\n');
    const broken = (await client.callTool({ name: 'validate', arguments: { file: 'video.yaml' } })) as CallToolResult;
    const b = jsonOf<{ ok: boolean; errors: Array<{ file: string; line: number; column: number; path: string; message: string }>; text: string }>(broken);
    expect(b.ok).toBe(false);
    expect(b.errors).toEqual([
      { file: 'video.yaml', line: 3, column: 5, path: 'steps[0].clik', message: expect.stringContaining('unknown action "clik" (did you mean "click"?)') },
    ]);
    // The same text `screenplay validate` prints: FILE:LINE:COL, the line, a caret.
    expect(b.text).toContain('video.yaml:3:5: error: unknown action "clik"');
    expect(b.text).toContain('  - clik: { text: Deploy }\n      ^');
    expect(b.text).toMatch(/video\.yaml: 1 error$/);

    fs.writeFileSync(path.join(project, 'video.yaml'), 'title: MCP test\nsteps:\n  - click: { text: Deploy }\n  - wait: 1s\n');
    const fixed = jsonOf<{ ok: boolean; steps: number; errors: unknown[] }>(
      (await client.callTool({ name: 'validate', arguments: { file: 'video.yaml' } })) as CallToolResult,
    );
    expect(fixed).toMatchObject({ ok: true, steps: 2, errors: [] });
  });

  it('a TypeScript script that prints to stdout does not break the protocol (its output goes to stderr)', async () => {
    fs.writeFileSync(
      path.join(project, 'noisy.ts'),
      'console.log("noise on stdout");\nprocess.stdout.write("more noise\\n");\nexport default { steps: [{ wait: "1s" }] };\n',
    );
    const r = jsonOf<{ ok: boolean; steps: number }>((await client.callTool({ name: 'validate', arguments: { file: 'noisy.ts' } })) as CallToolResult);
    expect(r).toMatchObject({ ok: true, steps: 1 });
    expect(stderr).toContain('noise on stdout');
    expect(stderr).toContain('more noise');
    // The session still answers.
    expect((await client.listTools()).tools.length).toBe(12);
  });

  it('plan: the steps with their sources; secret text never comes back', async () => {
    fs.writeFileSync(path.join(project, 'secret.yaml'), 'steps:\n  - type: { text: "hunter2-password", secret: true }\n  - press: Enter\n');
    const r = (await client.callTool({ name: 'plan', arguments: { file: 'secret.yaml' } })) as CallToolResult;
    expect(r.isError).toBeFalsy();
    const all = JSON.stringify(r);
    expect(all).not.toContain('hunter2');
    const p = jsonOf<{ plan: { steps: Array<{ id: string; action: string; source: { line: number } }> }; tree: string }>(r);
    expect(p.plan.steps.map((s) => [s.id, s.action, s.source.line])).toEqual([
      ['1', 'type', 2],
      ['2', 'press', 3],
    ]);
    // A broken line holding secret text: the error names it, without its excerpt.
    fs.writeFileSync(path.join(project, 'secret-bad.yaml'), 'steps:\n  - type: { text: "hunter2-password", secret: true, speed: fast }\n');
    const bad = (await client.callTool({ name: 'plan', arguments: { file: 'secret-bad.yaml' } })) as CallToolResult;
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/^secret-bad\.yaml:2:\d+: error: /);
    expect(JSON.stringify(bad)).not.toContain('hunter2');
  });

  it('get_schema and list_actions describe the format', async () => {
    const schema = jsonOf<{ $defs: Record<string, unknown>; properties: Record<string, unknown> }>(
      (await client.callTool({ name: 'get_schema', arguments: {} })) as CallToolResult,
    );
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['title', 'steps', 'primitives', 'import']));
    const actions = jsonOf<Array<{ name: string; summary: string; example: string }>>(
      (await client.callTool({ name: 'list_actions', arguments: {} })) as CallToolResult,
    );
    expect(actions.find((a) => a.name === 'click')).toMatchObject({ example: '- click: { role: button, name: Deploy }' });
    expect(actions.length).toBeGreaterThan(20);
    // With a file: its own primitives become step kinds.
    fs.writeFileSync(
      path.join(project, 'prims.yaml'),
      'primitives:\n  greet:\n    description: Say hello.\n    params:\n      who: { type: string }\n    steps:\n      - say: "Hello ${who}"\nsteps:\n  - greet: { who: world }\n',
    );
    const withPrims = JSON.stringify(jsonOf((await client.callTool({ name: 'get_schema', arguments: { file: 'prims.yaml' } })) as CallToolResult));
    expect(withPrims).toContain('"greet"');
    const prims = jsonOf<Array<{ name: string; params: Record<string, unknown>; source: { file: string; line: number } }>>(
      (await client.callTool({ name: 'list_primitives', arguments: { file: 'prims.yaml' } })) as CallToolResult,
    );
    expect(prims).toEqual([
      expect.objectContaining({
        name: 'greet',
        description: 'Say hello.',
        params: { who: { type: 'string' } },
        source: { file: 'prims.yaml', line: 2, column: 3 },
      }),
    ]);
    const builtins = jsonOf<Array<{ name: string }>>((await client.callTool({ name: 'list_primitives', arguments: {} })) as CallToolResult);
    expect(builtins.map((p) => p.name)).toEqual(expect.arrayContaining(['run_and_show', 'ask_claude', 'deploy_with_claude']));
  });

  it('refuses paths that leave the project: .., absolute, a symbolic link out', async () => {
    fs.symlinkSync('/etc', path.join(project, 'etc-link'));
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['validate', { file: '../outside.yaml' }, /^error: file: expected a path inside the project folder .*, but "\.\.\/outside\.yaml" leaves it$/],
      ['validate', { file: '/etc/hostname' }, /^error: file: expected a path inside the project folder .*, but "\/etc\/hostname" leaves it$/],
      ['get_still', { video: 'etc-link/hostname' }, /leaves it \(through a symbolic link\)$/],
      ['narrate', { file: 'video.yaml', out: '../../tmp/out' }, /^error: out: expected a path inside the project folder/],
      ['render', { captureDir: 'missing', out: 'x' }, /^error: captureDir: expected a folder "missing" in the project, but it does not exist$/],
    ];
    for (const [name, args, message] of cases) {
      const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
      expect(r.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(textOf(r)).toMatch(message);
    }
    // Input validation: a wrong type is refused by the schema, as a tool error.
    const typed = (await client.callTool({ name: 'get_still', arguments: { video: 'x', frame: -1 } })) as CallToolResult;
    expect(typed.isError).toBe(true);
    expect(textOf(typed)).toMatch(/frame/);
  });

  it("get_still: a frame of a capture dir's recording, by frame and by time, scaled to 1280 px wide", async () => {
    const dir = path.join(project, 'take');
    fs.mkdirSync(dir);
    // 1600x900, 10 fps: red for 1 s, then blue for 1 s.
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'color=c=red:s=1600x900:r=10:d=1',
      '-f',
      'lavfi',
      '-i',
      'color=c=blue:s=1600x900:r=10:d=1',
      '-filter_complex',
      '[0][1]concat=n=2:v=1',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-y',
      path.join(dir, 'recording.mp4'),
    ]);
    fs.writeFileSync(
      path.join(dir, 'capture.json'),
      JSON.stringify({ version: 1, recording: 'recording.mp4', screen: { width: 1600, height: 900 }, fps: 10, durationMs: 2000, events: [] }),
    );
    const colourAt = async (args: Record<string, unknown>) => {
      const r = (await client.callTool({ name: 'get_still', arguments: { video: 'take', ...args } })) as CallToolResult;
      expect(r.isError, textOf(r)).toBeFalsy();
      const image = r.content.find((c) => c.type === 'image') as { data: string; mimeType: string };
      expect(image.mimeType).toBe('image/png');
      const png = path.join(project, 'still.png');
      fs.writeFileSync(png, Buffer.from(image.data, 'base64'));
      const px = readPixels(png);
      const i = (Math.floor(px.height / 2) * px.width + Math.floor(px.width / 2)) * 3;
      return { text: textOf(r), width: px.width, height: px.height, rgb: [px.data[i], px.data[i + 1], px.data[i + 2]] as number[] };
    };
    const first = await colourAt({ frame: 0 });
    expect(first).toMatchObject({ width: 1280, height: 720 });
    expect(first.text).toMatch(/^take\/recording\.mp4: frame 0 at 0 ms, 1280x720 px \(the video: 1600x900 px, 10 fps, 20 frames/);
    expect(first.rgb[0]).toBeGreaterThan(200); // red
    expect(first.rgb[2]).toBeLessThan(60);
    const later = await colourAt({ timeMs: 1500 });
    expect(later.text).toContain('frame 15 at 1500 ms');
    expect(later.rgb[2]).toBeGreaterThan(200); // blue
    expect(later.rgb[0]).toBeLessThan(60);
    const past = (await client.callTool({ name: 'get_still', arguments: { video: 'take', frame: 20 } })) as CallToolResult;
    expect(past.isError).toBe(true);
    expect(textOf(past)).toBe('error: frame: expected a frame from 0 to 19 (take/recording.mp4 has 20 frames at 10 fps), but got 20');
  });

  it('resources: SKILL.md, the JSON Schema, the primitive catalogue', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual(['screenplay://primitives', 'screenplay://schema', 'screenplay://skill']);
    const skill = await client.readResource({ uri: 'screenplay://skill' });
    expect((skill.contents[0] as { text: string }).text).toContain('screenplay');
  });

  it.skipIf(skipVoice)('narrate (offline voice) reports progress per line and says where it wrote', { timeout: 60_000 }, async () => {
    fs.writeFileSync(path.join(project, 'talk.yaml'), 'steps:\n  - say: Hello there.\n  - say: A second line.\n');
    const progress: Progress[] = [];
    const r = (await client.callTool({ name: 'narrate', arguments: { file: 'talk.yaml', out: 'narration-out' } }, undefined, {
      onprogress: (p) => progress.push(p),
    })) as CallToolResult;
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(textOf(r)).toMatch(/^screenplay narrate talk\.yaml --out narration-out: done in \d+\.\d s/);
    expect(textOf(r)).toContain('narrated 2 line(s) with espeak');
    expect(fs.existsSync(path.join(project, 'narration-out', 'narration.json'))).toBe(true);
    const lines = progress.filter((p) => /line \d\/2/.test(p.message ?? ''));
    expect(lines).toHaveLength(2);
    expect(lines[1]!.progress - lines[0]!.progress).toBeCloseTo(1, 5);
    expect(lines[1]!.total).toBe(lines[1]!.progress);
    // MCP: progress increases with every notification.
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress);
  });
});

describe('screenplay mcp, the command', () => {
  it('--print-config prints the JSON the clients take, and nothing else on stdout', () => {
    const r = spawnSync(process.execPath, [BIN, 'mcp', '--print-config'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ mcpServers: { screenplay: { command: 'npx', args: ['screenplay', 'mcp'] } } });
    expect(r.stderr).toContain('claude mcp add screenplay -- npx screenplay mcp');
  });

  it('refuses to serve the whole disk: started in / it exits 1 saying why', () => {
    const r = spawnSync(process.execPath, [BIN, 'mcp'], { cwd: '/', encoding: 'utf8', input: '' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'error: mcp: expected to be started in a project folder, but the folder is /; start it in the project (Claude Code does) or pass --root DIR',
    );
  });
});

describe.skipIf(skipDesktop)('screenplay mcp: a capture cancelled mid-take', () => {
  let desktop: VirtualDesktop;
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 640, height: 360 });
  });
  afterAll(async () => {
    await desktop?.stop();
  });

  it('stops the child with SIGINT; the capture dir keeps capture.json with complete: false', { timeout: 120_000 }, async () => {
    fs.writeFileSync(path.join(project, 'long.yaml'), 'steps:\n  - wait: 1s\n  - wait: 60s\n');
    const logs: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.push(String(n.params.data));
    });
    const controller = new AbortController();
    const messages: string[] = [];
    const call = client.callTool(
      { name: 'capture', arguments: { file: 'long.yaml', out: 'long-take', display: desktop.display, countdown: '0s' } },
      undefined,
      {
        signal: controller.signal,
        timeout: 100_000,
        onprogress: (p) => {
          messages.push(p.message ?? '');
          if (/step 2\/2/.test(p.message ?? '')) setTimeout(() => controller.abort(), 1500);
        },
      },
    );
    await expect(call).rejects.toThrow(/abort/i);
    // The server says what it kept once the child has exited.
    const deadline = Date.now() + 60_000;
    while (!logs.some((l) => l.startsWith('capture cancelled')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(messages.some((m) => /step 1\/2 1 wait/.test(m))).toBe(true);
    const note = logs.find((l) => l.startsWith('capture cancelled')) ?? '';
    expect(note).toMatch(
      /^capture cancelled: screenplay capture long\.yaml --out long-take --display :\d+ --countdown 0s was stopped \(SIGINT\) and ended with exit 2; kept: long-take\/capture\.json \(complete: false, \d+\.\d s recorded\)$/,
    );
    const log = JSON.parse(fs.readFileSync(path.join(project, 'long-take', 'capture.json'), 'utf8')) as { complete?: boolean; durationMs: number };
    expect(log.complete).toBe(false);
    expect(log.durationMs).toBeGreaterThan(1000);
    expect(log.durationMs).toBeLessThan(20_000);
    expect(fs.existsSync(path.join(project, 'long-take', 'recording.mp4'))).toBe(true);
  });
});
