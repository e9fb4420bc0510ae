import { expect, test, type Page } from '@playwright/test';
import { PathExt } from './paths';
import {
  activeNotebook,
  manifestOf,
  removeSite,
  runCommand,
  saveNotebook,
  serveSite,
  siteWithChangedTutorial,
  SITE,
  stopServer,
  tab
} from './tutorials';

const manifest = manifestOf();
const tutorial = manifest.tutorials.find(t => t.kind !== 'landing')!;
const stem = PathExt.stem(tutorial.path);

async function openNotebook(page: Page, path: string) {
  await page.goto(`lab/index.html?path=${encodeURIComponent(path)}`);
  await expect(activeNotebook(page)).toBeVisible({ timeout: 120_000 });
}

async function forkFromPalette(page: Page, title: string) {
  await runCommand(page, 'New study from…');
  const dialog = page.locator('.jp-Dialog');
  await dialog.getByRole('radio', { name: title }).check();
  await dialog.getByRole('button', { name: 'Create the study' }).click();
}

/** Adds a code cell holding `text` under the first cell, without running it. */
async function addCell(page: Page, text: string) {
  await activeNotebook(page).locator('.jp-Cell').first().click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('b');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Escape');
}

test.describe('tutorials in the lite site', () => {
  test('should open the landing notebook from the root URL and from lab/ without a path', async ({
    page
  }) => {
    await page.goto('./');
    await expect(tab(page, manifest.landing)).toBeVisible({ timeout: 120_000 });
    await expect(activeNotebook(page)).toBeVisible();
    await page.goto('lab/index.html');
    await expect(tab(page, manifest.landing)).toBeVisible({ timeout: 120_000 });
  });

  test('should fork a tutorial into etudes/ under new names, from the palette and the launcher', async ({
    page
  }) => {
    await openNotebook(page, tutorial.path);
    await forkFromPalette(page, tutorial.title);
    await expect(tab(page, `${stem}-1.ipynb`)).toBeVisible();
    await forkFromPalette(page, tutorial.title);
    await expect(tab(page, `${stem}-2.ipynb`)).toBeVisible();

    await runCommand(page, 'New Launcher');
    await page
      .locator('.jp-LauncherCard', { hasText: 'New study from…' })
      .filter({ visible: true })
      .click();
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Create the study' })
      .click();
    await expect(tab(page, `${stem}-3.ipynb`)).toBeVisible();

    // The copies are real files of the browser storage, with the tutorial's text.
    await page.reload();
    await openNotebook(page, `etudes/${stem}-2.ipynb`);
    await expect(activeNotebook(page)).toContainText(tutorial.title);
    const listing = page.locator('.jp-DirListing-content');
    await page.locator('.jp-BreadCrumbs-home').click();
    await listing.getByText('etudes', { exact: true }).dblclick();
    for (const n of [1, 2, 3]) {
      await expect(
        listing.getByText(`${stem}-${n}.ipynb`, { exact: true })
      ).toBeVisible();
    }
  });

  test('should keep edits across a reload, and reset to the original keeping the forks', async ({
    page
  }) => {
    await openNotebook(page, tutorial.path);
    await addCell(page, 'my_edit = "persisted-edit-7421"');
    await saveNotebook(page);
    await forkFromPalette(page, tutorial.title);
    await expect(tab(page, `${stem}-1.ipynb`)).toBeVisible();

    await openNotebook(page, tutorial.path);
    await expect(activeNotebook(page)).toContainText('persisted-edit-7421');

    await tab(page, tutorial.path).click();
    await runCommand(page, 'Reset this tutorial');
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Reset' })
      .click();
    await expect(activeNotebook(page)).not.toContainText('persisted-edit-7421');
    await expect(activeNotebook(page)).toContainText(tutorial.title);

    await openNotebook(page, tutorial.path);
    await expect(activeNotebook(page)).not.toContainText('persisted-edit-7421');
    await openNotebook(page, `etudes/${stem}-1.ipynb`);
    await expect(activeNotebook(page)).toContainText(tutorial.title);
  });
});

test.describe('a rebuilt lite site', () => {
  // Its own server, so that each version is served on the same origin.
  const port = Number(process.env.E2E_LITE_PORT ?? 8701) + 50;

  test('should show the new version when unedited, and offer it beside an edited copy', async ({
    page
  }) => {
    const origin = `http://127.0.0.1:${port}`;
    const mark = (text: string) => (nb: any) =>
      nb.cells.unshift({
        cell_type: 'markdown',
        id: `mark-${text.length}`,
        metadata: {},
        source: [`Nouveauté : ${text}`]
      });
    const v2 = siteWithChangedTutorial(tutorial.path, mark('version-2-mark'));
    const v3 = siteWithChangedTutorial(tutorial.path, mark('version-3-mark!'));
    let server = await serveSite(SITE, port);
    try {
      // v1: opened and saved without edits (a stored copy exists).
      await page.goto(`${origin}/lab/index.html?path=${tutorial.path}`);
      await expect(activeNotebook(page)).toBeVisible({ timeout: 120_000 });
      await page.keyboard.press('Control+s');
      await page.waitForTimeout(500);

      await stopServer(server);
      server = await serveSite(v2, port);
      await page.goto(`${origin}/lab/index.html?path=${tutorial.path}`);
      await expect(activeNotebook(page)).toContainText('version-2-mark', {
        timeout: 120_000
      });
      await expect(page.locator('.jp-toast-message')).toHaveCount(0);

      // v2: the learner edits and saves.
      await addCell(page, 'mine = "learner-edit-3117"');
      await saveNotebook(page);

      await stopServer(server);
      server = await serveSite(v3, port);
      await page.goto(`${origin}/lab/index.html?path=${tutorial.path}`);
      await expect(activeNotebook(page)).toContainText('learner-edit-3117', {
        timeout: 120_000
      });
      const notice = page
        .locator('.Toastify__toast')
        .filter({ hasText: 'A newer version of' });
      await expect(notice).toBeVisible();
      await expect(activeNotebook(page)).not.toContainText('version-3-mark');
      await notice
        .getByRole('button', { name: 'Open the new version beside my copy' })
        .click();

      const study = page.locator('.jp-NotebookPanel', {
        hasText: 'learner-edit-3117'
      });
      const fresh = page.locator('.jp-NotebookPanel', {
        hasText: 'version-3-mark!'
      });
      await expect(study).toBeVisible();
      await expect(fresh).toBeVisible();
      await expect(fresh).not.toContainText('learner-edit-3117');
      const [left, right] = [
        (await study.boundingBox())!,
        (await fresh.boundingBox())!
      ];
      expect(left.x + left.width).toBeLessThanOrEqual(right.x + 1);
      await expect(tab(page, `${stem}-1.ipynb`)).toBeVisible();

      // After a reload the tutorial is the new version, and the copy is kept.
      await page.goto(`${origin}/lab/index.html?path=${tutorial.path}`);
      await expect(
        page.locator('.jp-NotebookPanel', { hasText: 'version-3-mark!' })
      ).toBeVisible({ timeout: 120_000 });
      await page.goto(`${origin}/lab/index.html?path=etudes/${stem}-1.ipynb`);
      await expect(
        page.locator('.jp-NotebookPanel', { hasText: 'learner-edit-3117' })
      ).toBeVisible({ timeout: 120_000 });
    } finally {
      await stopServer(server);
      removeSite(v2);
      removeSite(v3);
    }
  });
});
