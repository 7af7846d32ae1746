/** Prints diagnostics the way compilers do: FILE:LINE:COL: message, the line, a caret. Pure. */
import type { Diagnostic } from './compile';

export const formatDiagnostic = (d: Diagnostic, files: Record<string, string | object>, kind: 'error' | 'warning' = 'error'): string => {
  const out = [`${d.file}:${d.line}:${d.column}: ${kind}: ${d.message}${d.path ? `  [${d.path}]` : ''}`];
  const text = files[d.file];
  if (typeof text === 'string') {
    const line = text.split(/\r?\n/)[d.line - 1];
    if (line !== undefined) {
      out.push(`  ${line}`);
      out.push(`  ${' '.repeat(Math.max(0, d.column - 1))}^`);
    }
  }
  for (const r of d.related ?? []) out.push(`  ${r.file}:${r.line}:${r.column}: note: ${r.message}`);
  return out.join('\n');
};
