import { expect, type BrowserContext, type Page } from '@playwright/test';

/** Every request whose host is not this machine; the site must make none. */
export function recordOffsiteRequests(context: BrowserContext): string[] {
  const offsite: string[] = [];
  context.on('request', request => {
    const url = new URL(request.url());
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (!local && !['data:', 'blob:'].includes(url.protocol)) {
      offsite.push(request.url());
    }
  });
  return offsite;
}

/** Waits until the notebook's kernel reports Idle in the status bar. */
export async function waitForIdleKernel(page: Page): Promise<void> {
  await expect(page.locator('.jp-Notebook')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText(/\| Idle$/)).toBeVisible({ timeout: 180_000 });
}

export async function runAllCells(page: Page): Promise<void> {
  await page.getByRole('menuitem', { name: 'Run', exact: true }).click();
  await page
    .getByRole('menuitem', { name: 'Run All Cells', exact: true })
    .click();
}

/** The rendered outputs of every code cell, waiting until `count` exist. */
export async function outputs(page: Page, count: number): Promise<string[]> {
  const locator = page.locator('.jp-OutputArea-output');
  await expect(locator).toHaveCount(count, { timeout: 180_000 });
  return locator.allInnerTexts();
}

/** Error outputs (tracebacks, stderr) shown anywhere in the notebook. */
export function errorOutputs(page: Page) {
  return page.locator(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
  );
}

/** Replaces the active cell's source by typing, then runs it. */
export async function runInNewCell(page: Page, code: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('b');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText(code);
  await page.keyboard.press('Shift+Enter');
}
