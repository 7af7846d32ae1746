/**
 * Technical terms in narration (pure): what captions draw in the monospace font, and the marks
 * the voice must not be sent.
 *
 * The rule, one word (a run between whitespace, speech-text.ts's splitWords) at a time:
 * - Backticks: every word inside a pair of backticks (`npm i`, `ml.ink`) is a term, always. The
 *   backticks are marks: captions, SRT and VTT show the words without them, and the voice is
 *   sent the text without them (espeak-ng reads a backtick as a pause). An unpaired backtick
 *   marks the rest of the line.
 * - By pattern, with the word's trailing punctuation (`.`, `,`, `;`, `:`, `!`, `?`, closing
 *   quotes and brackets) and opening quotes and brackets set aside: a URL with a scheme
 *   (`https://ml.ink/docs`) or starting `www.`; an e-mail address (`hi@ml.ink`); a path
 *   starting `/`, `./`, `../` or `~/` (`/etc/hosts`, `./deploy.sh`); a long option (`--force`);
 *   a file name with a known extension (`package.json`, `deploy.yaml`; not a capitalised name
 *   before `.js`, a product: `Next.js`) or a dotfile (`.env`).
 * - Nothing else: a bare domain (`ml.ink`, `example.com`), a product name (`Next.js`), a
 *   version (`v1.2.3`) or a number is prose unless backticked, since a domain is as often a
 *   brand said aloud as something to type.
 */

const BACKTICK = '`';

/** File extensions a name is a file name by (lower case). */
const FILE_EXTENSIONS = new Set(
  (
    'json jsonc json5 yaml yml toml ini cfg conf env lock txt md mdx rst csv tsv xml html htm css scss ' +
    'js mjs cjs jsx ts mts cts tsx py rb go rs java kt swift c h cc cpp hpp cs php sh bash zsh fish ps1 sql ' +
    'log pem key crt dockerfile tf hcl vue svelte wasm zip tar gz tgz png jpg jpeg gif svg webp mp4 webm mov pdf'
  ).split(' '),
);

const OPENERS = /^["'“‘«([{<]+/u;
const CLOSERS = /["'”’»)\]}>.,;:!?…]+$/u;

/** A word (backticks already taken out) that is a technical term by pattern (see the module's rule). */
export const isCodeTerm = (word: string): boolean => {
  const core = word.replace(OPENERS, '').replace(CLOSERS, '');
  if (core.length < 2) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\/\S/i.test(core) || /^www\.[^.\s]+\.\S/i.test(core)) return true;
  if (/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i.test(core)) return true;
  if (/^(~|\.{1,2})?\/[^\s/]/.test(core) || /^[a-z]:\\/i.test(core)) return true;
  if (/^--[a-z0-9][\w-]*(=\S*)?$/i.test(core)) return true;
  if (/^\.[a-z][\w-]*$/i.test(core)) return true;
  const dot = core.lastIndexOf('.');
  if (dot <= 0 || !/^[\w@+-]+(\.[\w+-]+)*$/.test(core)) return false;
  const ext = core.slice(dot + 1).toLowerCase();
  // "Next.js", "Node.js": a capitalised name before .js is a product.
  return FILE_EXTENSIONS.has(ext) && !(ext === 'js' && /^\p{Lu}/u.test(core));
};

/** The text the voice is sent: the backticks taken out (the words are the same, in the same order). */
export const withoutCodeMarks = (text: string): string => text.split(BACKTICK).join('');

/**
 * A line's words (in order, as the script wrote them), each with its backticks taken out and
 * whether it is a technical term: inside backticks (`patterns` or not), or by pattern when
 * `patterns`. A word that was only backticks comes back as '' (the caller drops it).
 */
export const codeWords = (words: readonly string[], opts: { patterns?: boolean } = {}): Array<{ text: string; code: boolean }> => {
  let inside = false;
  return words.map((w) => {
    let marked = inside;
    for (const ch of w) {
      if (ch !== BACKTICK) continue;
      inside = !inside;
      marked = true;
    }
    const text = withoutCodeMarks(w);
    return { text, code: (marked && text !== '') || (opts.patterns !== false && isCodeTerm(text)) };
  });
};
