/**
 * validate, plan and schema: the script-format commands (and narrate, capture, rehearse).
 * Imports only the DSL at load time: validate, plan and schema must start fast (commands.ts), so
 * the narration, capture and stage stacks are imported inside the commands that use them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compileScript, formatDiagnostic, parseDuration, redactPlan, scriptJsonSchema, type CompileResult, type Plan } from '../dsl';
import { actionDefaults, type ActionName } from '../dsl/actions';
import type { StageChoice } from '../stage/types';
import { didYouMean } from '../dsl/did-you-mean';
import type { ObsConnection } from '../capture/obs-recorder';
import type { RecorderName } from '../capture/recorder';
import type { VoiceSettings } from '../narration';
import { invalidInput } from '../errors';
import { registerSecret } from '../secrets';
import { loadScript, type LoadedScript } from './load-script';
import { printErr, printOut } from './print';
import { packagePath } from '../util/package-root';
import { NARRATION_JSON } from '../capture-log/capture-dir-files';

export const compileFile = async (file: string): Promise<{ loaded: LoadedScript; result: CompileResult }> => {
  const loaded = await loadScript(file);
  const result = compileScript(loaded);
  // The script's secret texts are masked in every message from here on.
  for (const secret of result.secrets) registerSecret(secret);
  // Report paths as the user can open them: relative to where they ran the command.
  const rel = (k: string) => path.relative(process.cwd(), path.join(loaded.rootDir, k)) || k;
  for (const d of [...result.errors, ...result.warnings]) {
    d.file = rel(d.file);
    for (const r of d.related ?? []) r.file = rel(r.file);
  }
  const files = Object.fromEntries(Object.entries(loaded.files).map(([k, v]) => [rel(k), v]));
  const secretLines = result.secretLines.map((at) => {
    const i = at.lastIndexOf(':');
    return `${rel(at.slice(0, i))}${at.slice(i)}`;
  });
  return { loaded: { ...loaded, files }, result: { ...result, secretLines } };
};

export const printDiagnostics = ({ loaded, result }: { loaded: LoadedScript; result: CompileResult }) => {
  const hidden = new Set(result.secretLines);
  for (const d of result.errors) printErr(`${formatDiagnostic(d, loaded.files, 'error', hidden)}\n`);
  for (const d of result.warnings) printErr(`${formatDiagnostic(d, loaded.files, 'warning', hidden)}\n`);
};

const strip = (ds: CompileResult['errors']) => ds.map(({ file, line, column, path: p, message }) => ({ file, line, column, path: p, message }));

export const validateCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const file = positionals[0];
  if (!file) throw invalidInput('validate: expected a script file, but got none');
  if (positionals.length > 1)
    throw invalidInput(`validate: expected one script file, but got ${positionals.length}: ${positionals.join(' ')} (run validate once per file)`);
  const compiled = await compileFile(file);
  const ok = compiled.result.errors.length === 0;
  if (values.json) {
    printOut(`${JSON.stringify({ ok, errors: strip(compiled.result.errors), warnings: strip(compiled.result.warnings) }, null, 2)}\n`);
  } else {
    printDiagnostics(compiled);
    const n = compiled.result.errors.length;
    printErr(ok ? `${file}: valid (${compiled.result.plan?.steps.length} steps)\n` : `${file}: ${n} error${n === 1 ? '' : 's'}\n`);
  }
  return ok ? 0 : 1;
};

/** A step's args in one short line: the ones its action's defaults do not already give (the JSON plan has them all). */
const brief = (args: Record<string, unknown>, action: ActionName): string => {
  const defaults = actionDefaults(action);
  const s = Object.entries(args)
    .filter(([k, v]) => !(Object.hasOwn(defaults, k) && JSON.stringify(defaults[k]) === JSON.stringify(v)))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v.length > 36 ? `${v.slice(0, 36)}…` : v) : JSON.stringify(v)}`)
    .join(' ');
  return s.length > 70 ? `${s.slice(0, 70)}…` : s;
};

export const formatPlanTree = (plan: Plan): string => {
  const lines = [`${plan.title ?? plan.entry}: ${plan.steps.length} steps, ${plan.marks.length} marks`];
  const marksAt = new Map<string, string[]>();
  for (const m of plan.marks)
    marksAt.set(m.from, [
      ...(marksAt.get(m.from) ?? []),
      `${m.kind}${Object.keys(m.args).length ? ` ${brief(m.args, m.kind)}` : ''} (${m.id}: ${m.from} … ${m.to})`,
    ]);
  for (const s of plan.steps) {
    const depth = s.id.split('.').length - 1;
    for (const m of marksAt.get(s.id) ?? []) lines.push(`${'  '.repeat(depth + 1)}▸ ${m}`);
    const via = s.stack.length ? `  via ${s.stack.map((f) => `${f.primitive} (${f.use.file}:${f.use.line})`).join(' → ')}` : '';
    lines.push(
      `${'  '.repeat(depth + 1)}${s.id.padEnd(8)} ${s.action.padEnd(14)} ${brief(s.args, s.action)}  ${s.source.file}:${s.source.line}:${s.source.column}${via}`,
    );
  }
  return lines.join('\n');
};

export const planCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const file = positionals[0];
  if (!file) throw invalidInput('plan: expected a script file, but got none');
  if (positionals.length > 1)
    throw invalidInput(`plan: expected one script file, but got ${positionals.length}: ${positionals.join(' ')} (run plan once per file)`);
  const compiled = await compileFile(file);
  if (!compiled.result.plan) {
    printDiagnostics(compiled);
    return 1;
  }
  // Secret text never leaves the process: printed plans show its length only.
  const plan = redactPlan(compiled.result.plan);
  if (values.json) printOut(`${JSON.stringify({ steps: plan.steps, marks: plan.marks }, null, 2)}\n`);
  else printOut(`${formatPlanTree(plan)}\n`);
  // Warnings as validate prints them: no excerpt of a line that holds secret text.
  printDiagnostics(compiled);
  return 0;
};

/**
 * `screenplay schema [--for FILE] [--out F]`: the script format's JSON Schema, on stdout or into F.
 * Without --for, the generic schema (any primitive name is accepted in a file with import: or
 * primitives:); with --for FILE, one that knows FILE's primitives (its own and every imported
 * one, transitively, found by the same loader as validate) and their params. Exit 1 when FILE
 * does not compile (its errors printed as validate prints them).
 */
/**
 * The generic schema's text: the package's schema/screenplay.schema.json (generated from the same
 * tables and kept current by a test), read rather than built in an installed package: building
 * it from the zod schemas is most of `screenplay schema`'s start-up. A checkout (or a package
 * without the file) builds it.
 */
const genericSchemaText = (): string => {
  // A git checkout builds it: that is how the committed file is regenerated after a change.
  if (!fs.existsSync(packagePath('.git'))) {
    try {
      return fs.readFileSync(packagePath('schema/screenplay.schema.json'), 'utf8');
    } catch {
      // Missing from an installed package: built below.
    }
  }
  return `${JSON.stringify(scriptJsonSchema(), null, 2)}\n`;
};

export const schemaCommand = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({ args, options: { for: { type: 'string' }, out: { type: 'string' } } });
  let vocabulary: CompileResult['primitives'] | undefined;
  if (values.for) {
    const compiled = await compileFile(values.for);
    if (compiled.result.errors.length) {
      printDiagnostics(compiled);
      return 1;
    }
    vocabulary = compiled.result.primitives;
  }
  const text = vocabulary ? `${JSON.stringify(scriptJsonSchema(vocabulary), null, 2)}\n` : genericSchemaText();
  if (values.out) {
    try {
      fs.writeFileSync(values.out, text);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'EISDIR'
          ? 'it is a folder'
          : code === 'ENOENT'
            ? 'its folder does not exist'
            : code === 'EACCES'
              ? 'permission is denied'
              : (code ?? 'it cannot be written');
      throw invalidInput(`schema: expected --out to name a file to write, but ${values.out}: ${why}`);
    }
  } else printOut(text);
  return 0;
};

export const narrateCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string', short: 'o' } } });
  const file = positionals[0];
  if (!file) throw invalidInput('narrate: expected a script file, but got none');
  if (!values.out) throw invalidInput('narrate: --out DIR is required');
  const { chooseVoice, narrate, sayLines } = await import('../narration');
  const compiled = await compileFile(file);
  // Errors stop here; warnings (a last say with wait: false…) are printed and the command goes on.
  printDiagnostics(compiled);
  if (!compiled.result.plan) return 1;
  const { provider, notice } = chooseVoice(compiled.result.plan.settings.voice as VoiceSettings | undefined);
  if (notice) printErr(`${notice}\n`);
  const lines = sayLines(compiled.result.plan);
  const t0 = Date.now();
  const r = await narrate(lines, { provider, outDir: path.resolve(values.out), onProgress: (l) => printErr(`${l}\n`) });
  const rows = r.narration.lines.map((l) => {
    // One table row a line: tabs and newlines in the text would break the columns.
    const text = l.text.replace(/\s+/g, ' ').trim();
    return [l.id, `${(l.durationMs / 1000).toFixed(2)} s`, String(l.words.length), text.length > 60 ? `${text.slice(0, 57)}…` : text];
  });
  const table = [['line', 'duration', 'words', 'text'], ...rows];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table)
    printOut(
      `${row
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  const total = r.narration.lines.reduce((a, l) => a + l.durationMs, 0);
  printErr(
    `narrated ${lines.length} line(s) with ${provider.name} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${r.synthesized} synthesised, ${r.cached} cached, ${(total / 1000).toFixed(1)} s of speech, into ${path.join(values.out, NARRATION_JSON)}\n`,
  );
  return 0;
};

/** The voice a capture narrates with, saying when it falls back to the offline one. */
export const captureVoice = async (settings: VoiceSettings | undefined, plan?: Plan) => {
  const { chooseVoice, sayLines } = await import('../narration');
  const { provider, notice } = chooseVoice(settings);
  // Said only when there is something to say.
  if (notice && (!plan || sayLines(plan).length > 0)) printErr(`${notice}\n`);
  return provider;
};

export type CaptureSettings = { recorder?: RecorderName; fps?: number; recordPointer?: boolean; obs?: { url?: string; passwordEnv?: string } };

/** OBS's address: the script's capture.obs (URL, and the env variable with the password), else the environment's. */
export const obsConnection = async (settings: CaptureSettings): Promise<ObsConnection> => {
  const { obsConnectionFromEnv } = await import('../capture/obs-recorder');
  const env = obsConnectionFromEnv();
  const passwordEnv = settings.obs?.passwordEnv;
  const password = passwordEnv ? process.env[passwordEnv] : env.password;
  registerSecret(password);
  if (passwordEnv && password === undefined)
    throw invalidInput(`capture.obs.passwordEnv: expected the environment variable ${passwordEnv} to hold OBS's password, but it is not set`);
  const url = settings.obs?.url ?? env.url;
  return password ? { url, password } : { url };
};

/**
 * Where a take is performed, from --display and --on-my-desktop: by default a fresh virtual
 * stage; `--display :N` that X display; `--on-my-desktop` $DISPLAY (the user's own desktop; on
 * macOS and Windows, the desktop itself).
 */
export const stageChoice = (values: { display?: string | undefined; 'on-my-desktop'?: boolean | undefined }, command: string): StageChoice => {
  if (values.display !== undefined && values['on-my-desktop']) throw invalidInput(`${command}: expected --display :N or --on-my-desktop, but got both`);
  if (values.display !== undefined) {
    if (!/^[A-Za-z0-9.\-_]*:\d+(\.\d+)?$/.test(values.display))
      throw invalidInput(`--display: expected an X display like ":0" or ":99", but got ${JSON.stringify(values.display.slice(0, 40))}`);
    return { kind: 'display', display: values.display };
  }
  if (values['on-my-desktop']) {
    const own = process.env.DISPLAY ?? '';
    if (process.platform === 'linux' && !own)
      throw invalidInput(
        `--on-my-desktop: expected $DISPLAY to name your desktop (":0"), but it is not set; without it, leave the flag out to record on a virtual stage`,
      );
    return { kind: 'display', display: own };
  }
  return { kind: 'virtual' };
};

export const captureCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      display: { type: 'string' },
      'on-my-desktop': { type: 'boolean' },
      countdown: { type: 'string' },
      recorder: { type: 'string' },
      'record-pointer': { type: 'boolean' },
      'record-sessions': { type: 'boolean' },
    },
  });
  const file = positionals[0];
  if (!file) throw invalidInput('capture: expected a script file, but got none');
  if (!values.out) throw invalidInput('capture: --out DIR is required');
  const [{ RECORDERS }, { captureOnStage }] = await Promise.all([import('../capture/recorder'), import('../stage/capture-on-stage')]);
  if (values.recorder && !(RECORDERS as readonly string[]).includes(values.recorder)) {
    throw invalidInput(`--recorder: expected ${RECORDERS.join(' or ')}, but got "${values.recorder}"`);
  }
  const countdown = parseDuration(values.countdown ?? '3s');
  if (!countdown.ok) throw invalidInput(`--countdown ${countdown.message}`);
  const compiled = await compileFile(file);
  printDiagnostics(compiled);
  if (!compiled.result.plan) return 1;
  const choice = stageChoice(values, 'capture');
  const settings = (compiled.result.plan.settings.capture ?? {}) as CaptureSettings;
  const recorder = (values.recorder as RecorderName | undefined) ?? settings.recorder ?? 'ffmpeg';
  const result = await captureOnStage({
    choice,
    plan: compiled.result.plan,
    recorder,
    // OBS's address matters (and its password must be set) only when OBS records.
    ...(recorder === 'obs' ? { obs: await obsConnection(settings) } : {}),
    fps: settings.fps,
    voice: await captureVoice(compiled.result.plan.settings.voice as VoiceSettings | undefined, compiled.result.plan),
    recordPointer: values['record-pointer'] ?? settings.recordPointer ?? false,
    rootDir: compiled.loaded.rootDir,
    outDir: path.resolve(values.out),
    countdownMs: countdown.ms,
    ...(values['record-sessions'] ? { recordSessions: true } : {}),
    onProgress: (line) => printErr(`${line}\n`),
  });
  printErr(`captured ${result.steps} steps, ${(result.durationMs / 1000).toFixed(1)} s, into ${values.out}\n`);
  return 0;
};

/**
 * `screenplay rehearse FILE [--through STEP_ID] --screenshot PNG [--display :N | --on-my-desktop] [--words]`:
 * the stage opened, the steps through STEP_ID performed (none by default) with no recorder and
 * no narration, a PNG of the screen saved; with --words, the lines of text OCR reads printed as
 * JSON ([{ text, box: { x, y, width, height } }], screen px).
 */
export const rehearseCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      through: { type: 'string' },
      screenshot: { type: 'string' },
      display: { type: 'string' },
      'on-my-desktop': { type: 'boolean' },
      words: { type: 'boolean' },
    },
  });
  const file = positionals[0];
  if (!file) throw invalidInput('rehearse: expected a script file, but got none');
  if (!values.screenshot) throw invalidInput('rehearse: --screenshot PNG is required');
  if (!/\.png$/i.test(values.screenshot)) throw invalidInput(`--screenshot: expected a .png file, but got ${JSON.stringify(values.screenshot)}`);
  const choice = stageChoice(values, 'rehearse');
  const { rehearseOnStage } = await import('../stage/capture-on-stage');
  const compiled = await compileFile(file);
  printDiagnostics(compiled);
  const plan = compiled.result.plan;
  if (!plan) return 1;
  let steps = 0;
  if (values.through === 'all') steps = plan.steps.length;
  else if (values.through !== undefined) {
    const i = plan.steps.findIndex((s) => s.id === values.through);
    if (i < 0) {
      const ids = plan.steps.map((s) => s.id);
      const list = ids.length > 30 ? `${ids.slice(0, 30).join(', ')}, … (${ids.length - 30} more)` : ids.join(', ');
      throw invalidInput(
        `--through: expected a step id of ${file}, but got ${JSON.stringify(values.through.slice(0, 40))}${didYouMean(values.through, ids)}; its steps are ${list} (screenplay plan ${file} lists them)`,
      );
    }
    steps = i + 1;
  }
  const screenshot = path.resolve(values.screenshot);
  try {
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    fs.accessSync(path.dirname(screenshot), fs.constants.W_OK);
  } catch (err) {
    throw invalidInput(
      `--screenshot: expected a PNG path in a folder screenplay can write, but ${path.dirname(screenshot)} cannot be made or written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  const r = await rehearseOnStage({
    plan,
    rootDir: compiled.loaded.rootDir,
    choice,
    steps,
    screenshot,
    words: values.words === true,
    onProgress: (line) => printErr(`${line}\n`),
  });
  if (values.words) printOut(`${JSON.stringify(r.words ?? [], null, 2)}\n`);
  printErr(`rehearsed ${r.steps} step${r.steps === 1 ? '' : 's'} on a ${r.screen.width}x${r.screen.height} stage; the screen is in ${values.screenshot}\n`);
  return 0;
};
