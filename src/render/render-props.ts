/**
 * The props a composition gets: the script's title and style (recorded in the capture dir) under
 * the caller's own, checked in Node against the style schema and the composition's props schema
 * before any browser opens. Errors name the file or `props` and the value's JSON path.
 */
import type { z } from 'zod';
import { formatJsonPath } from '../capture-log/json-path';
import { landscapeSchema } from '../compositions/landscape/schema';
import { styleSchema } from '../compositions/shared/style-schema';
import { squareSchema } from '../compositions/square/schema';
import { portraitSchema } from '../compositions/portrait/schema';
import { tiktokSplitSchema } from '../compositions/tiktok-split/schema';
import { invalidInput } from '../errors';
import type { CompositionName } from '../formats';

/**
 * The script's title (recorded in the capture) names the video unless the props name it; the
 * default subtitle belongs to the bundled sample, so it is dropped along with the default title.
 */
export const withScriptTitle = (props: Record<string, unknown> | undefined, title: string | undefined): Record<string, unknown> =>
  // A script's own video: its title, and none of the sample's subtitle or brand line (which are
  // the compositions' defaults, for Studio's preview of the bundled sample).
  title !== undefined && props?.title === undefined ? { ...props, title, subtitle: props?.subtitle ?? '', brand: props?.brand ?? '' } : { ...props };

/** `over` on top of `base`, maps merged key by key (the props' style over the script's). */
export const mergeStyle = (base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? mergeStyle(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
};

/** Each composition's props schema: props are checked here, in Node, before a browser opens. */
const PROPS_SCHEMAS: Record<CompositionName, z.ZodType> = {
  Landscape: landscapeSchema,
  TikTokSplit: tiktokSplitSchema,
  Square: squareSchema,
  Portrait: portraitSchema,
};

const shownValue = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
};

const valueAt = (root: unknown, at: ReadonlyArray<PropertyKey>): unknown =>
  at.reduce<unknown>((cur, key) => (cur !== null && typeof cur === 'object' ? (cur as Record<PropertyKey, unknown>)[key] : undefined), root);

const pathKey = (issue: z.core.$ZodIssue) => JSON.stringify(issue.path.map(String));

/**
 * One line per zod problem: `<where>: <JSON path> must <what was expected>, but got <value>`. A
 * number out of range is named once (not also as off its step).
 * @param where the file (or "props") the value came from; `prefix` is prepended to each path
 */
export const describeProblems = (issues: ReadonlyArray<z.core.$ZodIssue>, value: unknown, where: string, prefix: ReadonlyArray<PropertyKey> = []): string[] => {
  const outOfRange = new Set(issues.filter((i) => i.code === 'too_big' || i.code === 'too_small').map(pathKey));
  return issues
    .filter((i) => !(i.code === 'not_multiple_of' && outOfRange.has(pathKey(i))))
    .map((issue) => {
      const found = shownValue(valueAt(value, issue.path));
      const bound = (b: unknown) => String(b);
      const expected =
        issue.code === 'too_big'
          ? `must be at most ${bound(issue.maximum)}${issue.inclusive === false ? ' (exclusive)' : ''}`
          : issue.code === 'too_small'
            ? issue.origin === 'string' && issue.minimum === 1
              ? 'must not be empty'
              : `must be at least ${bound(issue.minimum)}${issue.inclusive === false ? ' (exclusive)' : ''}`
            : issue.code === 'not_multiple_of'
              ? `must be a multiple of ${bound(issue.divisor)}`
              : issue.code === 'invalid_type'
                ? `must be ${issue.expected}`
                : issue.code === 'invalid_value'
                  ? `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
                  : issue.code === 'invalid_union'
                    ? 'must be one of the allowed kinds'
                    : `is not allowed (${issue.message})`;
      return `${where}: ${formatJsonPath([...prefix, ...issue.path])} ${expected}, but got ${found}`;
    });
};

/**
 * Checks, in Node and before any browser opens, the capture dir's `style` (capture.json) against
 * the style schema and then the props the composition will get (the caller's props, the script's
 * title and the merged style) against the composition's schema.
 * @throws invalid-input (exit 1): one line per problem, naming capture.json and `style.…`, or `props` and the prop's path
 */
export const checkRenderProps = (
  composition: CompositionName,
  captureJson: string,
  scriptStyle: Record<string, unknown> | undefined,
  props: Record<string, unknown>,
): void => {
  if (scriptStyle !== undefined) {
    const parsed = styleSchema.safeParse(scriptStyle);
    if (!parsed.success) throw invalidInput(describeProblems(parsed.error.issues, scriptStyle, captureJson, ['style']).join('\n'));
  }
  const parsed = PROPS_SCHEMAS[composition].safeParse(props);
  if (!parsed.success) throw invalidInput(describeProblems(parsed.error.issues, props, 'props').join('\n'));
  // What calculateMetadata would refuse in the browser: an avatar clip without the clip.
  const avatar = (props.style as { avatar?: { provider?: unknown; video?: unknown } } | undefined)?.avatar;
  if (avatar?.provider === 'video' && avatar.video === undefined) {
    const ours = (scriptStyle?.avatar as { provider?: unknown } | undefined)?.provider === 'video';
    throw invalidInput(
      `${ours ? `${captureJson}: style.avatar.video` : 'props: style.avatar.video'} must name the avatar clip (a file in the capture dir) when style.avatar.provider is "video", but got nothing`,
    );
  }
};
