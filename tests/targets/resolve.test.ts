/**
 * resolveTarget's selection logic: nth in reading order, near, region, offset, polling until the
 * timeout, and the one-line miss messages. OCR and the browser are the other modules' work: here
 * small in-memory TextFinder / ElementFinder fakes stand for them (they answer fixed boxes), so
 * only the resolver's own logic is under test. The saved miss screen is a real PNG (ffmpeg).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePng } from '../../src/capture/image-search/wait-for-image';
import { ScreenplayError } from '../../src/errors';
import { registerSecret, SECRET_MASK } from '../../src/secrets';
import { readingOrder } from '../../src/targets/boxes';
import { closestTexts, similarity } from '../../src/targets/closest-texts';
import { POINT_BOX_PX, resolveOnScreen, resolveTarget, type ResolveEnv } from '../../src/targets/resolve';
import type { Box, BrowserSession, Candidate, DomQuery, Pixels, SeenText, Target, TextFinder } from '../../src/targets/types';

const SCREEN = { width: 1920, height: 1080 };
const PIXELS: Pixels = { width: 64, height: 36, channels: 4, data: new Uint8Array(64 * 36 * 4).fill(200) };
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A fake OCR: a fixed screen of text lines; `find` answers the lines containing the text (case-insensitive). `frames` changes the lines look by look. */
const fakeText = (frames: SeenText[][]): TextFinder & { looks: number } => {
  const f = {
    looks: 0,
    async find(_px: Pixels, text: string, opts: { exact?: boolean } = {}) {
      const seen = frames[Math.min(f.looks++, frames.length - 1)] as SeenText[];
      const hit = (s: SeenText) => (opts.exact ? s.text === text : s.text.toLowerCase().includes(text.toLowerCase()));
      return { matches: seen.filter(hit).map((s) => ({ box: s.box, label: `text "${s.text}"` })), seen };
    },
    async close() {},
  };
  return f;
};

/** A fake page: elements with a role, a name, a box and whether they are hidden; the viewport is the top 1080 px of screen. */
type El = { role: string; name: string; selector: string; box: Box; hidden?: boolean; coveredBy?: string };
/** `inFrames`: elements (by selector) inside iframes, counted for a miss only. Records each find's offset. */
const fakeBrowser = (els: El[], inFrames: El[] = []): BrowserSession & { revealed: number[]; offsets: unknown[] } => {
  const match = (q: DomQuery, e: El, exact?: boolean) =>
    q.kind === 'selector'
      ? e.selector === q.selector
      : q.kind === 'role'
        ? e.role === q.role && (q.name === undefined || (exact ? e.name === q.name : e.name.toLowerCase().includes(q.name.toLowerCase())))
        : false;
  const b = {
    revealed: [] as number[],
    offsets: [] as unknown[],
    viewport: { x: 0, y: 0, width: 1920, height: 1080 },
    async find(q: DomQuery, opts: { exact?: boolean; offset?: { x: number; y: number } } = {}) {
      b.offsets.push(opts.offset);
      const all = els.filter((e) => match(q, e, opts.exact));
      const visible = all.filter((e) => !e.hidden);
      const framed = all.length === 0 ? inFrames.filter((e) => match(q, e, opts.exact)).length : 0;
      return {
        matches: visible.map((e) => ({ box: e.box, label: `${e.role} "${e.name}"`, ...(e.coveredBy ? { coveredBy: e.coveredBy } : {}) })),
        total: all.length,
        hidden: all.length - visible.length,
        ...(framed ? { inFrames: framed } : {}),
      };
    },
    async reveal(q: DomQuery, index: number): Promise<Candidate> {
      b.revealed.push(index);
      const e = els.filter((x) => match(q, x) && !x.hidden)[index] as El;
      return { box: { ...e.box, y: 500 }, label: `${e.role} "${e.name}"`, ...(e.coveredBy ? { coveredBy: e.coveredBy } : {}) };
    },
    async goto() {},
    url: () => 'http://localhost:3000/',
    async waitForUrl() {
      return true;
    },
    async close() {},
  };
  return b;
};

const makeEnv = (over: Partial<ResolveEnv> = {}): ResolveEnv & { clock: { t: number }; grabs: number } => {
  const clock = { t: 0 };
  const env = {
    clock,
    grabs: 0,
    grab: async () => {
      env.grabs++;
      return PIXELS;
    },
    screen: SCREEN,
    findImage: async () => ({ matches: [], best: null }),
    text: null,
    browser: null,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
    source: 'demo.yaml:7:5',
    debugDir: null,
    missName: 's7',
    ...over,
  };
  return env;
};

const line = (text: string, x: number, y: number, width = 80, height = 18): SeenText => ({ text, box: { x, y, width, height } });

describe("the resolver's selection logic: nth in reading order", () => {
  // Two rows of "Edit" buttons, the second row a little uneven (OCR boxes jitter by a few px).
  const edits = [line('Edit', 900, 300), line('Edit', 100, 304), line('Edit', 500, 298), line('Edit', 500, 400), line('Edit', 100, 396)];
  it.each([
    { nth: 1, x: 100, y: 304 },
    { nth: 2, x: 500, y: 298 },
    { nth: 3, x: 900, y: 300 },
    { nth: 4, x: 100, y: 396 },
    { nth: 5, x: 500, y: 400 },
  ])('nth $nth is the one at ($x, $y)', async ({ nth, x, y }) => {
    const r = await resolveTarget({ kind: 'text', text: 'Edit', nth }, makeEnv({ text: fakeText([edits]) }));
    expect(r.box).toMatchObject({ x, y });
    expect(r.point).toEqual({ x: x + 40, y: y + 9 });
    expect(r.source).toBe('text');
  });

  it('rows: boxes whose vertical centres are within half the smaller height are one row', () => {
    const order = readingOrder(
      [
        { x: 50, y: 110, width: 10, height: 20 },
        { x: 10, y: 100, width: 10, height: 20 },
        { x: 0, y: 121, width: 10, height: 20 },
      ],
      (b) => b,
    );
    // 100 and 110 (centres 110, 120: 10 apart ≤ 10) share a row; 121 (centre 131, 21 from the row's first) starts the next.
    expect(order.map((b) => b.x)).toEqual([10, 50, 0]);
  });

  it('nth past the matches keeps looking, then says how many there were', async () => {
    const env = makeEnv({ text: fakeText([edits]) });
    const err = await resolveTarget({ kind: 'text', text: 'Edit', nth: 7, timeoutMs: 1000 }, env).catch((e: Error) => e);
    expect((err as Error).message).toBe('demo.yaml:7:5: text "Edit" is on screen 5 time(s), but nth asks for the 7th after 1.0 s');
  });
});

describe("the resolver's selection logic: near, region, offset, points", () => {
  const screen = [line('Production', 100, 200, 120), line('Edit', 700, 200), line('Preview', 100, 500, 120), line('Edit', 700, 500)];

  it('near: the match closest to the other target (resolved first)', async () => {
    const r = await resolveTarget({ kind: 'text', text: 'Edit', near: { kind: 'text', text: 'Preview' } }, makeEnv({ text: fakeText([screen]) }));
    expect(r.box).toMatchObject({ x: 700, y: 500 });
  });

  it('near orders by distance, and nth counts in that order', async () => {
    const r = await resolveTarget({ kind: 'text', text: 'Edit', nth: 2, near: { kind: 'text', text: 'Preview' } }, makeEnv({ text: fakeText([screen]) }));
    expect(r.box).toMatchObject({ x: 700, y: 200 });
  });

  it('region: only matches whose centre is inside it', async () => {
    const r = await resolveTarget({ kind: 'text', text: 'Edit', region: { x: 600, y: 450, width: 400, height: 200 } }, makeEnv({ text: fakeText([screen]) }));
    expect(r.box).toMatchObject({ x: 700, y: 500 });
  });

  it('offset moves the point from the box centre, not the box', async () => {
    const r = await resolveTarget({ kind: 'text', text: 'Production', offset: { x: 80, y: -2 } }, makeEnv({ text: fakeText([screen]) }));
    expect(r.box).toEqual({ x: 100, y: 200, width: 120, height: 18 });
    expect(r.point).toEqual({ x: 240, y: 207 });
  });

  it(`a point resolves to a ${POINT_BOX_PX} px box around it (clipped to the screen), its point exact`, async () => {
    const env = makeEnv();
    expect(await resolveTarget({ kind: 'point', x: 960, y: 540 }, env)).toEqual({
      box: { x: 944, y: 524, width: 32, height: 32 },
      point: { x: 960, y: 540 },
      source: 'point',
      label: 'point (960, 540)',
    });
    expect((await resolveTarget({ kind: 'point', x: 5, y: 1079 }, env)).box).toEqual({ x: 0, y: 1063, width: 21, height: 17 });
    expect(env.grabs).toBe(0); // nothing to look for
  });

  it('a point pushed off the screen by its offset is refused, naming what and where', async () => {
    const err = await resolveOnScreen(
      { kind: 'text', text: 'Production', offset: { x: 0, y: 2000 } },
      'click target',
      makeEnv({ text: fakeText([screen]) }),
    ).catch((e: Error) => e);
    expect((err as Error).message).toBe(
      'click target (text "Production" offset by (0, 2000)) (160, 2209) is outside the 1920x1080 screen: a point must be within x 0 to 1919, y 0 to 1079',
    );
  });
});

describe("the resolver's selection logic: polling and misses", () => {
  it('looks again until the text shows, then stops', async () => {
    const finder = fakeText([[], [line('Deploying…', 10, 10)], [line('Deployed', 10, 10)]]);
    const env = makeEnv({ text: finder });
    const r = await resolveTarget({ kind: 'text', text: 'Deployed', exact: true }, env);
    expect(finder.looks).toBe(3);
    expect(env.clock.t).toBe(500); // two pauses of 250 ms
    expect(r.label).toBe('text "Deployed"');
  });

  it('a text miss: one line from the source, the closest texts with their boxes, and the screen saved', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-miss-'));
    dirs.push(dir);
    const seen = [
      line('Settings', 20, 20),
      line('Domains', 20, 60, 70),
      line('Add domain', 812, 340, 96),
      line('Billing and plans', 20, 100, 140),
      line('Add a new domain here', 600, 600, 180),
      line('Sign out', 20, 900),
    ];
    const env = makeEnv({ text: fakeText([seen]), debugDir: dir, savePng: (f, px, o) => writePng(f, px, o) });
    const err = await resolveTarget({ kind: 'text', text: 'Add domian' }, env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScreenplayError);
    expect((err as ScreenplayError).exitCode).toBe(2);
    const file = path.join(dir, 'miss-s7.png');
    expect((err as Error).message).toBe(
      `demo.yaml:7:5: no text "Add domian" on screen after 10.0 s; closest texts seen: "Add domain" at (812, 340, 96x18), "Add a new domain here" at (600, 600, 180x18), "Billing and plans" at (20, 100, 140x18), "Domains" at (20, 60, 70x18), "Sign out" at (20, 900, 80x18); the screen is saved as ${file}`,
    );
    expect(env.clock.t).toBe(10_000);
    const size = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim();
    expect(size).toBe('64,36');
  });

  it('a miss with nothing read says so; a region is named', async () => {
    const err = await resolveTarget(
      { kind: 'text', text: 'Deploy', timeoutMs: 500, region: { x: 0, y: 0, width: 100, height: 50 } },
      makeEnv({ text: fakeText([[]]) }),
    ).catch((e: Error) => e);
    expect((err as Error).message).toBe('demo.yaml:7:5: no text "Deploy" on screen in the region (0, 0, 100x50) after 0.5 s; no text was read on screen');
  });

  it("an image miss keeps wait_for_image's wording and files", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-miss-'));
    dirs.push(dir);
    const env = makeEnv({
      debugDir: dir,
      savePng: (f, px, o) => writePng(f, px, o),
      findImage: async () => ({
        matches: [],
        best: { box: { x: 300, y: 40, width: 20, height: 10 }, label: 'assets/toast.png', score: 0.61234 },
        template: { ...PIXELS, width: 8, height: 4 },
      }),
    });
    const err = await resolveTarget({ kind: 'image', image: 'assets/toast.png', timeoutMs: 1000, confidence: 0.97 }, env).catch((e: Error) => e);
    const shots = [path.join(dir, 'not-found-toast-screen.png'), path.join(dir, 'not-found-toast-template.png')];
    expect((err as Error).message).toBe(
      `demo.yaml:7:5: expected assets/toast.png on screen within 1.0 s (confidence 0.97), but the best match scored 0.612 at (300, 40); saved the last screen and the template: ${shots.join(', ')}`,
    );
    for (const s of shots) expect(fs.existsSync(s)).toBe(true);
  });

  it('an image found: its box, the image path as its label', async () => {
    const env = makeEnv({
      findImage: async (image) => ({ matches: [{ box: { x: 10, y: 20, width: 30, height: 40 }, label: image, score: 0.99 }], best: null }),
    });
    expect(await resolveTarget({ kind: 'image', image: 'assets/deploy@2x.png' }, env)).toEqual({
      box: { x: 10, y: 20, width: 30, height: 40 },
      point: { x: 25, y: 40 },
      source: 'image',
      label: 'assets/deploy@2x.png',
    });
  });

  it('a known secret on screen never reaches a label or a message', async () => {
    registerSecret('sk_live_abc123');
    const seen = [line('key: sk_live_abc123', 10, 10, 200)];
    const r = await resolveTarget({ kind: 'text', text: 'key:' }, makeEnv({ text: fakeText([seen]) }));
    expect(r.label).toBe(`text "key: ${SECRET_MASK}"`);
    const err = await resolveTarget({ kind: 'text', text: 'kez', timeoutMs: 0 }, makeEnv({ text: fakeText([seen]) })).catch((e: Error) => e);
    expect((err as Error).message).not.toContain('sk_live_abc123');
    expect((err as Error).message).toContain(SECRET_MASK);
  });
});

describe("the resolver's selection logic: browser elements", () => {
  const page: El[] = [
    { role: 'button', name: 'Deploy now', selector: '#deploy', box: { x: 800, y: 600, width: 120, height: 36 } },
    { role: 'button', name: 'Cancel', selector: '.cancel', box: { x: 940, y: 600, width: 90, height: 36 } },
    { role: 'button', name: 'Delete project', selector: '#danger', box: { x: 800, y: 1900, width: 160, height: 36 } },
    { role: 'dialog', name: 'Hidden', selector: '.modal', box: { x: 0, y: 0, width: 0, height: 0 }, hidden: true },
    { role: 'dialog', name: 'Hidden 2', selector: '.modal', box: { x: 0, y: 0, width: 0, height: 0 }, hidden: true },
  ];

  it('a role and name: its box, source dom, label from the page', async () => {
    const r = await resolveTarget({ kind: 'role', role: 'button', name: 'Deploy' }, makeEnv({ browser: fakeBrowser(page) }));
    expect(r).toEqual({ box: { x: 800, y: 600, width: 120, height: 36 }, point: { x: 860, y: 618 }, source: 'dom', label: 'button "Deploy now"' });
  });

  it('a match below the viewport is revealed first, and its new box used', async () => {
    const browser = fakeBrowser(page);
    const r = await resolveTarget({ kind: 'selector', selector: '#danger' }, makeEnv({ browser }));
    expect(browser.revealed).toEqual([0]);
    expect(r.box).toEqual({ x: 800, y: 500, width: 160, height: 36 });
  });

  it.each([
    {
      t: { kind: 'selector', selector: '.modal' } as Target,
      want: 'demo.yaml:7:5: selector ".modal" matched 2 elements, both hidden (display:none or zero size) after 1.0 s',
    },
    { t: { kind: 'selector', selector: '#nope' } as Target, want: 'demo.yaml:7:5: selector "#nope" matched nothing after 1.0 s' },
    {
      t: { kind: 'role', role: 'button', name: 'Deploy', exact: true } as Target,
      want: 'demo.yaml:7:5: role button named "Deploy" matched nothing after 1.0 s; buttons on the page: "Deploy now", "Cancel", "Delete project"',
    },
    {
      t: { kind: 'role', role: 'checkbox', name: 'Agree' } as Target,
      want: 'demo.yaml:7:5: role checkbox named "Agree" matched nothing after 1.0 s; there is no checkbox on the page',
    },
    {
      t: { kind: 'role', role: 'button', nth: 4 } as Target,
      want: 'demo.yaml:7:5: role button matched 3 visible elements, but nth asks for the 4th after 1.0 s',
    },
  ])('$want', async ({ t, want }) => {
    const err = await resolveTarget({ ...t, timeoutMs: 1000 }, makeEnv({ browser: fakeBrowser(page) })).catch((e: Error) => e);
    expect((err as Error).message).toBe(want);
  });

  it('a match covered at its click point (a modal over it) is not used; looked for until the timeout, then one line', async () => {
    const under: El[] = [{ role: 'button', name: 'Under', selector: '#under', box: { x: 100, y: 200, width: 80, height: 40 }, coveredBy: 'div#modal' }];
    const browser = fakeBrowser(under);
    const env = makeEnv({ browser });
    const err = await resolveTarget({ kind: 'selector', selector: '#under', timeoutMs: 2000, offset: { x: 30, y: 0 } }, env).catch((e: Error) => e);
    expect((err as Error).message).toBe('demo.yaml:7:5: selector "#under" matched 1 element, covered by div#modal at (170, 220) after 2.0 s');
    expect(browser.offsets.length).toBeGreaterThan(2); // kept looking
    expect(browser.offsets[0]).toEqual({ x: 30, y: 0 }); // the point actually used is the one checked
    expect(env.clock.t).toBeGreaterThanOrEqual(2000);
    // Of several, the one nth picks.
    const two: El[] = [
      { ...under[0]!, coveredBy: undefined },
      { ...under[0]!, box: { x: 300, y: 200, width: 80, height: 40 } },
    ];
    const err2 = await resolveTarget({ kind: 'selector', selector: '#under', nth: 2, timeoutMs: 500 }, makeEnv({ browser: fakeBrowser(two) })).catch(
      (e: Error) => e,
    );
    expect((err2 as Error).message).toBe('demo.yaml:7:5: selector "#under" matched 2 elements; the 2nd is covered by div#modal at (340, 220) after 0.5 s');
  });

  it('a covered match becomes usable once the cover goes away', async () => {
    const under: El[] = [{ role: 'button', name: 'Under', selector: '#under', box: { x: 100, y: 200, width: 80, height: 40 }, coveredBy: 'div#modal' }];
    const browser = fakeBrowser(under);
    const env = makeEnv({ browser });
    env.sleep = async (ms) => {
      env.clock.t += ms;
      if (env.clock.t >= 1000) delete under[0]!.coveredBy; // the modal closes after 1 s
    };
    const r = await resolveTarget({ kind: 'selector', selector: '#under', timeoutMs: 5000 }, env);
    expect(r.point).toEqual({ x: 140, y: 220 });
    expect(env.clock.t).toBe(1000);
  });

  it('a covered match revealed from below the fold is not used either', async () => {
    const below: El[] = [{ role: 'button', name: 'Low', selector: '#low', box: { x: 100, y: 1900, width: 80, height: 40 }, coveredBy: 'div.overlay' }];
    const browser = fakeBrowser(below);
    const err = await resolveTarget({ kind: 'selector', selector: '#low', timeoutMs: 500 }, makeEnv({ browser })).catch((e: Error) => e);
    expect(browser.revealed.length).toBeGreaterThan(0);
    expect((err as Error).message).toBe('demo.yaml:7:5: selector "#low" matched 1 element, covered by div.overlay at (140, 520) after 0.5 s');
  });

  it('a selector that matches only inside iframes says so', async () => {
    const framed: El[] = [{ role: 'button', name: 'Pay', selector: '#pay', box: { x: 0, y: 0, width: 10, height: 10 } }];
    const err = await resolveTarget(
      { kind: 'selector', selector: '#pay', timeoutMs: 500 },
      makeEnv({ browser: fakeBrowser([], [framed[0]!, framed[0]!]) }),
    ).catch((e: Error) => e);
    expect((err as Error).message).toBe(
      'demo.yaml:7:5: selector "#pay" matched nothing after 0.5 s (2 matches inside iframes, which screenplay does not search)',
    );
  });

  it('a page target without a browser says to open one', async () => {
    await expect(resolveTarget({ kind: 'testId', testId: 'x' }, makeEnv())).rejects.toThrow(
      'demo.yaml:7:5: testId "x" needs a browser: open one first with open_browser',
    );
  });
});

describe('closest texts', () => {
  it('similarity is 1 − Levenshtein / the longer length, case and spaces ignored', () => {
    expect(similarity('Add  Domain', 'add domain')).toBe(1);
    expect(similarity('Add domian', 'Add domain')).toBeCloseTo(0.8);
  });

  it('a phrase inside a longer line counts by its best run of words; at most five', () => {
    const seen = ['Settings', 'Click Add domain to continue', 'Domains', 'Add', 'Billing', 'Team', 'Usage'].map((t, i) => line(t, 0, i * 20));
    expect(closestTexts('Add domian', seen).map((s) => s.text)).toEqual(['Click Add domain to continue', 'Domains', 'Add', 'Billing', 'Team']);
  });
});
