/**
 * A recorded session's name (record_session, replay_session), pure: it becomes the file
 * sessions/NAME.cast next to the script, so it must be a plain file name.
 */

/**
 * Why `name` cannot name a session, or null: a plain file name of letters, digits, ".", "_" and
 * "-" (no path separators, no "..", not starting with "."), at most 100 characters.
 */
export const sessionNameProblem = (name: string): string | null => {
  const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
  if (name.length === 0) return 'must not be empty';
  if (name.length > 100) return `must be at most 100 characters, but got ${name.length}`;
  if (/[/\\]/.test(name)) return `must be a plain file name (it becomes sessions/NAME.cast), but ${shown} has a path separator`;
  if (name.includes('..') || name.startsWith('.')) return `must be a plain file name (it becomes sessions/NAME.cast), but ${shown} starts with "." or has ".."`;
  const bad = /[^A-Za-z0-9._-]/u.exec(name);
  if (bad) return `must use only letters, digits, ".", "_" and "-", but ${shown} has ${JSON.stringify(bad[0])}`;
  return null;
};
