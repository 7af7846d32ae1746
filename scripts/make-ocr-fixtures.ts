/**
 * Makes the OCR fixtures (tests/targets/fixtures/ocr/): three 1920x1080 screenshots and, for
 * each, the visible labels of 12 px or more with their true boxes (screen px).
 *
 * - dashboard.png / dialog.png: pages rendered by Chromium (playwright-core); every element
 *   carrying `data-label` is a label, its box the box of its text (a DOM Range, not the
 *   element's padding).
 * - terminal.png: a real xterm (the dark theme open_terminal uses) on Xvfb, grabbed with
 *   ffmpeg's x11grab; labels are the words printed, their boxes from the character grid
 *   (window position from xwininfo, cell size from the window's size).
 *
 * Run: npx tsx scripts/make-ocr-fixtures.ts  (needs chromium, Xvfb, xterm, xwininfo, xdotool, ffmpeg)
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startVirtualDesktop } from '../src/stage/virtual-desktop';
import { TERMINAL_THEMES, xtermThemeArgs } from '../src/capture/terminal-themes';
import { PROJECT_ROOT } from '../src/render/render';

const OUT = path.join(PROJECT_ROOT, 'tests', 'targets', 'fixtures', 'ocr');
type Label = { text: string; box: { x: number; y: number; width: number; height: number } };

const DASHBOARD = `<!doctype html><html><head><style>
* { box-sizing: border-box; }
body { margin: 0; font-family: 'DejaVu Sans', sans-serif; background: #f4f6fa; color: #1f2430; }
header { height: 56px; background: #1b1f2a; color: #e8ebf2; display: flex; align-items: center; padding: 0 24px; gap: 28px; font-size: 15px; }
header .brand { font-size: 18px; font-weight: bold; color: #fff; margin-right: 24px; }
header .right { margin-left: auto; font-size: 14px; color: #aab2c5; }
aside { position: absolute; top: 56px; left: 0; width: 220px; bottom: 0; background: #fff; border-right: 1px solid #dde2ea; padding: 20px 0; }
aside div { padding: 9px 24px; font-size: 14px; color: #3a4150; }
aside div.active { background: #e8f0fe; color: #1a56db; font-weight: bold; }
main { position: absolute; top: 56px; left: 220px; right: 0; padding: 28px 36px; }
h1 { font-size: 24px; margin: 0 0 20px; }
.cards { display: flex; gap: 20px; margin-bottom: 28px; }
.card { background: #fff; border: 1px solid #dde2ea; border-radius: 8px; padding: 18px 20px; width: 300px; }
.card .t { font-size: 13px; color: #6b7385; }
.card .v { font-size: 28px; font-weight: bold; margin-top: 6px; }
.card .s { font-size: 12px; color: #2e7d32; margin-top: 4px; }
.bar { display: flex; gap: 12px; align-items: center; margin-bottom: 18px; }
button { font: inherit; border-radius: 6px; padding: 8px 16px; border: 1px solid #c8cfdb; background: #fff; color: #1f2430; font-size: 14px; }
button.primary { background: #1a56db; border-color: #1a56db; color: #fff; }
button.small { font-size: 12px; padding: 4px 10px; }
button.danger { background: #fff; color: #c62828; border-color: #e3a4a4; }
table { border-collapse: collapse; background: #fff; border: 1px solid #dde2ea; width: 1100px; }
th, td { text-align: left; padding: 10px 16px; border-bottom: 1px solid #eef1f5; font-size: 14px; }
th { font-size: 12px; color: #6b7385; text-transform: none; background: #fafbfc; }
.tag { font-size: 12px; padding: 2px 8px; border-radius: 10px; background: #e6f4ea; color: #1e7b34; }
.tag.err { background: #fde8e8; color: #b42318; }
.foot { margin-top: 18px; font-size: 13px; color: #6b7385; }
</style></head><body>
<header><span class="brand" data-label>Acme Cloud</span><span data-label>Overview</span><span data-label>Deployments</span><span data-label>Domains</span><span data-label>Settings</span><span class="right" data-label>jane@acme.dev</span></header>
<aside><div class="active" data-label>Projects</div><div data-label>Analytics</div><div data-label>Environment Variables</div><div data-label>Team Members</div><div data-label>Billing</div><div data-label>Support</div></aside>
<main>
<h1 data-label>Project storefront</h1>
<div class="cards">
 <div class="card"><div class="t" data-label>Requests today</div><div class="v" data-label>128,430</div><div class="s" data-label>up 12% from yesterday</div></div>
 <div class="card"><div class="t" data-label>Error rate</div><div class="v" data-label>0.42%</div><div class="s" data-label>within budget</div></div>
 <div class="card"><div class="t" data-label>Build minutes</div><div class="v" data-label>312</div><div class="s" data-label>of 6000 included</div></div>
</div>
<div class="bar"><button class="primary" data-label>Add domain</button><button data-label>Redeploy</button><button class="small" data-label>Cancel</button><button class="danger" data-label>Delete project</button><button class="small" data-label>Export CSV</button></div>
<table>
<tr><th data-label>Domain</th><th data-label>Status</th><th data-label>Last deploy</th><th data-label>Branch</th><th></th></tr>
<tr><td data-label>shop.acme.dev</td><td><span class="tag" data-label>Ready</span></td><td data-label>2 minutes ago</td><td data-label>main</td><td><button class="small" data-label>Edit</button></td></tr>
<tr><td data-label>staging.acme.dev</td><td><span class="tag" data-label>Ready</span></td><td data-label>1 hour ago</td><td data-label>develop</td><td><button class="small" data-label>Edit</button></td></tr>
<tr><td data-label>old.acme.dev</td><td><span class="tag err" data-label>Failed</span></td><td data-label>3 days ago</td><td data-label>legacy</td><td><button class="small" data-label>Edit</button></td></tr>
</table>
<div class="foot" data-label>Showing 3 of 3 domains</div>
</main></body></html>`;

const DIALOG = `<!doctype html><html><head><style>
body { margin: 0; font-family: 'DejaVu Sans', sans-serif; background: #eef0f4; }
.page { padding: 40px 60px; color: #8a90a0; font-size: 16px; }
.page h2 { color: #555b6b; }
.overlay { position: fixed; inset: 0; background: rgba(20,24,33,0.55); }
.modal { position: fixed; left: 660px; top: 330px; width: 600px; background: #fff; border-radius: 10px; box-shadow: 0 10px 40px rgba(0,0,0,.3); padding: 26px 30px 22px; }
.modal h3 { margin: 0 0 14px; font-size: 20px; color: #1f2430; }
.modal p { margin: 0 0 10px; font-size: 14px; color: #3a4150; line-height: 1.5; }
.modal label { font-size: 13px; color: #3a4150; }
.modal input { width: 100%; font-size: 14px; padding: 8px; margin: 6px 0 18px; border: 1px solid #c8cfdb; border-radius: 6px; box-sizing: border-box; }
.actions { display: flex; justify-content: flex-end; gap: 10px; }
button { font-family: inherit; font-size: 14px; border-radius: 6px; padding: 8px 18px; border: 1px solid #c8cfdb; background: #fff; color: #1f2430; }
button.ok { background: #c62828; border-color: #c62828; color: #fff; }
</style></head><body>
<div class="page"><h2 data-label>Settings</h2><p data-label>General preferences for the workspace.</p></div>
<div class="overlay"></div>
<div class="modal">
<h3 data-label>Delete project?</h3>
<p><span data-label>This will permanently delete</span> <b data-label>storefront</b> <span data-label>and all of its deployments.</span></p>
<p data-label>This action cannot be undone.</p>
<label data-label>Type the project name to confirm</label>
<input value="storefront">
<div class="actions"><button data-label>Cancel</button><button class="ok" data-label>OK</button></div>
</div>
</body></html>`;

const page = async (name: string, html: string): Promise<void> => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const p = await browser.newPage({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
    await p.setContent(html);
    const labels: Label[] = await p.evaluate(() =>
      [...document.querySelectorAll('[data-label]')].map((el) => {
        const r = document.createRange();
        r.selectNodeContents(el);
        const b = r.getBoundingClientRect();
        return {
          text: (el as HTMLElement).innerText.trim(),
          box: { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) },
        };
      }),
    );
    await p.screenshot({ path: path.join(OUT, `${name}.png`) });
    fs.writeFileSync(path.join(OUT, `${name}.json`), JSON.stringify(labels, null, 1) + '\n');
  } finally {
    await browser.close();
  }
};

/** What the terminal shows: a short deploy session. Colours are the dark theme's ANSI ones. */
const TERMINAL_LINES = [
  '\x1b[38;5;111m~/storefront $\x1b[0m npm run deploy',
  '',
  '> storefront@1.4.2 deploy',
  '> vercel deploy --prod',
  '',
  '\x1b[32mInspect:\x1b[0m https://vercel.com/acme/storefront/7hQx',
  '\x1b[32mProduction:\x1b[0m https://storefront.acme.dev',
  '\x1b[33mwarning\x1b[0m Node version 18 is deprecated',
  '\x1b[1;32mDeployed\x1b[0m to production in 41s',
  '',
  '\x1b[38;5;111m~/storefront $\x1b[0m git status',
  'On branch main',
  'Your branch is up to date with origin/main',
  'nothing to commit, working tree clean',
  '\x1b[38;5;111m~/storefront $\x1b[0m \x1b[41;97m ERROR \x1b[0m build failed: missing env STRIPE_KEY',
];

const terminal = async (): Promise<void> => {
  const desk = await startVirtualDesktop({ width: 1920, height: 1080, windowManager: false, background: '#2b2f3a' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-fixture-'));
  const content = path.join(dir, 'content');
  fs.writeFileSync(content, TERMINAL_LINES.join('\n'));
  const BORDER = 16;
  const cols = 100;
  const rows = 24;
  const env = { ...process.env, DISPLAY: desk.display, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  const xterm = spawn(
    'xterm',
    [
      '-T',
      'ocr-fixture',
      '-fa',
      'DejaVu Sans Mono',
      '-fs',
      '11',
      '-geometry',
      `${cols}x${rows}+160+120`,
      ...xtermThemeArgs(TERMINAL_THEMES.dark),
      '-b',
      String(BORDER),
      '-u8',
      '-e',
      'sh',
      '-c',
      `cat ${content}; printf '\\033[?25l'; sleep 60`,
    ],
    { env, stdio: 'ignore' },
  );
  try {
    let info = '';
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const id = spawnSync('xdotool', ['search', '--name', '^ocr-fixture$'], { env, encoding: 'utf8' }).stdout.trim().split('\n')[0];
      if (id) {
        info = spawnSync('xwininfo', ['-id', id], { env, encoding: 'utf8' }).stdout;
        break;
      }
    }
    await new Promise((r) => setTimeout(r, 1500));
    const get = (k: string) => Number(new RegExp(`${k}:\\s+(-?\\d+)`).exec(info)?.[1]);
    const win = { x: get('Absolute upper-left X'), y: get('Absolute upper-left Y'), width: get('Width'), height: get('Height') };
    const cw = (win.width - 2 * BORDER) / cols;
    const ch = (win.height - 2 * BORDER) / rows;
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'x11grab',
      '-video_size',
      '1920x1080',
      '-i',
      desk.display,
      '-frames:v',
      '1',
      path.join(OUT, 'terminal.png'),
    ]);
    // Every printed word (a run of non-spaces with two letters or digits; not `$` or `>`), its box the cells it covers.
    const labels: Label[] = [];
    TERMINAL_LINES.forEach((line, row) => {
      const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
      for (const m of plain.matchAll(/\S+/g)) {
        if (!/[A-Za-z0-9].*[A-Za-z0-9]/.test(m[0])) continue;
        labels.push({
          text: m[0],
          box: {
            x: Math.round(win.x + BORDER + m.index * cw),
            y: Math.round(win.y + BORDER + row * ch),
            width: Math.round(m[0].length * cw),
            height: Math.round(ch),
          },
        });
      }
    });
    fs.writeFileSync(path.join(OUT, 'terminal.json'), JSON.stringify(labels, null, 1) + '\n');
    console.log(`terminal: window ${JSON.stringify(win)}, cell ${cw.toFixed(2)}x${ch.toFixed(2)} px`);
  } finally {
    xterm.kill();
    await desk.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

fs.mkdirSync(OUT, { recursive: true });
await page('dashboard', DASHBOARD);
await page('dialog', DIALOG);
await terminal();
for (const f of fs.readdirSync(OUT)) console.log(f, fs.statSync(path.join(OUT, f)).size);
