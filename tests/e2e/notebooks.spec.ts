// Every notebook of notebooks/ runs top to bottom with no error output: in the
// lite site (Pyodide, DuckDB-WASM) and in a real JupyterLab (CPython, native DuckDB).
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { errorOutputs, runAllCells, waitForIdleKernel } from './notebook';
import { committedNotebooks, readNotebook, ROOT } from './tutorials';
import { describeProgress, exposeLiteApp, runToEnd } from './run_notebook';

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
    const lite = testInfo.project.name === 'lite';
    if (lite) {
      await exposeLiteApp(page);
    }
    await page.goto(
      lite
        ? `lab/index.html?path=${encodeURIComponent(name)}`
        : `lab/tree/${name}?reset`
    );
    await waitForIdleKernel(page);
    await runAllCells(page);
    const progress = await runToEnd(page);

    expect(progress.errors).toEqual([]);
    await expect(errorOutputs(page)).toHaveCount(0);
    expect(progress.counts).toHaveLength(code.length);
    expect(
      progress.counts.every(c => typeof c === 'number'),
      describeProgress(progress)
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
      expect(typeof progress.counts[check]).toBe('number');
    }
    expect(pageErrors).toEqual([]);
  });
}
