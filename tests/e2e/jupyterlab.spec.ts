import { expect, test } from '@playwright/test';
import {
  errorOutputs,
  outputs,
  runAllCells,
  waitForIdleKernel
} from './notebook';

/** A contents-API notebook of code cells, for the kernel `kernel`. */
function notebookWith(kernel: string, sources: string[]) {
  return {
    type: 'notebook',
    format: 'json',
    content: {
      cells: sources.map(source => ({
        cell_type: 'code',
        source,
        metadata: {},
        outputs: [],
        execution_count: null
      })),
      metadata: {
        kernelspec: { name: kernel, display_name: kernel, language: 'python' }
      },
      nbformat: 4,
      nbformat_minor: 5
    }
  };
}

test.describe('JupyterLab with the snds-lab wheel', () => {
  test('should show the SNDS panel in the left sidebar', async ({ page }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', e => pageErrors.push(e.message));
    // ?reset: the browse view, not the table an earlier test left open.
    await page.goto('lab?reset');
    const tab = page.getByRole('tab', { name: 'SNDS dictionary', exact: true });
    await expect(tab).toBeVisible();
    // The server's workspace may restore the panel open or collapsed: open it
    // by its tab only when it is not showing.
    const panel = page.getByRole('region', { name: 'SNDS dictionary' });
    for (
      let attempt = 0;
      attempt < 2 && !(await panel.isVisible());
      attempt++
    ) {
      await tab.click();
      await page.waitForTimeout(500);
    }
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('Health Data Hub / DREES lab santé');
    expect(pageErrors).toEqual([]);
  });

  test('should run snds.sql on a CPython kernel with native DuckDB', async ({
    page,
    request
  }) => {
    // Its own notebook: the tutorials' content is theirs to change.
    const put = await request.put('api/contents/moteur-natif.ipynb', {
      data: notebookWith('python3', [
        'import snds\nsnds.sql("select 42 as reponse, \'SNDS\' as systeme")',
        'snds.engine_info()'
      ])
    });
    expect(put.ok()).toBe(true);
    // ?reset: only this notebook, not the ones the workspace restores.
    await page.goto('lab/tree/moteur-natif.ipynb?reset');
    await waitForIdleKernel(page);
    await runAllCells(page);
    const [, engine] = await outputs(page, 2);
    const cells = page.locator('.jp-OutputArea-output table.snds-result td');
    await expect(cells).toHaveText(['42', 'SNDS']);
    expect(engine).toMatch(/native DuckDB \d+\.\d+/);
    await expect(errorOutputs(page)).toHaveCount(0);
  });

  test('should say in the notebook how to install snds when its kernel lacks it', async ({
    page,
    request
  }) => {
    // A kernel whose Python cannot import snds (tests/start_jupyterlab.sh).
    const put = await request.put('api/contents/sans-snds.ipynb', {
      data: notebookWith('python3-without-snds', ['print(6 * 7)'])
    });
    expect(put.ok()).toBe(true);
    await page.goto('lab/tree/sans-snds.ipynb?reset');
    await waitForIdleKernel(page);
    const banner = page.getByRole('alert').filter({ hasText: 'snds-lab' });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(
      'The snds helper is not installed in this kernel’s Python'
    );
    await expect(banner).toContainText('%pip install snds-lab');
    await expect(banner).toContainText('/bin/python');

    // The kernel still runs code.
    await runAllCells(page);
    const [printed] = await outputs(page, 1);
    expect(printed).toContain('42');
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await expect(banner).toHaveCount(0);
  });
});
