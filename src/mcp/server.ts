/**
 * `screenplay mcp`: the agent's loop over the Model Context Protocol. Short tools (list_actions,
 * list_primitives, get_schema, validate, plan) run in this process and are pure over the
 * project's files; long tools (narrate, capture, render, make, review, screenshot_stage) run the
 * CLI as a child process with progress notifications and cancellation; get_still decodes a
 * frame with ffmpeg. Every path argument is confined to the project folder. Errors come back as
 * tool results (isError) with the CLI's own file:line:col text, never a stack.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { z } from 'zod';
import { errorLine, isStackLine, ScreenplayError } from '../errors';
import { RECORDERS } from '../capture/recorder';
import { COMPOSITIONS } from '../formats';
import { scrub } from '../secrets';
import { resolveProjectPath, type ProjectPathKind } from './project-path';
import { PACKAGE_ROOT, progressTracker, resultLines, runCli, type CliRun } from './run-cli';
import { listActions, listPrimitives, planScript, scriptSchema, validateScript } from './script-tools';
import { grabStill, videoOf } from './still';
import { packageVersion } from '../util/package-version';
import { CAPTURE_JSON } from '../capture-log/capture-dir-files';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** A tool's failure the agent should read: one line (or the CLI's diagnostics), no stack. */
class ToolFailure extends Error {}

const text = (t: string): CallToolResult => ({ content: [{ type: 'text', text: scrub(t) }] });
const failure = (t: string): CallToolResult => ({ content: [{ type: 'text', text: scrub(t) }], isError: true });
const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** Runs a handler; a thrown error becomes an isError result with one line (the CLI's wording), never a stack. */
const guarded =
  <A>(fn: (args: A, extra: Extra) => Promise<CallToolResult>) =>
  async (args: A, extra: Extra): Promise<CallToolResult> => {
    try {
      return await fn(args, extra);
    } catch (err) {
      if (err instanceof ToolFailure) return failure(err.message);
      if (err instanceof ScreenplayError)
        return failure(
          `error: ${err.message
            .split('\n')
            .filter((l) => !isStackLine(l))
            .join('\n')}`,
        );
      return failure(`error: ${errorLine(err)}`);
    }
  };

const DISPLAY = z.string().regex(/^:\d{1,4}(\.\d{1,2})?$/, 'an X display like ":99"');
const DURATION = z.string().regex(/^\s*(\d+(\.\d+)?|\.\d+)\s*(ms|s)\s*$/, 'a duration like "0s", "3s" or "500ms"');
const STEP_ID = z.string().regex(/^\d+(\.\d+)*$/, 'a step id as plan shows it ("3", "2.1")');
const PATH = z.string().min(1).max(1024);

/** The summary of what a cancelled or finished command left in its output folder. */
const keptIn = (outAbs: string, shown: string): string => {
  const captureJson = path.join(outAbs, CAPTURE_JSON);
  if (fs.existsSync(captureJson)) {
    try {
      const log = JSON.parse(fs.readFileSync(captureJson, 'utf8')) as { complete?: boolean; durationMs?: number };
      return `${shown}/capture.json (complete: ${log.complete !== false}, ${((log.durationMs ?? 0) / 1000).toFixed(1)} s recorded)`;
    } catch {
      return `${shown}/capture.json (unreadable)`;
    }
  }
  if (!fs.existsSync(outAbs)) return 'nothing (the output folder was not made)';
  const names = fs.statSync(outAbs).isDirectory() ? fs.readdirSync(outAbs).slice(0, 20) : [path.basename(outAbs)];
  return names.length ? `${shown}: ${names.join(', ')}` : `${shown} (empty)`;
};

/**
 * Creates the MCP server for the project folder `root` (absolute; every path argument must stay
 * inside it). Connect it to a transport (`server.connect(new StdioServerTransport())`).
 */
export const createScreenplayServer = ({ root }: { root: string }): McpServer => {
  const projectRoot = fs.realpathSync.native(root);
  const version = packageVersion();
  const server = new McpServer(
    { name: 'screenplay', version },
    {
      capabilities: { logging: {} },
      instructions:
        'screenplay turns a script (YAML) into a product-demo video performed on a real desktop. The loop: write the script → validate (fix every file:line:col error) → make (capture + render + review) → review findings and get_still frames → fix the script → make again. Read the resource screenplay://skill first. Paths are relative to the project folder.',
    },
  );

  const confine = (arg: string, value: string, kind: ProjectPathKind) => {
    const r = resolveProjectPath(projectRoot, arg, value, kind);
    if (!r.ok) throw new ToolFailure(`error: ${r.message}`);
    return r;
  };

  /** Runs the CLI with progress and cancellation; the result carries its messages and what it left. */
  const cli = async (tool: string, args: string[], extra: Extra, out?: { abs: string; rel: string }): Promise<{ run: CliRun; result: CallToolResult }> => {
    const token = extra._meta?.progressToken;
    const track = progressTracker();
    const run = await runCli({
      cwd: projectRoot,
      args,
      signal: extra.signal,
      onLine: (line) => {
        if (token === undefined) return;
        const { progress, total } = track(line);
        void extra
          .sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token, progress, ...(total !== undefined ? { total } : {}), message: line },
          })
          .catch(() => undefined);
      },
    });
    const command = `screenplay ${args.join(' ')}`;
    if (run.cancelled) {
      const kept = out ? keptIn(out.abs, out.rel) : 'nothing';
      const note = `${tool} cancelled: ${command} was stopped (SIGINT) and ended ${run.code !== null ? `with exit ${run.code}` : `by ${run.signal}`}; kept: ${kept}`;
      // The request's own result is not delivered after a cancellation: say it as a log message too.
      void server.sendLoggingMessage({ level: 'warning', logger: 'screenplay', data: scrub(note) }).catch(() => undefined);
      return { run, result: text(`${note}\n\n${run.stderrLines.slice(-20).join('\n')}`) };
    }
    const tail = resultLines(run.stderrLines).join('\n');
    const head = `${command}: ${run.code === 0 ? 'done' : `failed (exit ${run.code ?? run.signal}: ${run.code === 1 ? 'invalid input' : 'runtime failure'})`} in ${(run.durationMs / 1000).toFixed(1)} s`;
    const body = [head, tail, run.stdout.trim() ? `stdout:\n${run.stdout.trim()}${run.stdoutCut ? '\n… (cut)' : ''}` : ''].filter((s) => s !== '').join('\n\n');
    return { run, result: run.code === 0 ? text(body) : failure(body) };
  };

  const stageFlags = (a: { display?: string; onMyDesktop?: boolean }): string[] => {
    if (a.display && a.onMyDesktop) throw new ToolFailure('error: display and onMyDesktop: expected one of them, but got both');
    return a.display ? ['--display', a.display] : a.onMyDesktop ? ['--on-my-desktop'] : [];
  };

  // ── Short tools, in this process ──────────────────────────────────────────────────────────

  server.registerTool(
    'list_actions',
    {
      title: 'List actions',
      description: 'Every built-in step action with a one-line summary and an example step (YAML). Wrapping actions take `steps`.',
      inputSchema: {},
      annotations: { readOnlyHint: true },
    },
    guarded(async () => text(json(listActions()))),
  );

  server.registerTool(
    'list_primitives',
    {
      title: 'List primitives',
      description:
        "The primitives (reusable steps) a script can use, its own and its imports', with their params (type, default, values, description); without `file`, those of the built-in libraries (primitives/*.yaml) with the file to import.",
      inputSchema: { file: PATH.optional().describe('A script in the project (relative path); omit for the built-in libraries.') },
      annotations: { readOnlyHint: true },
    },
    guarded(async ({ file }: { file?: string }) => {
      const abs = file === undefined ? undefined : confine('file', file, 'file').abs;
      const r = await listPrimitives(projectRoot, abs);
      return r.errors ? failure(r.errors) : text(json(r.primitives));
    }),
  );

  server.registerTool(
    'get_schema',
    {
      title: 'Get the script JSON Schema',
      description: 'The JSON Schema of the script format (for writing or checking a script); with `file`, its primitives are step kinds too.',
      inputSchema: { file: PATH.optional().describe('A script whose primitives (own and imported) the schema should know.') },
      annotations: { readOnlyHint: true },
    },
    guarded(async ({ file }: { file?: string }) => {
      const abs = file === undefined ? undefined : confine('file', file, 'file').abs;
      const r = await scriptSchema(projectRoot, abs);
      return 'errors' in r ? failure(r.errors) : text(JSON.stringify(r.schema));
    }),
  );

  server.registerTool(
    'validate',
    {
      title: 'Validate a script',
      description:
        'Checks a script without running anything. Returns { ok, steps, errors, warnings, text }: each error and warning with file, line, column (1-based), JSON path and message, and `text` as `screenplay validate` prints it.',
      inputSchema: { file: PATH.describe('The script (relative to the project).') },
      annotations: { readOnlyHint: true },
    },
    guarded(async ({ file }: { file: string }) => {
      const p = confine('file', file, 'file');
      return text(json(await validateScript(projectRoot, p.abs, p.rel)));
    }),
  );

  server.registerTool(
    'plan',
    {
      title: 'Plan a script',
      description:
        'The expanded steps (ids, actions, args, source lines, primitive stacks) and marks, and the tree `screenplay plan` prints; nothing runs. Secret text is redacted. An invalid script gives its errors (isError).',
      inputSchema: { file: PATH.describe('The script (relative to the project).') },
      annotations: { readOnlyHint: true },
    },
    guarded(async ({ file }: { file: string }) => {
      const r = await planScript(projectRoot, confine('file', file, 'file').abs);
      return r.ok ? text(json(r)) : failure(r.text);
    }),
  );

  // ── Long tools: the CLI as a child process ────────────────────────────────────────────────

  server.registerTool(
    'narrate',
    {
      title: 'Narrate',
      description: 'Synthesises every `say` line of a script (cached) into OUT/narration.json and audio files. Reports progress per line; cancellable.',
      inputSchema: { file: PATH.describe('The script.'), out: PATH.describe('Output folder (in the project).') },
      annotations: { readOnlyHint: false, openWorldHint: true },
    },
    guarded(async ({ file, out }: { file: string; out: string }, extra) => {
      const f = confine('file', file, 'file');
      const o = confine('out', out, 'output');
      return (await cli('narrate', ['narrate', f.rel, '--out', o.rel], extra, o)).result;
    }),
  );

  server.registerTool(
    'capture',
    {
      title: 'Capture',
      description:
        'Performs the script on a desktop and records it into the capture dir OUT (capture.json, recording.mp4). By default on a fresh virtual stage; `display` records on that X display, `onMyDesktop` on your own. Progress per step; cancelling stops the take cleanly and keeps what was recorded (capture.json with complete: false).',
      inputSchema: {
        file: PATH.describe('The script.'),
        out: PATH.describe('The capture dir to write (in the project).'),
        display: DISPLAY.optional().describe('Record on this X display (":99") instead of a fresh virtual stage.'),
        onMyDesktop: z.boolean().optional().describe('Record on the desktop in $DISPLAY (your own screen).'),
        recorder: z.enum(RECORDERS).optional(),
        countdown: DURATION.optional().describe('Seconds counted down before recording starts (the CLI default is 3s).'),
        recordPointer: z.boolean().optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
    },
    guarded(
      async (
        a: { file: string; out: string; display?: string; onMyDesktop?: boolean; recorder?: string; countdown?: string; recordPointer?: boolean },
        extra,
      ) => {
        const f = confine('file', a.file, 'file');
        const o = confine('out', a.out, 'output');
        const args = [
          'capture',
          f.rel,
          '--out',
          o.rel,
          ...stageFlags(a),
          ...(a.recorder ? ['--recorder', a.recorder] : []),
          ...(a.countdown ? ['--countdown', a.countdown.trim()] : []),
          ...(a.recordPointer ? ['--record-pointer'] : []),
        ];
        return (await cli('capture', args, extra, o)).result;
      },
    ),
  );

  server.registerTool(
    'render',
    {
      title: 'Render',
      description:
        'Renders a capture dir: without `composition`, every format the script names as OUT/<format>.mp4; with it, that composition to the file OUT (.mp4, or a .png with `still`). Progress in frames; cancellable.',
      inputSchema: {
        captureDir: PATH.describe('The capture dir (capture.json + recording.mp4).'),
        out: PATH.describe('Output folder, or the file with `composition`.'),
        composition: z.enum(COMPOSITIONS).optional(),
        still: z.number().int().min(0).max(10_000_000).optional().describe('Render only this frame, as a PNG (needs composition).'),
        scale: z.number().positive().max(4).optional().describe('Output size factor (0.25 = a quarter).'),
        renderer: z.enum(['composite', 'browser']).optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: false },
    },
    guarded(async (a: { captureDir: string; out: string; composition?: string; still?: number; scale?: number; renderer?: string }, extra) => {
      const d = confine('captureDir', a.captureDir, 'dir');
      const o = confine('out', a.out, 'output');
      const args = [
        'render',
        d.rel,
        '--out',
        o.rel,
        ...(a.composition ? ['--composition', a.composition] : []),
        ...(a.still !== undefined ? ['--still', String(a.still)] : []),
        ...(a.scale !== undefined ? ['--scale', String(a.scale)] : []),
        ...(a.renderer ? ['--renderer', a.renderer] : []),
      ];
      return (await cli('render', args, extra, o)).result;
    }),
  );

  server.registerTool(
    'make',
    {
      title: 'Make the video',
      description:
        "compile → narrate (cached) → capture (skipped when the script and capture are unchanged) → render every format → review, in one command, into OUT. Returns where each file went and the review's counts; read OUT/<format>.review.json (or call review) for the findings. Progress throughout; cancellable.",
      inputSchema: {
        file: PATH.describe('The script.'),
        out: PATH.describe('Output folder (in the project).'),
        recapture: z.boolean().optional().describe('Capture again even when the last capture is still valid (the product on screen changed).'),
        rerender: z.boolean().optional().describe("Render again even when a video's inputs are unchanged."),
        scale: z.number().gt(0).max(1).optional().describe('Render at this fraction of each side (0.25: quick drafts at a quarter size).'),
        display: DISPLAY.optional().describe('Record on this X display instead of a fresh virtual stage.'),
        onMyDesktop: z.boolean().optional().describe('Record on the desktop in $DISPLAY.'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
    },
    guarded(
      async (a: { file: string; out: string; recapture?: boolean; rerender?: boolean; scale?: number; display?: string; onMyDesktop?: boolean }, extra) => {
        const f = confine('file', a.file, 'file');
        const o = confine('out', a.out, 'output');
        const args = [
          'make',
          f.rel,
          '--out',
          o.rel,
          ...(a.recapture ? ['--recapture'] : []),
          ...(a.rerender ? ['--rerender'] : []),
          ...(a.scale !== undefined ? ['--scale', String(a.scale)] : []),
          ...stageFlags(a),
        ];
        return (await cli('make', args, extra, o)).result;
      },
    ),
  );

  server.registerTool(
    'review',
    {
      title: 'Review',
      description:
        'Reviews the renders (and capture) in DIR: review.json and a contact sheet beside each video. Returns the findings as JSON: check, severity, fromMs/toMs, step, source (file:line:col), message and a fix in words.',
      inputSchema: { dir: PATH.describe('The folder make wrote (or a capture dir).') },
      annotations: { readOnlyHint: false, destructiveHint: false },
    },
    guarded(async ({ dir }: { dir: string }, extra) => {
      const d = confine('dir', dir, 'dir');
      return (await cli('review', ['review', d.rel, '--json'], extra, d)).result;
    }),
  );

  server.registerTool(
    'get_still',
    {
      title: 'Get a still',
      description: `One frame of a video in the project (a render's .mp4, or a capture dir's recording) as a PNG image at most 1280 px wide, so you can look at it. Give timeMs or frame (default: frame 0).`,
      inputSchema: {
        video: PATH.describe('A video file, or a capture dir (its recording).'),
        timeMs: z.number().int().min(0).max(86_400_000).optional().describe('Milliseconds from the start.'),
        frame: z.number().int().min(0).max(10_000_000).optional().describe('Frame number (0 = the first).'),
      },
      annotations: { readOnlyHint: true },
    },
    guarded(async (a: { video: string; timeMs?: number; frame?: number }, extra) => {
      if (a.timeMs !== undefined && a.frame !== undefined) throw new ToolFailure('error: timeMs and frame: expected one of them, but got both');
      const p = confine('video', a.video, 'file-or-dir');
      const file = videoOf(p.abs, p.rel);
      const shown = path.relative(projectRoot, file).split(path.sep).join('/');
      const still = await grabStill(file, shown, a, extra.signal);
      return {
        content: [
          {
            type: 'text',
            text:
              still.video.durationMs === 0
                ? `${shown}: ${still.width}x${still.height} px (an image of ${still.video.width}x${still.video.height} px)`
                : `${shown}: frame ${still.frame} at ${still.timeMs} ms, ${still.width}x${still.height} px (the video: ${still.video.width}x${still.video.height} px, ${+still.video.fps.toFixed(3)} fps, ${still.video.frames} frames, ${(still.video.durationMs / 1000).toFixed(2)} s)`,
          },
          { type: 'image', data: still.png.toString('base64'), mimeType: 'image/png' },
        ],
      };
    }),
  );

  server.registerTool(
    'screenshot_stage',
    {
      title: 'Screenshot the stage',
      description:
        "Performs the script (its stage setup, then its steps up to and including step `through`; all steps when omitted) on a fresh virtual stage, without recording or narration, and returns the stage's screen as a PNG image (at most 1280 px wide): what the next step will see. Setup and run steps really run.",
      inputSchema: {
        file: PATH.describe('The script.'),
        through: STEP_ID.optional().describe('The last step to perform ("3", "2.1"), as plan shows ids; all steps when omitted.'),
      },
      // Not read-only: the stage's setup commands and the script's run steps really run.
      annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: true },
    },
    guarded(async (a: { file: string; through?: string }, extra) => {
      const f = confine('file', a.file, 'file');
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-mcp-stage-'));
      try {
        const png = path.join(tmp, 'stage.png');
        const { run, result } = await cli('screenshot_stage', ['rehearse', f.rel, '--through', a.through ?? 'all', '--screenshot', png], extra);
        if (run.code !== 0 || run.cancelled) return result;
        if (!fs.existsSync(png))
          return failure(`screenshot_stage: expected rehearse to write the screenshot, but it wrote none\n\n${run.stderrLines.slice(-20).join('\n')}`);
        const still = await grabStill(png, 'the stage', { frame: 0 }, extra.signal);
        return {
          content: [
            {
              type: 'text',
              text: `the stage after ${a.through ? `step ${a.through}` : 'every step'}: ${still.width}x${still.height} px (the screen: ${still.video.width}x${still.video.height})\n${run.stderrLines
                .slice(-10)
                .filter((l) => !l.includes(tmp))
                .join('\n')}`,
            },
            { type: 'image', data: still.png.toString('base64'), mimeType: 'image/png' },
          ],
        };
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    }),
  );

  // ── Resources ─────────────────────────────────────────────────────────────────────────────

  server.registerResource('skill', 'screenplay://skill', { title: 'SKILL.md: how to write screenplay scripts', mimeType: 'text/markdown' }, async (uri) => ({
    contents: [{ uri: uri.href, mimeType: 'text/markdown', text: fs.readFileSync(path.join(PACKAGE_ROOT, 'SKILL.md'), 'utf8') }],
  }));
  server.registerResource('schema', 'screenplay://schema', { title: "The script format's JSON Schema", mimeType: 'application/schema+json' }, async (uri) => {
    const r = await scriptSchema(projectRoot);
    return { contents: [{ uri: uri.href, mimeType: 'application/schema+json', text: JSON.stringify('schema' in r ? r.schema : {}) }] };
  });
  server.registerResource('primitives', 'screenplay://primitives', { title: 'The built-in primitive libraries', mimeType: 'application/json' }, async (uri) => {
    const r = await listPrimitives(projectRoot);
    return { contents: [{ uri: uri.href, mimeType: 'application/json', text: scrub(json(r.errors ? { errors: r.errors } : r.primitives)) }] };
  });

  return server;
};
