/**
 * The mark a title_card or end_card step logs: the card's content (its logo read from the
 * project and embedded as a data URL, so the capture dir is self-contained) and how long it holds
 * the recording (time-map.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ActionArgs } from '../dsl/actions';
import type { CaptureEvent } from '../capture-log';
import type { CardData } from '../capture-log/schema';

/** The largest logo a card embeds (bytes). */
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;
/** How long a title card's hook shows on 9:16 videos when the script gives no hookDuration (ms). */
export const DEFAULT_HOOK_MS = 3000;

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

/**
 * A logo file as a data URL.
 * @param file an absolute path (already confined to the project by the caller)
 * @throws Error naming the file when its kind is not an image screenplay draws or it is too large
 */
export const logoDataUrl = (file: string): string => {
  const mime = MIME[path.extname(file).toLowerCase()];
  if (!mime) throw new Error(`logo ${file}: expected a .png, .jpg, .webp, .gif or .svg image, but got ${path.extname(file) || 'no extension'}`);
  const size = fs.statSync(file).size;
  if (size > MAX_LOGO_BYTES)
    throw new Error(`logo ${file}: expected at most ${MAX_LOGO_BYTES / 1024 / 1024} MB, but it is ${(size / 1024 / 1024).toFixed(1)} MB`);
  return `data:${mime};base64,${fs.readFileSync(file).toString('base64')}`;
};

type CardArgs = ActionArgs<'title_card'> | ActionArgs<'end_card'>;

/**
 * The `card` mark of a title or end card step at `tMs` (wall-clock ms, like every logged event).
 * @param file resolves a project-relative path to an absolute realpath inside the project (throws otherwise)
 */
export const cardMark = (kind: 'title' | 'end', args: CardArgs, tMs: number, file: (p: string) => string): CaptureEvent => {
  const a = args as Partial<ActionArgs<'title_card'> & ActionArgs<'end_card'>>;
  const card: CardData = { kind };
  if (a.title !== undefined) card.title = a.title;
  if (a.subtitle !== undefined) card.subtitle = a.subtitle;
  if (a.cta !== undefined) card.cta = a.cta;
  if (a.url !== undefined) {
    card.url = a.url;
    card.qr = a.qr ?? true;
  }
  if (a.logo !== undefined) card.logo = logoDataUrl(file(a.logo));
  if (a.background !== undefined) card.background = a.background;
  if (a.color !== undefined) card.color = a.color;
  if (a.accent !== undefined) card.accent = a.accent;
  if (a.hook !== undefined) {
    card.hook = a.hook;
    card.hookMs = a.hookDuration ?? DEFAULT_HOOK_MS;
  }
  return { type: 'mark', kind: 'card', tMs, holdMs: args.duration, card };
};
