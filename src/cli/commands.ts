/**
 * The command table: one entry per `screenplay` command, the single source for `--help`,
 * `screenplay help CMD`, the suggestions for misspelt commands and flags, and docs/cli.md.
 *
 * Each entry's `load` imports the command's module only when that command runs, so
 * `screenplay validate` never loads the render, capture or narration stacks. This file must stay
 * light: it imports nothing but pure data (formats.ts). Each module still parses its own
 * arguments (util.parseArgs); `options` here must list the same flags (tests/cli/commands.test.ts
 * checks that they agree).
 */
import { COMPOSITIONS, FORMAT_NAMES } from '../formats';

/** One flag of a command, as help prints it. */
export type CommandOption = {
  /** The long name without dashes: "out" for `--out`. */
  name: string;
  /** A one-letter alias without the dash: "o" for `-o`. */
  short?: string;
  /** The value's placeholder ("DIR", ":N"); absent for a boolean flag. */
  value?: string;
  /** What happens when the flag is left out, in words ("3s", "every format the script names"). */
  default?: string;
  /** One line: what the flag does. */
  description: string;
};

/** A command's entry point: its arguments after the command's name in, the exit code out. */
export type CommandRun = (args: string[]) => Promise<number>;

/** One `screenplay` command. */
export type CommandSpec = {
  name: string;
  /** One line, lower case, no full stop: what the command does. */
  summary: string;
  /** The synopsis lines, each starting with "screenplay NAME". */
  usage: string[];
  /** Longer notes printed under the usage (optional). */
  details?: string[];
  /** The positional arguments, as help lists them. */
  args?: Array<{ name: string; description: string }>;
  options: CommandOption[];
  /** At least one command line a user can copy. */
  examples: string[];
  /** Imports the command's module (lazily) and returns its entry point; absent for `help`, which main handles. */
  load?: () => Promise<CommandRun>;
};

const STAGE_OPTIONS: CommandOption[] = [
  { name: 'display', value: ':N', default: 'a fresh virtual stage (Xvfb)', description: 'perform on that X display instead of a virtual stage' },
  { name: 'on-my-desktop', default: 'off', description: 'perform on your own desktop ($DISPLAY; on macOS and Windows, the desktop itself)' },
];

const RENDERER_OPTION: CommandOption = {
  name: 'renderer',
  value: 'composite|browser',
  default: 'composite',
  description: 'composite: Remotion draws the static layers, ffmpeg composites each frame; browser: Chromium draws every frame, as Studio shows it',
};

/** Every command, in the order `screenplay --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'validate',
    summary: 'check a script; every problem as FILE:LINE:COL',
    usage: ['screenplay validate FILE [--json]'],
    args: [{ name: 'FILE', description: 'the script (.yaml, .yml, .json or .ts)' }],
    options: [{ name: 'json', default: 'off', description: 'print {ok, errors, warnings} as JSON on stdout instead of lines on stderr' }],
    examples: ['screenplay validate screenplay/hello.yaml'],
    load: () => import('./script-commands').then((m) => m.validateCommand),
  },
  {
    name: 'plan',
    summary: 'the expanded steps, as a tree (a dry run: nothing is performed)',
    usage: ['screenplay plan FILE [--json]'],
    args: [{ name: 'FILE', description: 'the script' }],
    options: [{ name: 'json', default: 'off', description: 'print the steps and marks as JSON' }],
    examples: ['screenplay plan screenplay/hello.yaml'],
    load: () => import('./script-commands').then((m) => m.planCommand),
  },
  {
    name: 'schema',
    summary: 'the JSON Schema of the script format (for editors and LLM structured output)',
    usage: ['screenplay schema [--for FILE] [--out FILE]'],
    options: [
      { name: 'for', value: 'FILE', default: 'the generic schema', description: 'a schema that also knows the primitives FILE defines and imports' },
      { name: 'out', value: 'FILE', default: 'stdout', description: 'write the schema to FILE' },
    ],
    examples: ['screenplay schema --for screenplay/hello.yaml --out screenplay/hello.schema.json'],
    load: () => import('./script-commands').then((m) => m.schemaCommand),
  },
  {
    name: 'make',
    summary: 'the whole loop: narrate, capture (on its own virtual stage), render every format, review',
    usage: ['screenplay make FILE --out DIR [options]'],
    details: [
      'Re-uses what is unchanged: the capture while the steps are, each video while its inputs are.',
      'Writes DIR/capture/, DIR/<format>.mp4 for every format the script names, and DIR/review.json.',
    ],
    args: [{ name: 'FILE', description: 'the script' }],
    options: [
      { name: 'out', short: 'o', value: 'DIR', description: 'the output folder (required)' },
      { name: 'recapture', default: 'off', description: 'perform and record again even when the steps are unchanged' },
      { name: 'rerender', default: 'off', description: 'render every video again even when its inputs are unchanged' },
      ...STAGE_OPTIONS,
      { name: 'recorder', value: 'ffmpeg|obs', default: "the script's capture.recorder, else ffmpeg", description: 'what records the screen' },
      RENDERER_OPTION,
      { name: 'scale', value: 'N', default: '1', description: 'render at this fraction of full size (0 < N ≤ 1; 0.5 renders half size)' },
      {
        name: 'countdown',
        value: 'DURATION',
        default: '0s',
        description: 'wait this long before performing (on your own desktop, time to let go of the mouse)',
      },
      { name: 'no-review', default: 'off', description: 'skip the review of the rendered videos' },
      {
        name: 'music',
        value: 'FILE',
        default: 'output.music',
        description: "a music bed under the videos (faded in and out, ducked under the voice), in place of the script's output.music",
      },
      { name: 'music-volume', value: 'V', default: '0.3', description: "the music volume, 0 to 1, in place of output.music's volume" },
    ],
    examples: ['screenplay make screenplay/hello.yaml --out screenplay/out/hello'],
    load: () => import('./make-command').then((m) => m.makeCommand),
  },
  {
    name: 'narrate',
    summary: 'synthesise every say line (cached) into DIR/narration.json',
    usage: ['screenplay narrate FILE --out DIR'],
    details: ['ElevenLabs when ELEVENLABS_API_KEY is set, else the offline voice (espeak-ng).'],
    args: [{ name: 'FILE', description: 'the script' }],
    options: [{ name: 'out', short: 'o', value: 'DIR', description: 'the folder for narration.json and the audio clips (required)' }],
    examples: ['screenplay narrate screenplay/hello.yaml --out screenplay/out/narration'],
    load: () => import('./script-commands').then((m) => m.narrateCommand),
  },
  {
    name: 'capture',
    summary: 'perform the script and record it into a capture dir',
    usage: [
      'screenplay capture FILE --out DIR [--display :N | --on-my-desktop] [--recorder ffmpeg|obs] [--record-pointer] [--countdown 3s] [--record-sessions]',
    ],
    details: ["By default on a fresh virtual stage (Xvfb, the script's stage.screen)."],
    args: [{ name: 'FILE', description: 'the script' }],
    options: [
      { name: 'out', short: 'o', value: 'DIR', description: 'the capture dir to write (required)' },
      ...STAGE_OPTIONS,
      { name: 'recorder', value: 'ffmpeg|obs', default: "the script's capture.recorder, else ffmpeg", description: 'what records the screen' },
      { name: 'record-pointer', default: "the script's capture.recordPointer, else off", description: 'keep the real mouse pointer in the recording' },
      { name: 'countdown', value: 'DURATION', default: '3s', description: 'wait this long before performing' },
      { name: 'record-sessions', default: 'off', description: '`session` steps record their program again, even where sessions/NAME.cast exists' },
    ],
    examples: ['screenplay capture screenplay/hello.yaml --out screenplay/out/capture'],
    load: () => import('./script-commands').then((m) => m.captureCommand),
  },
  {
    name: 'rehearse',
    summary: 'the stage after its setup (and the steps through STEP_ID), unrecorded, as a PNG',
    usage: ['screenplay rehearse FILE --screenshot PNG [--through STEP_ID|all] [--display :N | --on-my-desktop] [--words]'],
    args: [{ name: 'FILE', description: 'the script' }],
    options: [
      { name: 'screenshot', value: 'PNG', description: 'where to save the screen (required)' },
      {
        name: 'through',
        value: 'STEP_ID|all',
        default: 'no step (the stage as set up)',
        description: 'perform the steps up to and including this one (ids as `screenplay plan` lists them)',
      },
      ...STAGE_OPTIONS,
      { name: 'words', default: 'off', description: 'print the text on screen (OCR) as JSON: [{ text, box }]' },
    ],
    examples: ['screenplay rehearse screenplay/hello.yaml --through all --screenshot /tmp/stage.png'],
    load: () => import('./script-commands').then((m) => m.rehearseCommand),
  },
  {
    name: 'finalise',
    summary: 'recover a capture whose screenplay was killed (no capture.json) so it renders',
    usage: ['screenplay finalise CAPTURE_DIR'],
    args: [{ name: 'CAPTURE_DIR', description: 'a capture dir with events.jsonl and a recording' }],
    options: [],
    examples: ['screenplay finalise screenplay/out/hello/capture'],
    load: () => import('./finalise-command').then((m) => m.finaliseCommand),
  },
  {
    name: 'render',
    summary: 'render videos (or one still) from a capture dir',
    usage: [
      'screenplay render CAPTURE_DIR --out DIR',
      'screenplay render CAPTURE_DIR --composition NAME --out PATH [--still FRAME] [--scale N] [--renderer composite|browser] [--music FILE] [--music-volume 0.3]',
    ],
    details: [
      "Without --composition: every format the script names (output.formats), as DIR/<format>.mp4, in one run (one ffmpeg decodes the recording once); then one file per platform preset (output.presets: DIR/tiktok.mp4, DIR/github.gif…), made from its layout's render (docs/presets.md).",
      'A repeat render of the same capture with the same look takes the timeline and layers from the render cache and opens no browser (SCREENPLAY_RENDER_CACHE=0 turns it off).',
    ],
    args: [{ name: 'CAPTURE_DIR', description: 'a capture dir (capture.json and recording.mp4)' }],
    options: [
      {
        name: 'composition',
        short: 'c',
        value: 'NAME',
        default: 'every format the script names',
        description: `one composition: ${COMPOSITIONS.join(', ')} (formats ${FORMAT_NAMES.join(', ')})`,
      },
      { name: 'out', short: 'o', value: 'PATH', description: 'the video (or PNG with --still) to write; a folder without --composition (required)' },
      { name: 'still', value: 'FRAME', default: 'the whole video', description: 'render only this frame, as a PNG (needs --composition)' },
      { name: 'scale', value: 'N', default: '1', description: 'render at this fraction of full size (0.25 renders 1920x1080 at 480x270)' },
      RENDERER_OPTION,
      {
        name: 'music',
        value: 'FILE',
        default: 'none',
        description: 'a music bed under the narration (faded in and out, ducked while someone speaks; docs/music.md)',
      },
      { name: 'music-volume', value: 'V', default: '0.3', description: 'the music volume, 0 to 1' },
    ],
    examples: [
      'screenplay render screenplay/out/hello/capture --out screenplay/out/hello',
      'screenplay render screenplay/out/hello/capture --composition TikTokSplit --out /tmp/frame.png --still 90',
    ],
    load: () => import('./render-command').then((m) => m.renderCommand),
  },
  {
    name: 'review',
    summary: 'check rendered videos: <format>.review.json and a contact sheet each, DIR/review.json over all',
    usage: ['screenplay review DIR [--capture CAPTURE_DIR] [--json]'],
    details: ['DIR is a make output folder (DIR/<format>.mp4 beside DIR/capture/), a folder of videos with --capture, or a capture dir.'],
    args: [{ name: 'DIR', description: 'what to review' }],
    options: [
      { name: 'capture', value: 'CAPTURE_DIR', default: 'DIR/capture', description: 'the capture the videos were rendered from' },
      { name: 'json', default: 'off', description: 'print the review as JSON instead of a table' },
    ],
    examples: ['screenplay review screenplay/out/hello'],
    load: () => import('./review-command').then((m) => m.reviewCommand),
  },
  {
    name: 'demo',
    summary: 'render the bundled sample in every format (no setup, no desktop needed)',
    usage: ['screenplay demo [--out DIR]'],
    options: [{ name: 'out', value: 'DIR', default: 'out (in the current folder)', description: 'where demo-<format>.mp4 go' }],
    examples: ['screenplay demo --out /tmp/demo'],
    load: () => import('./demo-command').then((m) => m.demoCommand),
  },
  {
    name: 'mcp',
    summary: 'an MCP server over stdio for agents, for the project in the current folder',
    usage: ['screenplay mcp [--print-config] [--root DIR]'],
    options: [
      { name: 'print-config', default: 'off', description: 'print the JSON Claude Code, Claude Desktop and Cursor take, and exit' },
      { name: 'root', value: 'DIR', default: 'the current folder', description: 'the project folder the server may read and write' },
    ],
    examples: ['claude mcp add screenplay -- npx screenplay mcp', 'screenplay mcp --print-config'],
    load: () => import('./mcp-command').then((m) => m.mcpCommand),
  },
  {
    name: 'init',
    summary: 'scaffold a script folder in your project: a starter script, .gitignore, and (--studio) a Remotion Studio entry',
    usage: ['screenplay init [DIR] [--studio] [--force]'],
    details: [
      'Writes DIR/hello.yaml (a starter script on the virtual stage, importing the built-in terminal primitives as screenplay/terminal,',
      "with a $schema line for editors pointing at node_modules/screenplay's schema) and DIR/.gitignore (out/, .cache/).",
      'With --studio also DIR/remotion.config.ts and DIR/studio/ (index.ts, Root.tsx): Remotion Studio on the captures make writes',
      'under DIR/out/ (`npx remotion studio --config DIR/remotion.config.ts` from the project root).',
      'Never overwrites a file unless --force: it names the ones that exist and exits 1.',
    ],
    args: [{ name: 'DIR', description: 'the folder to scaffold (default: screenplay, in the current folder)' }],
    options: [
      { name: 'studio', default: 'off', description: "also write remotion.config.ts and studio/ (screenplay's compositions, for `npx remotion studio`)" },
      { name: 'force', default: 'off', description: 'overwrite files that exist' },
    ],
    examples: ['screenplay init', 'screenplay init videos --studio'],
    load: () => import('./init-command').then((m) => m.initCommand),
  },
  {
    name: 'types',
    summary: 'TypeScript types for the primitives a script imports (for defineScript)',
    usage: ['screenplay types FILE [--out FILE]'],
    args: [{ name: 'FILE', description: 'the script (or primitive library) whose primitives to type' }],
    options: [{ name: 'out', short: 'o', value: 'FILE', default: 'FILE.primitives.d.ts beside the script', description: 'where to write the .d.ts' }],
    examples: ['screenplay types screenplay/demo.ts', 'screenplay types screenplay/hello.yaml --out screenplay/primitives.d.ts'],
    load: () => import('./types-command').then((m) => m.typesCommand),
  },
  {
    name: 'help',
    summary: "this list, or one command's options, defaults and an example",
    usage: ['screenplay help [COMMAND]'],
    options: [],
    examples: ['screenplay help make'],
  },
];

/** The command named `name`, or undefined. */
export const findCommand = (name: string): CommandSpec | undefined => COMMANDS.find((c) => c.name === name);

/** The global flags (before any command). */
export const GLOBAL_OPTIONS: CommandOption[] = [
  { name: 'help', short: 'h', description: 'this list; `screenplay CMD --help` shows one command' },
  { name: 'version', short: 'v', description: "screenplay's version" },
];

/** `-h, --help`: every command takes it. */
export const HELP_OPTION: CommandOption = { name: 'help', short: 'h', description: 'show this help and exit' };

export const EXIT_CODES: Array<[number, string]> = [
  [0, 'success'],
  [1, 'invalid input: the script, a capture dir, or the arguments (a usage error)'],
  [2, 'runtime failure: the recorder died, an image never appeared, an API failed'],
];
