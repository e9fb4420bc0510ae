// Every notebook of notebooks/ runs top to bottom with no error output: in the
// lite site (Pyodide, DuckDB-WASM) and in a real JupyterLab (CPython, native DuckDB).
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { errorOutputs, runAllCells, waitForIdleKernel } from './notebook';
import { committedNotebooks, readNotebook, ROOT } from './tutorials';
import { runToEnd } from './run_notebook';

for (const name of committedNotebooks()) {
  test(`${name} should run top to bottom without an error`, async ({
    page
  }, testInfo) => {
    test.setTimeout(600_000);
    const nb = readNotebook(join(ROOT, 'notebooks', name));
    const code = nb.cells.filter((c: any) => c.cell_type === 'code');
    const check = code.findIndex((c: any) =>
      (c.metadata?.tags ?? []).includes('check')
    );
    const pageErrors: string[] = [];
    page.on('pageerror', e => pageErrors.push(e.message));
    await page.goto(
      testInfo.project.name === 'lite'
        ? `lab/index.html?path=${encodeURIComponent(name)}`
        : `lab/tree/${name}?reset`
    );
    await waitForIdleKernel(page);
    await runAllCells(page);
    const prompts = await runToEnd(page, code.length);

    await expect(errorOutputs(page)).toHaveCount(0);
    expect(
      prompts.every(p => /^\[\d+\]:$/.test(p)),
      prompts.join(' ')
    ).toBe(true);
    // A notebook that generates data checks its key results in a cell tagged
    // "check", so that a silent change in the generator fails here.
    const generates = code.some((c: any) =>
      [c.source].flat().join('').includes('snds.generate(')
    );
    if (generates) {
      expect(
        check,
        `${name} has no cell tagged "check"`
      ).toBeGreaterThanOrEqual(0);
    }
    if (check >= 0) {
      expect(prompts[check]).toMatch(/^\[\d+\]:$/);
    }
    expect(pageErrors).toEqual([]);
  });
}
