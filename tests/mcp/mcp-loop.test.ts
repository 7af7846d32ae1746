/**
 * The agent's loop over MCP, end to end, with the SDK's own Client over stdio: validate a
 * script, `make` it on a fresh virtual stage (progress arrives), `review` the result, look at
 * frame 0 of the video with get_still (pixels checked), and screenshot the stage after a step.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TERMINAL, VOICE, skipWithout } from '../helpers/requires';
import { readPixels, type Pixels } from '../helpers/synthetic';

const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');
const skip = skipWithout('MCP loop on a virtual stage', TERMINAL, VOICE);

const textOf = (r: CallToolResult): string =>
  r.content
    .filter((c) => c.type === 'text')
    .map((c) => (c as { text: string }).text)
    .join('\n');

/** Mean and standard deviation of the luma (0–255) of an image. */
const luma = (px: Pixels) => {
  let sum = 0;
  let sq = 0;
  const n = px.width * px.height;
  for (let i = 0; i < n; i++) {
    const y = 0.299 * px.data[i * 3]! + 0.587 * px.data[i * 3 + 1]! + 0.114 * px.data[i * 3 + 2]!;
    sum += y;
    sq += y * y;
  }
  const mean = sum / n;
  return { mean, sd: Math.sqrt(Math.max(0, sq / n - mean * mean)) };
};

describe.skipIf(skip)('screenplay mcp: write → validate → make → review → look', () => {
  let project: string;
  let client: Client;
  const imageOf = (r: CallToolResult, name: string): Pixels => {
    const image = r.content.find((c) => c.type === 'image') as { data: string; mimeType: string } | undefined;
    expect(image?.mimeType).toBe('image/png');
    const file = path.join(project, name);
    fs.writeFileSync(file, Buffer.from(image!.data, 'base64'));
    return readPixels(file);
  };

  beforeAll(async () => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-mcp-loop-'));
    fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "mcp-loop-project", "private": true }\n');
    fs.writeFileSync(
      path.join(project, 'hello.yaml'),
      [
        'title: Hello from MCP',
        'output: { formats: [landscape] }',
        'stage: { screen: 1280x720 }',
        'steps:',
        '  - open_terminal: { title: hello, cols: 60, rows: 12 }',
        '  - run: echo hello from screenplay',
        '  - wait: 1s',
        '',
      ].join('\n'),
    );
    // No display of the user's: make must start its own stage.
    const env = { ...process.env } as Record<string, string>;
    delete env.DISPLAY;
    client = new Client({ name: 'screenplay-loop-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], cwd: project, env, stderr: 'ignore' }));
  });
  afterAll(async () => {
    await client?.close();
    if (!process.env.KEEP_TEST_DIRS) fs.rmSync(project, { recursive: true, force: true });
  });

  it('validates, makes on a virtual stage with progress, reviews, and returns frame 0 as a PNG', { timeout: 900_000 }, async () => {
    const v = JSON.parse(textOf((await client.callTool({ name: 'validate', arguments: { file: 'hello.yaml' } })) as CallToolResult)) as {
      ok: boolean;
      text: string;
    };
    expect(v.ok, v.text).toBe(true);

    const progress: Progress[] = [];
    const made = (await client.callTool({ name: 'make', arguments: { file: 'hello.yaml', out: 'out' } }, undefined, {
      timeout: 600_000,
      resetTimeoutOnProgress: true,
      onprogress: (p) => progress.push(p),
    })) as CallToolResult;
    expect(made.isError, textOf(made)).toBeFalsy();
    expect(progress.some((p) => /step \d+\/3/.test(p.message ?? ''))).toBe(true);
    expect(progress.some((p) => /\d+\/\d+ frames/.test(p.message ?? ''))).toBe(true);
    const videos = fs
      .readdirSync(path.join(project, 'out'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.mp4'));
    expect(videos.length).toBeGreaterThan(0);

    const reviewed = (await client.callTool({ name: 'review', arguments: { dir: 'out' } }, undefined, {
      timeout: 300_000,
      resetTimeoutOnProgress: true,
    })) as CallToolResult;
    expect(reviewed.isError, textOf(reviewed)).toBeFalsy();
    expect(textOf(reviewed)).toContain('"findings"');

    const still = (await client.callTool({ name: 'get_still', arguments: { video: path.join('out', videos[0]!), frame: 0 } })) as CallToolResult;
    expect(still.isError, textOf(still)).toBeFalsy();
    const px = imageOf(still, 'frame0.png');
    expect(px.width).toBeLessThanOrEqual(1280);
    expect(px.width).toBeGreaterThan(0);
    // A composed frame (background, terminal window), not a blank one.
    expect(luma(px).sd).toBeGreaterThan(8);
  });

  it('screenshot_stage: the stage after step 2 shows the terminal', { timeout: 300_000 }, async () => {
    const r = (await client.callTool({ name: 'screenshot_stage', arguments: { file: 'hello.yaml', through: '2' } }, undefined, {
      timeout: 240_000,
      resetTimeoutOnProgress: true,
    })) as CallToolResult;
    expect(r.isError, textOf(r)).toBeFalsy();
    const px = imageOf(r, 'stage.png');
    expect(px).toMatchObject({ width: 1280, height: 720 });
    expect(luma(px).sd).toBeGreaterThan(8);
  });
});
