import { expect, test } from '@playwright/test';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PathExt } from './paths';
import {
  activeNotebook,
  manifestOf,
  readNotebook,
  ROOT,
  runCommand,
  saveNotebook,
  sources,
  tab
} from './tutorials';

// tests/start_jupyterlab.sh serves this folder: the studies land on disk.
const SERVER_ROOT = join(
  ROOT,
  'build',
  `e2e-lab-${process.env.E2E_LAB_PORT ?? 8702}`,
  'notebooks'
);
const manifest = manifestOf();
const tutorial = manifest.tutorials.find(t => t.kind !== 'landing')!;
const stem = PathExt.stem(tutorial.path);

function studiesOnDisk(): string[] {
  const dir = join(SERVER_ROOT, 'etudes');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

test.describe('tutorials in JupyterLab (server contents)', () => {
  test('should fork a tutorial into etudes/ on disk, never overwriting', async ({
    page
  }) => {
    const before = studiesOnDisk().length;
    // ?reset: start from an empty workspace, not the previous test's tabs.
    await page.goto(`lab/tree/${tutorial.path}?reset`);
    await expect(activeNotebook(page)).toBeVisible({ timeout: 120_000 });
    for (const n of [before + 1, before + 2]) {
      await runCommand(page, 'New study from…');
      const dialog = page.locator('.jp-Dialog');
      await dialog.getByRole('radio', { name: tutorial.title }).check();
      await dialog.getByRole('button', { name: 'Create the study' }).click();
      await expect(tab(page, `${stem}-${n}.ipynb`)).toBeVisible();
    }
    const created = studiesOnDisk();
    expect(created).toContain(`${stem}-${before + 1}.ipynb`);
    expect(created).toContain(`${stem}-${before + 2}.ipynb`);
    const study = readNotebook(
      join(SERVER_ROOT, 'etudes', `${stem}-${before + 2}.ipynb`)
    );
    const original = readNotebook(join(ROOT, 'notebooks', tutorial.path));
    expect(sources(study)).toEqual(sources(original));
    expect(study.metadata.snds_lab).toEqual({
      forked_from: tutorial.path,
      version: tutorial.hash
    });
  });

  test('should reset an edited tutorial to the shipped original and keep the studies', async ({
    page
  }) => {
    // ?reset: start from an empty workspace, not the previous test's tabs.
    await page.goto(`lab/tree/${tutorial.path}?reset`);
    await expect(activeNotebook(page)).toBeVisible({ timeout: 120_000 });
    const studies = studiesOnDisk();
    await activeNotebook(page).locator('.jp-Cell').first().click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('b');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('edited_on_the_server = 1');
    await page.keyboard.press('Escape');
    await saveNotebook(page);
    await expect
      .poll(() =>
        JSON.stringify(readNotebook(join(SERVER_ROOT, tutorial.path)))
      )
      .toContain('edited_on_the_server');

    // From the notebook toolbar, which the tutorials' settings schema adds to.
    await activeNotebook(page)
      .locator('.jp-NotebookPanel-toolbar')
      .getByRole('button', { name: 'Reset this tutorial' })
      .click();
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Reset' })
      .click();
    await expect(activeNotebook(page)).not.toContainText(
      'edited_on_the_server'
    );
    await expect
      .poll(() =>
        JSON.stringify(readNotebook(join(SERVER_ROOT, tutorial.path)))
      )
      .not.toContain('edited_on_the_server');
    const onDisk = readNotebook(join(SERVER_ROOT, tutorial.path));
    expect(onDisk.metadata.snds_lab.version).toBe(tutorial.hash);
    expect(studiesOnDisk()).toEqual(studies);
  });
});
