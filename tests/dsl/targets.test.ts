/**
 * The one target model in scripts (issue 17): every action that takes a target accepts exactly
 * one kind, refuses two or none with the message that lists them, knows which kinds need a
 * browser, checks page URLs, and places every error at its file:line:col.
 */
import { describe, expect, it } from 'vitest';
import { NEEDS_ONE_TARGET } from '../../src/dsl/targets';
import { targetFromArgs } from '../../src/targets/from-args';
import { compile, messages } from './helpers';

const KINDS = {
  point: 'x: 100, y: 100',
  image: 'image: b.png',
  text: 'text: Deploy',
  selector: 'selector: "#go"',
  role: 'role: button, name: Deploy',
  label: 'label: Email',
  testId: 'testId: save',
} as const;
type Kind = keyof typeof KINDS;
const ALL = Object.keys(KINDS) as Kind[];
const DOM: Kind[] = ['selector', 'role', 'label', 'testId'];

/** Every place a target is written, as a step around the target's fields. */
const PLACES: Record<string, { step: (t: string) => string; accepts: Kind[] }> = {
  move: { step: (t) => `move: { ${t}, duration: 300ms }`, accepts: ALL },
  click: { step: (t) => `click: { ${t}, button: left }`, accepts: ALL },
  scroll: { step: (t) => `scroll: { dy: 3, ${t} }`, accepts: ALL },
  zoom: { step: (t) => `zoom: { level: 2, ${t} }`, accepts: ALL },
  'drag.from': { step: (t) => `drag: { from: { ${t} }, to: { x: 1, y: 1 } }`, accepts: ALL },
  'drag.to': { step: (t) => `drag: { from: { x: 1, y: 1 }, to: { ${t} } }`, accepts: ALL },
  'callout.at': { step: (t) => `callout: { text: Here, at: { ${t} } }`, accepts: ALL },
  'click.near': { step: (t) => `click: { text: Save, near: { ${t} } }`, accepts: ALL },
  blur: { step: (t) => `blur: { ${t}, steps: [ { wait: 1s } ] }`, accepts: ['image', 'text', 'selector', 'role', 'label', 'testId'] },
  wait_for: { step: (t) => `wait_for: { ${t} }`, accepts: ['image', 'text', 'selector', 'role', 'label', 'testId'] },
  'callout inline': { step: (t) => `callout: { text: Here, ${t} }`, accepts: ['point', 'image'] },
};

const withBrowser = (step: string) => `steps:\n  - open_browser: http://localhost:3000\n  - ${step}\n`;
const alone = (step: string) => `steps:\n  - ${step}\n`;

describe('every action × every target kind', () => {
  const table = Object.entries(PLACES).flatMap(([place, p]) => ALL.map((kind) => ({ place, kind, ok: p.accepts.includes(kind), step: p.step(KINDS[kind]) })));

  it.each(table)('$place with a $kind target: accepted $ok', ({ kind, ok, step, place }) => {
    const r = compile({ 'main.yaml': withBrowser(step) });
    if (ok) {
      expect(messages(r)).toEqual([]);
      const s = r.plan!.steps.at(-1)!;
      const args = place === 'blur' ? r.plan!.marks[0]!.args : s.args;
      const at = place.includes('.') ? (args[place.split('.')[1]!] as Record<string, unknown>) : args;
      expect(targetFromArgs(at)?.kind).toBe(kind === 'role' ? 'role' : kind);
    } else {
      // Wrong for the place: refused at line 3, by the kind list, as an unknown key (wait_for has
      // no x and y), or (inline callout) because its own text is the bubble's.
      expect(r.plan).toBeNull();
      expect(messages(r).join('\n')).toMatch(
        /^main\.yaml:3:\d+ steps\[1\]\.\w+(\.\w+)?: (.* is not a target here; needs exactly one target: |unknown key |needs a target for its arrow)/,
      );
    }
  });

  it.each(Object.entries(PLACES).flatMap(([place, p]) => DOM.filter((k) => p.accepts.includes(k)).map((kind) => ({ place, kind, step: p.step(KINDS[kind]) }))))(
    '$place with a $kind target and no browser: an error at the step naming it',
    ({ step }) => {
      const r = compile({ 'main.yaml': alone(step) });
      expect(r.plan).toBeNull();
      expect(messages(r)).toEqual([
        expect.stringMatching(
          /^main\.yaml:2:5 steps\[0\]\.\w+: step 1 \(\w+ (selector "#go"|role button named "Deploy"|label "Email"|testId "save")\) needs a browser: open one first with open_browser/,
        ),
      ]);
    },
  );
});

describe('exactly one target', () => {
  const pairs = ALL.flatMap((a, i) => ALL.slice(i + 1).map((b) => [a, b] as const));
  it.each(pairs)('%s and %s at once: refused, naming both, at the later one in the list of kinds', (a, b) => {
    const r = compile({ 'main.yaml': withBrowser(`click: { ${KINDS[a]}, ${KINDS[b]} }`) });
    const words = (k: Kind) => (k === 'point' ? 'x and y' : k === 'role' ? 'role \\(and name\\)' : k);
    expect(messages(r).join('\n')).toMatch(
      new RegExp(`^main\\.yaml:3:\\d+ steps\\[1\\]\\.click\\.\\w+: needs exactly one target: .*, but got both ${words(a)} and ${words(b)}$`),
    );
  });

  it('three at once lists all three', () => {
    const r = compile({ 'main.yaml': alone('click: { text: a, image: b.png, x: 1, y: 2 }') });
    expect(messages(r)).toEqual([
      'main.yaml:2:30 steps[0].click.image: needs exactly one target: x and y, image, text, selector, role (and name), label or testId, but got x and y, image and text',
    ]);
  });

  it.each([
    { step: 'click: {}', want: `main.yaml:2:12 steps[0].click: ${NEEDS_ONE_TARGET}` },
    { step: 'click: { button: right }', want: `main.yaml:2:12 steps[0].click: ${NEEDS_ONE_TARGET}` },
    { step: 'move: { duration: 1s }', want: `main.yaml:2:11 steps[0].move: ${NEEDS_ONE_TARGET}, or by` },
    { step: 'drag: { from: {}, to: { x: 1, y: 1 } }', want: `main.yaml:2:19 steps[0].drag.from: ${NEEDS_ONE_TARGET}` },
    {
      step: 'callout: { text: Hi }',
      want: 'main.yaml:2:14 steps[0].callout: needs a target for its arrow: at: { text: … } (any target), or x and y, or image',
    },
    {
      step: 'blur: { steps: [ { wait: 1s } ] }',
      want: 'main.yaml:2:11 steps[0].blur: needs exactly one target: image, text, selector, role (and name), label or testId, or a region to blur',
    },
    {
      step: 'wait_for: { timeout: 2s }',
      want: 'main.yaml:2:15 steps[0].wait_for: needs exactly one target: image, text, selector, role (and name), label or testId, or url',
    },
  ])('none: $step', ({ step, want }) => {
    expect(messages(compile({ 'main.yaml': alone(step) }))).toEqual([want]);
  });

  it.each([
    { step: 'scroll: { dy: 3 }' },
    { step: 'zoom: { level: 2 }' },
    { step: 'zoom: 2' },
    { step: 'blur: { region: { x: 0, y: 0, width: 10, height: 10 }, steps: [ { wait: 1s } ] }' },
    { step: 'click: button.png' },
    { step: 'move: { by: { x: 5, y: 0 } }' },
    { step: 'callout: { text: Hi, x: 5, y: 6 }' },
  ])('no target needed or the old forms: $step', ({ step }) => {
    expect(messages(compile({ 'main.yaml': alone(step) }))).toEqual([]);
  });

  it('the short form click: FILE stays an image', () => {
    const r = compile({ 'main.yaml': alone('click: assets/deploy@2x.png') });
    expect(r.plan!.steps[0]!.args).toEqual({ image: 'assets/deploy@2x.png', button: 'left', double: false });
  });
});

describe('target options', () => {
  it.each([
    { step: 'click: { x: 1 }', want: 'main.yaml:2:17 steps[0].click.x: a point needs both x and y (screen px), but got only x' },
    { step: 'click: { y: 1 }', want: 'main.yaml:2:17 steps[0].click.y: a point needs both x and y (screen px), but got only y' },
    {
      step: 'click: { text: a, name: b }',
      want: "main.yaml:2:29 steps[0].click.name: name goes with role (the element's accessible name, like role: button, name: Deploy), but there is no role",
    },
    {
      step: 'click: { image: b.png, nth: 2 }',
      want: 'main.yaml:2:33 steps[0].click.nth: nth applies to text and browser targets (an image search finds its best match only), not to a image target',
    },
    {
      step: 'click: { text: a, confidence: 0.5 }',
      want: 'main.yaml:2:35 steps[0].click.confidence: confidence applies to image targets, not to a text target',
    },
    {
      step: 'click: { x: 1, y: 2, timeout: 3s }',
      want: 'main.yaml:2:35 steps[0].click.timeout: timeout applies to targets that are searched for (image, text, browser elements, url), not to a point (x and y)',
    },
    {
      step: 'click: { image: b.png, exact: true }',
      want: 'main.yaml:2:35 steps[0].click.exact: exact applies to text, role (its name) and label, not to a image target',
    },
    { step: 'click: { text: a, nth: 0 }', want: 'main.yaml:2:28 steps[0].click.nth: must be number to be >=1, but got 0' },
    { step: 'click: { text: a, nth: 1.5 }', want: 'main.yaml:2:28 steps[0].click.nth: must be int, but got 1.5' },
    {
      step: 'click: { text: a, region: { x: 0, y: 0, width: 0, height: 5 } }',
      want: 'main.yaml:2:52 steps[0].click.region.width: must be number to be >0, but got 0',
    },
    { step: 'click: { text: "" }', want: 'main.yaml:2:20 steps[0].click.text: must be string to have >=1 characters, but got ""' },
  ])('$step', ({ step, want }) => {
    expect(messages(compile({ 'main.yaml': alone(step) }))).toEqual([want]);
  });

  it('near is a target of the same shape, without its own near', () => {
    const ok = compile({
      'main.yaml': alone('click: { text: Edit, nth: 1, near: { text: "api.example.com", exact: true, region: { x: 0, y: 0, width: 800, height: 600 } } }'),
    });
    expect(messages(ok)).toEqual([]);
    expect(targetFromArgs(ok.plan!.steps[0]!.args)).toEqual({
      kind: 'text',
      text: 'Edit',
      nth: 1,
      near: { kind: 'text', text: 'api.example.com', exact: true, region: { x: 0, y: 0, width: 800, height: 600 } },
    });
    expect(messages(compile({ 'main.yaml': alone('click: { text: a, near: { text: b, near: { text: c } } }') }))).toEqual([
      'main.yaml:2:40 steps[0].click.near.near: unknown key "near"; expected x, y, image, text, selector, role, name, label, testId, nth, region, exact, timeout, offset, confidence',
    ]);
    expect(messages(compile({ 'main.yaml': alone('click: { text: a, near: { text: b, image: c.png } }') }))).toEqual([
      'main.yaml:2:37 steps[0].click.near.text: needs exactly one target: x and y, image, text, selector, role (and name), label or testId, but got both image and text',
    ]);
    expect(messages(compile({ 'main.yaml': alone('click: { x: 1, y: 1, near: { text: b } }') }))).toEqual([
      'main.yaml:2:32 steps[0].click.near: near applies to targets that are searched for (image, text, browser elements), not to a point (x and y)',
    ]);
  });

  it("compiles options into the resolver's terms: timeout in ms, offset, region", () => {
    const r = compile({
      'main.yaml': withBrowser(
        'click: { role: tab, name: Billing, exact: true, timeout: 2.5s, offset: { x: -4, y: 0 }, region: { x: 0, y: 0, width: 400, height: 80 } }',
      ),
    });
    expect(targetFromArgs(r.plan!.steps[1]!.args)).toEqual({
      kind: 'role',
      role: 'tab',
      name: 'Billing',
      exact: true,
      timeoutMs: 2500,
      offset: { x: -4, y: 0 },
      region: { x: 0, y: 0, width: 400, height: 80 },
    });
  });

  it.each([
    { step: 'click: { selectr: "#go" }', want: 'main.yaml:2:14 steps[0].click.selectr: unknown key "selectr" (did you mean "selector"?)' },
    { step: 'click: { txet: Deploy }', want: 'main.yaml:2:14 steps[0].click.txet: unknown key "txet" (did you mean "text"?)' },
    { step: 'click: { testid: save }', want: 'main.yaml:2:14 steps[0].click.testid: unknown key "testid" (did you mean "testId"?)' },
    {
      step: 'drag: { from: { imgae: a.png }, to: { x: 1, y: 1 } }',
      want: 'main.yaml:2:21 steps[0].drag.from.imgae: unknown key "imgae" (did you mean "image"?)',
    },
    { step: 'click: { text: a, near: { lable: b } }', want: 'main.yaml:2:31 steps[0].click.near.lable: unknown key "lable" (did you mean "label"?)' },
    {
      step: 'callout: { text: hi, at: { selctor: "#x" } }',
      want: 'main.yaml:2:32 steps[0].callout.at.selctor: unknown key "selctor" (did you mean "selector"?)',
    },
    {
      step: 'click: { role: buton }',
      want: 'main.yaml:2:20 steps[0].click.role: must be an ARIA role like button, link, textbox, checkbox or heading, but got "buton" (did you mean "button"?)',
    },
  ])('did you mean: $step', ({ step, want }) => {
    const got = messages(compile({ 'main.yaml': withBrowser(step).replace('\n  - open_browser: http://localhost:3000', '') }));
    // Only the misspelling is reported (not also "needs exactly one target").
    expect(got).toHaveLength(1);
    expect(got[0]!.startsWith(want)).toBe(true);
  });
});

describe('targets that need a browser', () => {
  it('a selector before any open_browser is an error at its step, naming it; after one it is fine', () => {
    const r = compile({
      'main.yaml': 'steps:\n  - press: Tab\n  - click: { selector: "#deploy" }\n  - open_browser: http://localhost:3000\n  - click: { selector: "#deploy" }\n',
    });
    expect(messages(r)).toEqual([
      'main.yaml:3:5 steps[1].click: step 2 (click selector "#deploy") needs a browser: open one first with open_browser (no open_browser comes before this step)',
    ]);
  });

  it('an open_browser inside a primitive counts where it is used; a page target inside a primitive is checked where it is used', () => {
    const prims =
      'primitives:\n  open_app:\n    description: Open the app.\n    steps:\n      - open_browser: http://localhost:3000\n  deploy:\n    description: Click deploy.\n    steps:\n      - click: { role: button, name: Deploy }\n';
    expect(messages(compile({ 'main.yaml': `${prims}steps:\n  - open_app: {}\n  - deploy: {}\n` }))).toEqual([]);
    const r = compile({ 'main.yaml': `${prims}steps:\n  - deploy: {}\n  - open_app: {}\n` });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'main.yaml', line: 9, column: 9 });
    expect(r.errors[0]!.message).toMatch(/step 1\.1 \(click role button named "Deploy"\) needs a browser/);
    expect(r.errors[0]!.related?.[0]).toMatchObject({ line: 11, message: 'used here, through primitive "deploy"' });
  });

  it('an unused library primitive with page targets validates on its own', () => {
    expect(
      messages(compile({ 'main.yaml': 'primitives:\n  deploy:\n    description: Click deploy.\n    steps:\n      - click: { testId: deploy }\n' })),
    ).toEqual([]);
  });

  it.each([
    { step: 'wait_for: { url: /dashboard }', what: 'wait_for url "/dashboard"' },
    { step: 'goto: http://localhost:3000/x', what: 'goto' },
    { step: 'blur: { selector: ".key", steps: [ { wait: 1s } ] }', what: 'blur selector ".key"' },
    { step: 'drag: { from: { label: File }, to: { x: 1, y: 1 } }', what: 'drag label "File"' },
    { step: 'click: { text: Save, near: { testId: form } }', what: 'click testId "form"' },
  ])('$what without a browser', ({ step, what }) => {
    const r = compile({ 'main.yaml': alone(step) });
    expect(messages(r)).toEqual([expect.stringContaining(`main.yaml:2:5 steps[0]`)]);
    expect(r.errors[0]!.message).toBe(`step 1 (${what}) needs a browser: open one first with open_browser (no open_browser comes before this step)`);
  });

  it('text and image targets need no browser', () => {
    expect(messages(compile({ 'main.yaml': alone('wait_for: { text: Ready }') }))).toEqual([]);
    expect(messages(compile({ 'main.yaml': alone('click: { text: Ready, near: { image: a.png } }') }))).toEqual([]);
  });
});

describe('page URLs (open_browser, goto)', () => {
  it.each(['http://localhost:3000', 'http://localhost:3000/settings?tab=domains#top', 'https://127.0.0.1:8443/', 'http://[::1]:5173/', 'HTTP://LOCALHOST/'])(
    '%s is a page on this machine',
    (url) => {
      const r = compile({ 'main.yaml': `steps:\n  - open_browser: { url: "${url}" }\n  - goto: "${url}"\n` });
      expect(messages(r)).toEqual([]);
      expect(r.plan!.steps.map((s) => s.args.url)).toEqual([url, url]);
    },
  );

  it('a project file is resolved like every script path: relative to the file that names it', () => {
    const r = compile({
      'main.yaml': 'import: [lib/pages.yaml]\nsteps:\n  - open_browser: site/index.html\n  - show_page: {}\n',
      'lib/pages.yaml': 'primitives:\n  show_page:\n    description: Go to the docs.\n    steps:\n      - goto: { url: ../site/docs.html }\n',
    });
    expect(messages(r)).toEqual([]);
    expect(r.plan!.steps.map((s) => s.args.url)).toEqual(['site/index.html', 'site/docs.html']);
  });

  it.each([
    {
      url: 'https://example.com',
      want: /open_browser\.url: must be a page on localhost or 127\.0\.0\.1, but got the host "example\.com" \(the browser runs offline: it reaches only pages served on this machine; serve the page locally, or save it into the project and name its file\)$/,
    },
    { url: 'http://localhost.evil.com/', want: /but got the host "localhost\.evil\.com" \(the browser runs offline/ },
    { url: 'http://127.0.0.2:3000/', want: /but got the host "127\.0\.0\.2"/ },
    {
      url: 'file:///etc/passwd',
      want: /must be http\(s\) on localhost or 127\.0\.0\.1, or a file in the project, but got "file:\/\/\/etc\/passwd" \(the browser runs offline/,
    },
    { url: 'localhost:3000', want: /must start with http:\/\/ or https:\/\/, but got "localhost:3000" \(did you mean "http:\/\/localhost:3000"\?\)/ },
    { url: '../outside.html', want: /must be a path inside the project folder, relative to this file, but "\.\.\/outside\.html" leaves it/ },
    { url: '/etc/passwd', want: /leaves it/ },
    { url: 'http://localhost:99999/', want: /must be a URL like http:\/\/localhost:3000\/path/ },
  ])('$url is refused', ({ url, want }) => {
    const r = compile({ 'main.yaml': `steps:\n  - open_browser: "${url}"\n` });
    expect(r.plan).toBeNull();
    expect(messages(r)).toEqual([expect.stringMatching(/^main\.yaml:2:19 steps\[0\]\.open_browser\.url: /)]);
    expect(messages(r)[0]).toMatch(want);
  });

  it('open_browser takes a size and a theme; its short form is the URL', () => {
    const r = compile({
      'main.yaml':
        'steps:\n  - open_browser: { url: "http://localhost:3000", width: 1280, height: 720, theme: light }\n  - open_browser: http://localhost:3000\n',
    });
    expect(r.plan!.steps.map((s) => s.args)).toEqual([
      { url: 'http://localhost:3000', width: 1280, height: 720, theme: 'light' },
      { url: 'http://localhost:3000' },
    ]);
    expect(messages(compile({ 'main.yaml': alone('open_browser: { url: "http://localhost:3000", theme: sepia }') }))).toEqual([
      'main.yaml:2:58 steps[0].open_browser.theme: must be one of "light", "dark", but got "sepia"',
    ]);
  });
});

describe('text targets: what OCR can read, and never a secret', () => {
  it.each([
    { name: 'spaces only', step: 'click: { text: "   " }', want: /text: must have something to read on screen/ },
    {
      name: 'a secret typed earlier',
      step: 'blur: { text: "sk_live_abc", steps: [ { wait: 1s } ] }',
      want: /the blur looks for text typed with secret: true.*\{ label: … \}/,
    },
    { name: 'a secret inside the text', step: 'click: { text: "key sk_live_abc here" }', want: /step 3 \(click\) looks for text typed with secret: true/ },
    { name: 'a secret in near', step: 'click: { text: Copy, near: { text: sk_live_abc } }', want: /looks for text typed with secret: true/ },
  ])('$name is refused at its step', ({ step, want }) => {
    const r = compile({ 'main.yaml': `steps:\n  - open_browser: http://localhost:3000\n  - type: { text: sk_live_abc, secret: true }\n  - ${step}\n` });
    const m = messages(r);
    expect(m).toHaveLength(1);
    expect(m[0]).toMatch(want);
    expect(m[0]).not.toContain('sk_live_abc');
  });

  it.each([
    ['日本語', '日本語'],
    ['Launch 🚀 now', '🚀'],
    ['Привет мир', 'Привет'],
    ['שלום', 'שלום'],
  ])('%j warns that OCR will not read %j', (text, chars) => {
    const r = compile({ 'main.yaml': `steps:\n  - click: { text: "${text}" }\n` });
    expect(messages(r)).toEqual([]);
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringContaining(`will not find ${JSON.stringify(chars)}`)]);
  });

  it.each(['Add domain', 'Résumé café', 'Ñandú', 'v2.5 → 3', 'api.example.com'])('%j gives no warning', (text) => {
    const r = compile({ 'main.yaml': `steps:\n  - click: { text: "${text}" }\n` });
    expect(messages(r)).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it.each(['data:text/html,<b>hi</b>', 'javascript:alert(1)', 'about:blank'])('%s is not a page on this machine', (url) => {
    const r = compile({ 'main.yaml': `steps:\n  - open_browser: { url: "${url}" }\n` });
    expect(messages(r)).toEqual([
      expect.stringMatching(/must be http\(s\) on localhost or 127\.0\.0\.1, or a file in the project, but got a (data|javascript|about): URL/),
    ]);
  });
});

describe('secrets stay out of what is searched, drawn and spoken', () => {
  const withSecret = (step: string) => `steps:\n  - open_terminal: {}\n  - type: { text: sk_live_abc123, secret: true }\n  - ${step}\n`;
  it.each([
    { step: 'wait_for: { text: sk_live_abc }', want: /step 3 \(wait_for\) looks for text typed with secret: true/ },
    { step: 'zoom: { text: abc123 }', want: /step 3 \(zoom\) looks for text typed with secret: true/ },
    {
      step: 'callout: { text: "sk_live_abc123 is secret", x: 10, y: 10 }',
      want: /step 3 \(callout\) holds text typed with secret: true, which would be drawn in the bubble/,
    },
    { step: 'say: The token is sk_live_abc123', want: /step 3 \(say\) holds text typed with secret: true, which would be spoken and captioned/ },
  ])('$step is refused', ({ step, want }) => {
    const m = messages(compile({ 'main.yaml': withSecret(step) }));
    expect(m).toEqual([expect.stringMatching(want)]);
    expect(m[0]).not.toContain('sk_live_abc');
  });

  it('a short common piece (under 4 characters) of a secret is still a fine target', () => {
    expect(messages(compile({ 'main.yaml': withSecret('click: { text: abc }') }))).toEqual([]);
  });
});

describe('missing keys and short forms that meant words', () => {
  it.each([
    { step: 'run: { timeout: 5s }', want: 'main.yaml:2:10 steps[0].run.command: needs "command" (a string), but it is missing' },
    { step: 'speedup: { steps: [ { wait: 1s } ] }', want: 'main.yaml:2:14 steps[0].speedup.factor: needs "factor" (a number), but it is missing' },
    { step: 'wait_for_text: { text: Ready, regex: "R.*" }', want: 'main.yaml:2:20 steps[0].wait_for_text: needs text or regex, not both' },
  ])('$step', ({ step, want }) => {
    expect(messages(compile({ 'main.yaml': alone(step) }))).toEqual([want]);
  });
});

describe('roles by what people call them', () => {
  it.each([
    ['btn', 'button'],
    ['submit', 'button'],
    ['input', 'textbox'],
    ['dropdown', 'combobox'],
    ['h1', 'heading'],
    ['buton', 'button'],
  ])('role: %s suggests %s', (given, want) => {
    const m = messages(compile({ 'main.yaml': withBrowser(`click: { role: ${given}, name: Go }`) }));
    expect(m).toEqual([expect.stringContaining(`(did you mean "${want}"?)`)]);
  });
});
