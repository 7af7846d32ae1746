/**
 * Studio keeps a designer's change, end to end: `npx remotion studio` on a copy of the project (a
 * temp dir; the repository's files are never touched), bound to 127.0.0.1 on a free port, driven
 * by Playwright in the system Chromium: open Landscape, set style.motion.zoomLevel to 2.5 in the
 * props panel (Studio saves it to code by itself), reload, still 2.5, and the copy's Root.tsx has
 * it; then an image background with no src, and one missing from public/, named in the preview. Slow (Studio's webpack build): one test, 240 s. Skipped, with the reason, without Chromium.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/render/browser';

const REPO = path.join(import.meta.dirname, '..', '..');
const { CodemodsInternals } = createRequire(import.meta.url)('@remotion/codemods') as typeof import('@remotion/codemods');

const browser = findBrowser(REPO);
if (!browser) console.warn('[skipped] Studio saves a change: needs Chromium or Chrome (apt-get install chromium)');

/**
 * The project, copied to a temp dir as Studio needs it: src/ (copied: Studio rewrites Root.tsx),
 * public/ (each entry a symlink), the config files, and node_modules as hard links (a symlink
 * would not do: webpack resolves it to the repository's path and names the font assets
 * "../../…", which Studio then cannot serve). node_modules/.cache stays out: webpack writes there.
 */
const copyProject = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-studio-'));
  fs.cpSync(path.join(REPO, 'src'), path.join(dir, 'src'), { recursive: true });
  for (const f of ['remotion.config.ts', 'package.json', 'tsconfig.json']) fs.copyFileSync(path.join(REPO, f), path.join(dir, f));
  fs.mkdirSync(path.join(dir, 'public'));
  for (const e of fs.readdirSync(path.join(REPO, 'public'))) fs.symlinkSync(path.join(REPO, 'public', e), path.join(dir, 'public', e));
  const modules = fs
    .readdirSync(path.join(REPO, 'node_modules'))
    .filter((e) => e !== '.cache')
    .map((e) => path.join(REPO, 'node_modules', e));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  const cp = spawnSync('cp', ['-al', ...modules, path.join(dir, 'node_modules')], { encoding: 'utf8' });
  if (cp.status !== 0) throw new Error(`copying node_modules as hard links into ${dir}: ${cp.stderr.trim()}`);
  return dir;
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Resolves when `url` answers 200 (Studio's page), or rejects with Studio's log after `ms`. */
const waitForHttp = async (url: string, ms: number, log: () => string, child: ChildProcess): Promise<void> => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`Studio exited with ${child.exitCode} before answering:\n${log()}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Studio did not answer ${url} in ${ms / 1000} s:\n${log()}`);
};

/** Landscape's defaultProps in a Root.tsx, read as Studio reads them. */
const landscapeProps = (rootFile: string) => {
  const r = CodemodsInternals.computeCanUpdateDefaultPropsFromContent(fs.readFileSync(rootFile, 'utf8'), 'Landscape');
  if (!r.canUpdate) throw new Error(`Studio cannot update ${rootFile}: ${r.reason}`);
  return r.currentDefaultProps as { style: { motion: { zoomLevel: number } } };
};

const cleanups: Array<() => void | Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe.skipIf(!browser)('Studio keeps a designer’s change', () => {
  it(
    'zoomLevel 2.5 typed in the props panel is saved to Root.tsx and survives a reload; a missing background image is named',
    { timeout: 240_000 },
    async () => {
      const dir = copyProject();
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      const rootFile = path.join(dir, 'src', 'Root.tsx');
      const before = fs.readFileSync(rootFile, 'utf8');
      expect(landscapeProps(rootFile).style.motion.zoomLevel).toBe(2);

      const port = await freePort();
      let log = '';
      // Its own process group, so Studio and what it starts end together.
      const studio = spawn(
        process.execPath,
        [path.join(dir, 'node_modules', '@remotion', 'cli', 'remotion-cli.js'), 'studio', '--port', String(port), '--no-open'],
        {
          cwd: dir,
          detached: true,
          env: { ...process.env, BROWSER: 'none' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      studio.stdout!.on('data', (d: Buffer) => (log += d.toString()));
      studio.stderr!.on('data', (d: Buffer) => (log += d.toString()));
      cleanups.push(() => {
        try {
          process.kill(-studio.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      });
      const base = `http://127.0.0.1:${port}`;
      await waitForHttp(base, 120_000, () => log, studio);

      const { chromium } = await import('playwright-core');
      const eyes = await chromium.launch({ executablePath: browser!.browser, args: ['--no-sandbox'] });
      cleanups.push(() => eyes.close().catch(() => {}));
      const page = await eyes.newPage({ viewport: { width: 1600, height: 1000 } });
      const shot = (name: string) => page.screenshot({ path: path.join(os.tmpdir(), `screenplay-studio-${name}.png`) }).catch(() => {});

      /** Opens Landscape with the props panel showing, and returns zoomLevel's number field. */
      const zoomField = async (reload: boolean) => {
        if (reload) await page.reload();
        else await page.goto(`${base}/Landscape`);
        await page.getByText('TikTokSplit', { exact: true }).first().waitFor({ timeout: 150_000 });
        const expand = page.getByLabel('Expand right sidebar');
        if (await expand.isVisible()) await expand.click();
        // The number editor: a button showing the value after the field's label, an input once clicked.
        const field = page.locator('xpath=//span[normalize-space(.)="zoomLevel:"]/following::button[contains(@class, "__remotion_input_dragger")][1]');
        await field.waitFor({ timeout: 60_000 });
        return field;
      };

      try {
        const field = await zoomField(false);
        expect((await field.textContent())?.trim()).toBe('2');
        await field.click();
        const input = page.locator('input[placeholder="style.motion.zoomLevel"]');
        await input.fill('2.5');
        await input.press('Enter');
        // Studio saves to code by itself; wait for the file.
        const end = Date.now() + 30_000;
        while (landscapeProps(rootFile).style.motion.zoomLevel !== 2.5 && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
        await shot('saved');
        expect(landscapeProps(rootFile).style.motion.zoomLevel).toBe(2.5);
        expect(await page.getByText("Can't save default props").count()).toBe(0);
        // Only that line changed, and only in the copy.
        const changed = fs
          .readFileSync(rootFile, 'utf8')
          .split('\n')
          .filter((l, i) => l !== before.split('\n')[i]);
        expect(changed.map((l) => l.trim())).toEqual(['zoomLevel: 2.5,']);
        expect(fs.readFileSync(path.join(REPO, 'src', 'Root.tsx'), 'utf8')).toBe(before);

        const again = await zoomField(true);
        await shot('reloaded');
        expect((await again.textContent())?.trim()).toBe('2.5');

        // An image background: chosen with no src yet, the preview stays up and says so; a missing
        // file is named with its path.
        await page.getByText('gradient', { exact: true }).first().click();
        await page.getByText('image', { exact: true }).first().click();
        const notice = page.getByTestId('background-notice');
        await notice.waitFor({ timeout: 30_000 });
        expect(await notice.textContent()).toMatch(/style\.background\.src names none yet/);
        const src = page.locator('input[placeholder="style.background.src"]');
        await src.fill('backgrounds/missing.png');
        await src.press('Enter');
        await page.getByText('no file public/backgrounds/missing.png').waitFor({ timeout: 30_000 });
        await shot('missing-image');
      } catch (e) {
        await shot('failed');
        throw new Error(`${(e as Error).message}\n(screenshot: ${path.join(os.tmpdir(), 'screenplay-studio-failed.png')}; Studio's log:)\n${log.slice(-3000)}`);
      }
    },
  );
});
