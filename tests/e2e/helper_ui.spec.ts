import { expect, test } from '@playwright/test';
import { errorOutputs, runInNewCell, waitForIdleKernel } from './notebook';

// The kernel extension in the lite site: generate dialog, status bar, first use.
test.describe('snds kernel extension (lite site)', () => {
  test('should generate synthetic SNDS from the dialog and show it in the status bar', async ({
    page
  }) => {
    await page.goto('lab/index.html?path=00-bienvenue.ipynb');
    await waitForIdleKernel(page);
    const status = page.getByRole('status').filter({ hasText: 'SNDS:' });
    await expect(status).toContainText('DuckDB-WASM');
    await expect(status).toContainText('no data');

    await page.keyboard.press('Control+Shift+c');
    await page
      .getByRole('textbox', { name: 'SEARCH' })
      .fill('Generate synthetic SNDS');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Patients').fill('1000');
    await dialog.getByLabel('Seed').fill('7');
    await dialog.getByRole('button', { name: 'Generate' }).click();
    await expect(page.getByText('Synthetic SNDS generated.')).toBeVisible({
      timeout: 180_000
    });
    await expect(status).toContainText(/1[,  ]?000 patients, seed 7/);

    // The data is there for the notebook's next cell.
    await page.locator('.jp-Notebook .jp-Cell').first().click();
    await runInNewCell(
      page,
      "import snds\nprint(snds.sql('select count(*) from IR_BEN_R').rows[0][0] > 900, snds.engine)"
    );
    const output = page.locator('.jp-OutputArea-output').last();
    await expect(output).toContainText('True DuckDB-WASM', {
      timeout: 120_000
    });
    await expect(output).toContainText('seed 7');

    // Data generated in a cell shows there too, once the cell is done.
    await runInNewCell(page, 'snds.generate(patients=300, seed=3, years=2019)');
    await expect(status).toContainText('300 patients, seed 3', {
      timeout: 180_000
    });
    await expect(errorOutputs(page)).toHaveCount(0);
  });

  test('should offer the SNDS commands in the launcher', async ({ page }) => {
    await page.goto('lab/index.html');
    await page
      .getByRole('button', { name: 'New Launcher' })
      .or(
        page.locator(
          '.jp-ToolbarButtonComponent[data-command="launcher:create"]'
        )
      )
      .first()
      .click();
    await expect(
      page.locator('.jp-Launcher-section', { hasText: 'SNDS' })
    ).toBeVisible();
    await page
      .locator('.jp-LauncherCard', { hasText: 'New SNDS notebook' })
      .click();
    // The new notebook, not the landing notebook the lite site opened on.
    await expect(
      page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell').first()
    ).toContainText('import snds');
  });
});
