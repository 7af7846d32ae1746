/**
 * `screenplay mcp [--print-config] [--root DIR]`: the MCP server over stdio, for the project
 * folder it is started in. stdout carries the protocol only: anything else that would print
 * there (a library's console.log, a TypeScript script's top level) goes to stderr instead.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { invalidInput } from '../errors';
import { printErr, printOut } from './print';

/** The JSON Claude Code, Claude Desktop and Cursor take to start the server. */
export const MCP_CONFIG = { mcpServers: { screenplay: { command: 'npx', args: ['screenplay', 'mcp'] } } } as const;

export const mcpCommand = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({ args, options: { 'print-config': { type: 'boolean' }, root: { type: 'string' } } });
  if (values['print-config']) {
    const project = path.resolve(values.root ?? process.cwd());
    if (!fs.existsSync(project) || !fs.statSync(project).isDirectory()) throw invalidInput(`--root: expected a project folder, but ${project} is not a folder`);
    printOut(`${JSON.stringify(MCP_CONFIG, null, 2)}\n`);
    // On stderr, so the JSON above can be piped: the clients that start servers outside the project.
    const cwd = JSON.stringify(project);
    printErr(
      `Claude Code: \`claude mcp add screenplay -- npx screenplay mcp\` in the project folder. Claude Desktop starts servers outside it: there use "args": ["--prefix", ${cwd}, "screenplay", "mcp", "--root", ${cwd}].\n`,
    );
    return 0;
  }
  const given = path.resolve(values.root ?? process.cwd());
  if (!fs.existsSync(given) || !fs.statSync(given).isDirectory()) throw invalidInput(`--root: expected a project folder, but ${given} is not a folder`);
  const root = fs.realpathSync.native(given);
  // Started by a client with no working folder (Claude Desktop starts servers in /): refuse to serve the whole disk.
  if (root === path.parse(root).root || root === fs.realpathSync.native(os.homedir())) {
    throw invalidInput(
      `mcp: expected to be started in a project folder, but the folder is ${root}; start it in the project (Claude Code does) or pass --root DIR`,
    );
  }
  // The protocol's own writer, then every other stdout write redirected to stderr.
  const stdout = process.stdout;
  const write = stdout.write.bind(stdout) as (chunk: string | Uint8Array) => boolean;
  const protocolOut = { write: (chunk: string | Uint8Array) => write(chunk), once: (event: string, fn: () => void) => stdout.once(event, fn) };
  stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
    (process.stderr.write as (...a: unknown[]) => boolean)(chunk, ...rest)) as typeof stdout.write;

  const [{ StdioServerTransport }, { createScreenplayServer }, { stopAllCli }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/stdio.js'),
    import('../mcp/server'),
    import('../mcp/run-cli'),
  ]);
  const server = createScreenplayServer({ root });
  const transport = new StdioServerTransport(process.stdin, protocolOut as unknown as NodeJS.WriteStream);
  const closed = new Promise<void>((resolve) => {
    const done = () => resolve();
    process.stdin.once('end', done);
    process.stdin.once('close', done);
    transport.onclose = done;
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, done);
  });
  await server.connect(transport);
  printErr(`screenplay mcp: serving ${root} over stdio\n`);
  await closed;
  // The client went away: running commands stop as a cancellation would (a capture keeps its recording).
  await stopAllCli();
  await server.close().catch(() => undefined);
  return 0;
};
