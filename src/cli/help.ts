/**
 * Help text and docs/cli.md, both printed from the command table (commands.ts). Pure: strings in,
 * strings out.
 */
import { COMMANDS, EXIT_CODES, GLOBAL_OPTIONS, HELP_OPTION, type CommandOption, type CommandSpec } from './commands';
import { didYouMean } from '../dsl/did-you-mean';

const flag = (o: CommandOption): string => `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`;

/** Rows as two columns: the first padded to the widest (at most `max` characters; longer ones get their own line). */
const columns = (rows: Array<[string, string]>, indent = '  ', max = 28): string[] => {
  const width = Math.min(max, Math.max(0, ...rows.map(([a]) => a.length)));
  return rows.flatMap(([a, b]) => (a.length > width ? [`${indent}${a}`, `${indent}${' '.repeat(width)}  ${b}`] : [`${indent}${a.padEnd(width)}  ${b}`]));
};

const optionLine = (o: CommandOption): string => `${o.description}${o.default !== undefined ? ` (default: ${o.default})` : ''}`;

/** `screenplay CMD --help`: the summary, usage, arguments, options with their defaults, and examples. */
export const commandHelp = (c: CommandSpec): string => {
  const lines = [`screenplay ${c.name}: ${c.summary}`, '', 'Usage:', ...c.usage.map((u) => `  ${u}`)];
  if (c.details?.length) lines.push('', ...c.details);
  if (c.args?.length) lines.push('', 'Arguments:', ...columns(c.args.map((a) => [a.name, a.description])));
  lines.push('', 'Options:', ...columns([...c.options, HELP_OPTION].map((o) => [flag(o), optionLine(o)])));
  lines.push('', c.examples.length > 1 ? 'Examples:' : 'Example:', ...c.examples.map((e) => `  ${e}`));
  lines.push('', `Exit codes: ${EXIT_CODES.map(([n, what]) => `${n} ${what.split(':')[0]}`).join(', ')}.`);
  return `${lines.join('\n')}\n`;
};

/** `screenplay --help`: every command with its one line. */
export const globalHelp = (): string => {
  const lines = [
    'screenplay: turn a script into a finished product-demo video',
    '',
    'Usage:',
    '  screenplay COMMAND [ARGS] [OPTIONS]',
    '  screenplay COMMAND --help     one command: its options, defaults and an example',
    '',
    'Commands:',
    ...columns(
      COMMANDS.map((c) => [c.name, c.summary]),
      '  ',
      10,
    ),
    '',
    'Options:',
    ...columns(GLOBAL_OPTIONS.map((o) => [flag(o), optionLine(o)])),
    '',
    'Get started:',
    '  screenplay init                                    a starter script in ./screenplay',
    '  screenplay make screenplay/hello.yaml --out screenplay/out/hello',
    '',
    `Exit codes: ${EXIT_CODES.map(([n, what]) => `${n} ${what.split(':')[0]}`).join(', ')}.`,
  ];
  return `${lines.join('\n')}\n`;
};

/** "unknown command "x" (did you mean "y"?)" with the list of commands. */
export const unknownCommandMessage = (name: string): string => {
  const hint = didYouMean(
    name,
    COMMANDS.map((c) => c.name),
  );
  return `unknown command "${name}"${hint}; \`screenplay --help\` lists the commands: ${COMMANDS.map((c) => c.name).join(', ')}`;
};

/** "unknown option --outt for render; did you mean --out?" (flag as the user typed it, dashes included). */
export const unknownOptionMessage = (command: CommandSpec, typed: string): string => {
  const options = [...command.options, HELP_OPTION];
  const bare = typed.replace(/^-+/, '').replace(/=.*$/, '');
  let suggestion: string | undefined;
  if (typed.startsWith('--')) {
    const hint = /"(.*)"/.exec(
      didYouMean(
        bare,
        options.map((o) => o.name),
      ),
    )?.[1];
    if (hint !== undefined) suggestion = `--${hint}`;
  } else if (bare.length > 1) {
    // A long flag typed with one dash (-json) is a common slip. A one-letter flag gets no guess: every letter is near every other.
    const long = options.find((o) => o.name === bare);
    if (long) suggestion = `--${long.name}`;
  }
  return `unknown option ${typed.replace(/=.*$/, '')} for ${command.name}${suggestion ? `; did you mean ${suggestion}?` : ''} (\`screenplay ${command.name} --help\` lists its options)`;
};

const mdEscape = (s: string): string => s.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * docs/cli.md's text: every command with its usage, options and defaults, examples and exit
 * codes. tests/cli/cli-docs.test.ts checks the file is current; `npx tsx scripts/cli-docs.ts` rewrites it.
 */
export const cliReference = (): string => {
  const out = [
    '# The `screenplay` command line',
    '',
    '<!-- Generated from src/cli/commands.ts by `npx tsx scripts/cli-docs.ts`; tests/cli/cli-docs.test.ts checks it is current. Edit the table, not this file. -->',
    '',
    '`npx screenplay COMMAND [ARGS] [OPTIONS]`. Every command takes `--help` (`screenplay help COMMAND` prints the same);',
    '`screenplay --version` (`-v`) prints the version. A misspelt command or flag is an error (exit 1) that suggests the',
    'closest one: `unknown option --outt for render; did you mean --out?`.',
    '',
    'Commands write where you point them, relative to the current folder, never into the installed package (renders keep their caches, the Remotion bundle and the timeline and layers of each capture, in ~/.cache/screenplay or $SCREENPLAY_CACHE_DIR).',
    '',
    '| command | what it does |',
    '| --- | --- |',
    ...COMMANDS.map((c) => `| [\`${c.name}\`](#screenplay-${c.name}) | ${mdEscape(c.summary)} |`),
    '',
    '## Exit codes',
    '',
    '| code | meaning |',
    '| --- | --- |',
    ...EXIT_CODES.map(([n, what]) => `| ${n} | ${mdEscape(what)} |`),
    '',
    'Errors are one line each (a script problem as `FILE:LINE:COL: message`), never a stack trace; `SCREENPLAY_DEBUG=1` adds the stack.',
    '',
  ];
  for (const c of COMMANDS) {
    out.push(`## screenplay ${c.name}`, '', mdEscape(`${c.summary[0]!.toUpperCase()}${c.summary.slice(1)}.`), '', '```', ...c.usage, '```', '');
    if (c.details?.length) out.push(...c.details.map(mdEscape), '');
    if (c.args?.length) out.push('| argument | |', '| --- | --- |', ...c.args.map((a) => `| \`${a.name}\` | ${mdEscape(a.description)} |`), '');
    const options = [...c.options, HELP_OPTION];
    out.push(
      '| option | default | |',
      '| --- | --- | --- |',
      ...options.map((o) => `| \`${mdEscape(flag(o).trim())}\` | ${o.default !== undefined ? mdEscape(o.default) : '—'} | ${mdEscape(o.description)} |`),
      '',
    );
    out.push(c.examples.length > 1 ? 'Examples:' : 'Example:', '', '```sh', ...c.examples, '```', '');
  }
  out.push(...PARSER_NOTE);
  return `${out.join('\n').trimEnd()}\n`;
};

/** Why the CLI parses with util.parseArgs and this table (docs/cli.md's last section). */
const PARSER_NOTE = [
  '## How the command line is built',
  '',
  'One table (`src/cli/commands.ts`) lists every command: its summary, usage, options with defaults, examples, and a',
  "`load` that imports the command's module only when that command runs. `--help`, `screenplay help`, the suggestions",
  "for misspelt commands and flags, and this page are printed from it. Each command parses its own arguments with Node's",
  '`util.parseArgs` (stable in Node 20, no dependency); a test checks that every flag a command parses is in the table.',
  '',
  'Why not commander or citty: commander 14 needs Node 20 and would do, but it would add a dependency to every install',
  'and take over parsing that each command already does and tests; what it adds (help, suggestions) is a few dozen',
  'lines over this table. The lazy `load` matters more than the parser: `validate`, `plan`, `schema`, `--help` and',
  '`--version` never load the render, capture or narration stacks, so they start in well under a second',
  '(`bench/cli-startup-bench.ts` measures each through the real `bin/screenplay.mjs`).',
];
