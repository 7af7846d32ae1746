/** Prints diagnostics the way compilers do: FILE:LINE:COL: message, the line, a caret. Pure. */
import type { Diagnostic } from './compile';

/** Source lines shown with a diagnostic are cut to this many characters around the column. */
const SHOWN = 120;

/** A file's lines, split once per text (a file with many errors is not split once per error). */
const LINES = new Map<string, string[]>();
const linesOf = (text: string): string[] => {
  let lines = LINES.get(text);
  if (!lines) {
    if (LINES.size > 16) LINES.clear();
    LINES.set(text, (lines = text.split(/\r?\n/)));
  }
  return lines;
};

/**
 * `FILE:LINE:COL: error: message  [json.path]`, then the source line (at most 120 characters of it,
 * around the column, with … where cut) and a caret under the column, then the related notes.
 */
export const formatDiagnostic = (
  d: Diagnostic,
  files: Record<string, string | object>,
  kind: 'error' | 'warning' = 'error',
  hiddenLines: ReadonlySet<string> = new Set(),
): string => {
  const out = [`${d.file}:${d.line}:${d.column}: ${kind}: ${d.message}${d.path ? `  [${d.path}]` : ''}`];
  const text = files[d.file];
  if (hiddenLines.has(`${d.file}:${d.line}`)) {
    out.push('  (this line holds secret text: not shown)');
  } else if (typeof text === 'string') {
    const line = linesOf(text)[d.line - 1];
    if (line !== undefined) {
      const col = Math.max(0, d.column - 1);
      const from = line.length <= SHOWN ? 0 : Math.max(0, Math.min(col - SHOWN / 2, line.length - SHOWN));
      const head = from > 0 ? '…' : '';
      const tail = from + SHOWN < line.length ? '…' : '';
      out.push(`  ${head}${line.slice(from, from + SHOWN)}${tail}`);
      out.push(`  ${' '.repeat(head.length + Math.max(0, col - from))}^`);
    }
  }
  for (const r of d.related ?? []) out.push(`  ${r.file}:${r.line}:${r.column}: note: ${r.message}`);
  return out.join('\n');
};
