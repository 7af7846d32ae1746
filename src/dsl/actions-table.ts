/** docs/script-format.md's table of actions, made from the action table itself (a test keeps them equal). */
import { ACTION_NAMES, ACTIONS } from './actions';

export const actionsMarkdownTable = (): string => {
  const rows = ACTION_NAMES.map((name) => {
    const def = ACTIONS[name] as { summary: string; example: string; wraps?: boolean };
    return `| \`${name}\` | ${def.summary}${def.wraps ? ' Wraps `steps`.' : ''} | \`- ${def.example.replace(/\|/g, '\\|')}\` |`;
  });
  return ['| action | what it does | example |', '| --- | --- | --- |', ...rows].join('\n');
};
