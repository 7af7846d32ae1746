/**
 * compositeArgs inputs for a set of option combinations, over a hand-made plan (only the fields
 * compositeArgs reads), so the recorded command lines do not move when the planner changes.
 */
import type { CompositeInputs, CompositeScripts, HeldFrame } from '../../src/render/composite/ffmpeg-args';
import type { compositeArgs } from '../../src/render/composite/ffmpeg-args';
import type { CompositePlan } from '../../src/render/composite/plan';
import { buildTimeMap } from '../../src/timeline/time-map';

type Options = Parameters<typeof compositeArgs>[0];

const rect = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });
const basePlan = {
  stage: rect(96, 54, 1728, 972),
  frames: 90,
  fps: 30,
  sprites: { cursor: { cell: { width: 64, height: 80 } }, ripple: { cell: { width: 120, height: 120 } } },
  firstScale: { width: 1728, height: 972 },
  main: '',
  cursor: '',
  ripples: [],
} as unknown as CompositePlan;
const avatar = {
  sheet: {
    size: 200,
    frame: rect(0, 0, 200, 200),
    head: rect(200, 0, 160, 180),
    eyes: [rect(360, 0, 80, 30), rect(440, 0, 80, 30)],
    mouths: [rect(520, 0, 60, 40)],
    height: 200,
  },
  eyes: '',
  mouth: '',
} as unknown as NonNullable<CompositePlan['avatar']>;
const motionBlur = {
  moments: 4,
  ranges: [
    [10, 20],
    [40, 45],
  ] as Array<[number, number]>,
  margin: 48,
  pad: 120,
};

const inputs: CompositeInputs = { recording: '/c/rec.mp4', under: '/t/u.png', mask: '/t/m.png', cursorSheet: '/t/c.png', rippleSheet: '/t/r.png' };
const scripts: CompositeScripts = { main: '/t/main:1.cmd', cursor: '/t/c.cmd', ripples: ['/t/r0.cmd', '/t/r1.cmd'] };
const frameSize = { width: 1920, height: 1080 };
const base: Options = { plan: basePlan, inputs, scripts, startSeconds: 0, out: '/o/v.mp4', crf: 20, preset: 'veryfast', frameSize, outputSize: frameSize };

const held: HeldFrame[] = [
  { recMs: 5000, first: 86, end: 90, opacity: '' },
  { recMs: 2966.6667, first: 90, end: 95, opacity: '' },
];
const withHeld: Partial<Options> = {
  held,
  inputs: { ...inputs, held: ['/t/held0.png', '/t/held1.png'] },
  scripts: { ...scripts, held: ['/t/held0.cmd', '/t/held1.cmd'] },
};
const withAvatar = (o: Partial<Options>): Partial<Options> => ({
  ...o,
  plan: { ...(o.plan ?? basePlan), avatar },
  inputs: { ...(o.inputs ?? inputs), avatarSheet: '/t/a.png' },
  scripts: { ...(o.scripts ?? scripts), avatarEyes: '/t/ae.cmd', avatarMouth: '/t/am.cmd' },
});
const noRipples: Partial<Options> = { scripts: { ...scripts, ripples: [] } };
const timeMap = buildTimeMap({ durationMs: 10_000, cuts: [{ fromMs: 3000, toMs: 5000 }], speedups: [{ fromMs: 6000, toMs: 8000, factor: 4 }] });
const blurs = [
  { x: 101, y: 51, width: 301, height: 41, startMs: 500, endMs: 2500 },
  { x: 800, y: 600, width: 9, height: 7, startMs: 0, endMs: 9000 },
];

/** Named option combinations: every branch of compositeArgs, alone and together. */
export const compositeArgsCases: Array<[string, Options]> = [
  ['plain', base],
  ['seek', { ...base, startSeconds: 2.5 }],
  ['resize', { ...base, outputSize: { width: 960, height: 540 } }],
  ['subtitles', { ...base, subtitles: '/t/captions.ass' }],
  ['subtitles and resize', { ...base, subtitles: '/t/captions.ass', outputSize: { width: 1280, height: 720 } }],
  ['odd screen unpadded', { ...base, startSeconds: 2.5, screen: { width: 1281, height: 721 } }],
  ['no ripples', { ...base, ...noRipples }],
  ['one ripple slot', { ...base, scripts: { ...scripts, ripples: ['/t/r0.cmd'] } }],
  ['avatar', { ...base, ...withAvatar({}) }],
  ['avatar without ripples', { ...base, ...withAvatar(noRipples) }],
  ['avatar, subtitles, resize', { ...base, ...withAvatar({}), subtitles: '/t/captions.ass', outputSize: { width: 960, height: 540 } }],
  ['motion blur', { ...base, plan: { ...basePlan, motionBlur } }],
  ['motion blur, two moments', { ...base, plan: { ...basePlan, motionBlur: { ...motionBlur, moments: 2 } } }],
  ['motion blur, no ripples, avatar', { ...base, ...withAvatar({ ...noRipples, plan: { ...basePlan, motionBlur } }) }],
  ['blurs', { ...base, blurs }],
  ['blurs, seek', { ...base, blurs, startSeconds: 1 }],
  ['time map', { ...base, timeMap }],
  ['time map from frame 40', { ...base, timeMap, startFrame: 40, startSeconds: 40 / 30 }],
  ['identity time map, seek', { ...base, timeMap: buildTimeMap({ durationMs: 10_000 }), startSeconds: 2 }],
  ['held frames', { ...base, timeMap, ...withHeld }],
  ['held frames and blurs', { ...base, timeMap, ...withHeld, blurs, startFrame: 30, startSeconds: 1 }],
  ['held frames, no ripples, avatar', { ...base, timeMap, ...withAvatar({ ...withHeld, scripts: { ...withHeld.scripts!, ripples: [] } }) }],
  [
    'everything',
    {
      ...base,
      ...withAvatar({ ...withHeld, plan: { ...basePlan, motionBlur } }),
      timeMap,
      startFrame: 12,
      startSeconds: 0.4,
      blurs,
      screen: { width: 1281, height: 721 },
      subtitles: '/t/capt:ions.ass',
      outputSize: { width: 1080, height: 608 },
      filterThreads: 3,
    },
  ],
];
