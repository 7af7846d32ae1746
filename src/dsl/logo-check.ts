/**
 * What a card's logo file must be (pure): a .png, .jpg/.jpeg, .webp, .gif or .svg image of at most
 * 2 MB whose first bytes are really that kind of image. Validate checks it before anything runs
 * (src/cli/load-script.ts reads the file's head); the take checks again (src/capture/card-mark.ts).
 */

/** The largest logo a card embeds (bytes): 2 MB, as src/capture/card-mark.ts MAX_LOGO_BYTES. */
export const MAX_LOGO_FILE_BYTES = 2 * 1024 * 1024;
/** How many bytes of the file logoProblem needs to see. */
export const LOGO_HEAD_BYTES = 512;

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** The logo kinds by extension, each with the test of its first bytes. */
const KINDS: Record<string, { name: string; test: (b: Uint8Array) => boolean }> = {
  '.png': { name: 'PNG', test: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  '.jpg': { name: 'JPEG', test: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  '.jpeg': { name: 'JPEG', test: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  '.webp': { name: 'WebP', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' },
  '.gif': { name: 'GIF', test: (b) => ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a' },
  '.svg': {
    name: 'SVG',
    test: (b) => {
      const text = new TextDecoder().decode(b).replace(/^\uFEFF/, '');
      return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text);
    },
  },
};

/**
 * Why a logo file cannot be a card's logo, or null when it can.
 * @param file its name (the extension decides the kind)
 * @param size its size in bytes
 * @param head its first bytes (LOGO_HEAD_BYTES, or all of a shorter file)
 */
export const logoProblem = (file: string, size: number, head: Uint8Array): string | null => {
  const ext = /\.[^./\\]+$/.exec(file)?.[0].toLowerCase() ?? '';
  const kind = KINDS[ext];
  if (!kind) return `expected a .png, .jpg, .webp, .gif or .svg image, but got ${ext ? `a ${ext} file` : 'a file with no extension'}`;
  if (size > MAX_LOGO_FILE_BYTES) return `expected an image of at most 2 MB, but it is ${(size / 1024 / 1024).toFixed(1)} MB`;
  if (!kind.test(head)) return `expected a ${kind.name} image (its name ends in ${ext}), but the file's first bytes are not one`;
  return null;
};
