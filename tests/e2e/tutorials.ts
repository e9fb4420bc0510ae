// Helpers for the tutorial tests: the build's manifest, site versions, palette.
import { expect, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const SITE = join(ROOT, 'build', 'lite');
const SHIPPED = 'extensions/@snds-lab/tutorials-extension/static/tutorials';

export interface IEntry {
  path: string;
  title: string;
  hash: string;
  kind: string;
}
export interface IManifest {
  landing: string;
  tutorials: IEntry[];
}

export function manifestOf(site = SITE): IManifest {
  return JSON.parse(
    readFileSync(join(site, SHIPPED, 'snds-tutorials.json'), 'utf8')
  );
}

/** The committed notebooks, found at test time. */
export function committedNotebooks(): string[] {
  return readdirSync(join(ROOT, 'notebooks'))
    .filter(name => name.endsWith('.ipynb'))
    .sort();
}

export function readNotebook(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Each cell's source as one string (files may split it into lines). */
export function sources(nb: any): string[] {
  return nb.cells.map((c: any) =>
    Array.isArray(c.source) ? c.source.join('') : c.source
  );
}

let rebuilds = 0;

/**
 * A copy of the built site in which the notebook `name` was changed by
 * `edit` and stamped again by the build's own script, as a rebuild would.
 */
export function siteWithChangedTutorial(
  name: string,
  edit: (nb: any) => void
): string {
  const dir = mkdtempSync(join(tmpdir(), 'snds-site-'));
  const site = join(dir, 'lite');
  cpSync(SITE, site, { recursive: true });
  const src = join(dir, 'src');
  cpSync(join(ROOT, 'notebooks'), src, { recursive: true });
  const nb = readNotebook(join(src, name));
  edit(nb);
  writeFileSync(join(src, name), JSON.stringify(nb, null, 1));
  const stamped = join(dir, 'stamped');
  const run = spawnSync(
    join(ROOT, '.venv', 'bin', 'python'),
    [join(ROOT, 'lite', 'stamp_tutorials.py'), '--src', src, '--out', stamped],
    { encoding: 'utf8' }
  );
  if (run.status !== 0) {
    throw new Error(run.stderr);
  }
  // Each rebuild is a minute later than the previous one, as a real one is.
  const when = new Date(Date.now() + 60_000 * ++rebuilds);
  for (const [from, to] of [
    [join(stamped, 'notebooks', name), join(site, 'files', name)],
    [join(stamped, 'notebooks', name), join(site, SHIPPED, name)],
    [
      join(stamped, 'snds-tutorials.json'),
      join(site, SHIPPED, 'snds-tutorials.json')
    ]
  ]) {
    cpSync(from, to);
    utimesSync(to, when, when);
  }
  return site;
}

export function removeSite(site: string): void {
  rmSync(resolve(site, '..'), { recursive: true, force: true });
}

/** scripts/serve.py on `port`, resolved once it answers. */
export async function serveSite(
  site: string,
  port: number
): Promise<ChildProcess> {
  const server = spawn(
    join(ROOT, '.venv', 'bin', 'python'),
    [join(ROOT, 'scripts', 'serve.py'), site, '--port', String(port)],
    { stdio: 'ignore' }
  );
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/lab/index.html`);
      if (res.ok) {
        return server;
      }
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 100));
  }
  server.kill();
  throw new Error(`serve.py did not answer on port ${port}`);
}

export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) {
    return;
  }
  const exited = new Promise(r => server.once('exit', r));
  server.kill();
  await exited;
}

export async function runCommand(page: Page, label: string): Promise<void> {
  // The palette closes when a loading document takes the focus: reopen it.
  await expect(async () => {
    const input = page.locator('.lm-CommandPalette-input');
    if (!(await input.isVisible())) {
      await page.keyboard.press('Control+Shift+c');
    }
    // The palette's fuzzy search may not match the ellipsis: search the words.
    await input.fill(label.replace('…', ''), { timeout: 2_000 });
    await page
      .locator('.lm-CommandPalette-item', { hasText: label })
      .first()
      .click({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
}

/** The tab of an open document, by its file name. */
export function tab(page: Page, name: string) {
  return page.getByRole('tab', { name, exact: false });
}

/** The notebook widget of the active tab. */
export function activeNotebook(page: Page) {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)');
}

/**
 * Saves the active notebook. On a loaded machine a key press can be lost
 * (the focus still moving): press again while the tab stays dirty. A save
 * that fails opens a dialog, which fails this at once.
 */
export async function saveNotebook(page: Page): Promise<void> {
  const dirty = page.locator(
    '.lm-DockPanel-tabBar .lm-mod-current.jp-mod-dirty'
  );
  const dialog = page.locator('.jp-Dialog');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+s');
    try {
      await expect(dirty).toHaveCount(0, { timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 6) {
        throw error;
      }
    }
    if ((await dialog.count()) > 0) {
      throw new Error(`the save failed: ${await dialog.innerText()}`);
    }
  }
}
