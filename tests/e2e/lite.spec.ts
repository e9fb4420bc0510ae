import { expect, test } from '@playwright/test';
import {
  errorOutputs,
  outputs,
  recordOffsiteRequests,
  runInNewCell,
  waitForIdleKernel
} from './notebook';

test.describe('lite site', () => {
  test('should run snds.sql on DuckDB-WASM with no request leaving the site', async ({
    page,
    context
  }) => {
    const offsite = recordOffsiteRequests(context);
    const pageErrors: string[] = [];
    page.on('pageerror', e => pageErrors.push(e.message));
    await page.goto('lab/index.html?path=00-bienvenue.ipynb');
    await expect(
      page.getByRole('tab', { name: 'SNDS dictionary', exact: true })
    ).toBeVisible();
    await waitForIdleKernel(page);
    await runInNewCell(
      page,
      'import snds\nsnds.sql("select 42 as reponse, \'SNDS\' as systeme")'
    );
    await runInNewCell(page, 'snds.engine_info()');

    const [table, engine] = await outputs(page, 2);
    const cells = page.locator('.jp-OutputArea-output table.snds-result td');
    await expect(cells).toHaveText(['42', 'SNDS']);
    expect(table).toContain('INTEGER');
    expect(engine).toMatch(/DuckDB-WASM v1\.\d+\.\d+ in the browser/);
    await expect(errorOutputs(page)).toHaveCount(0);
    expect(offsite).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  test('should carry every common type from DuckDB-WASM into Python', async ({
    page,
    context
  }) => {
    const offsite = recordOffsiteRequests(context);
    await page.goto('lab/index.html?path=00-bienvenue.ipynb');
    await waitForIdleKernel(page);
    await runInNewCell(
      page,
      [
        'import snds',
        "r = snds.sql(\"select 10000000000::BIGINT b, -0.05::DECIMAL(10,2) d, DATE '2019-03-01' dt, TIMESTAMP '2019-03-01 12:30:00' ts, NULL::INTEGER n, 'é<b>' s, true ok union all select -1, 1.5, NULL, NULL, 7, NULL, NULL\")",
        'print(r.rows)',
        "big = snds.sql('select i % 10 as k, count(*) as n from range(1000000) t(i) group by k order by k')",
        'print(len(big), big.rows[3])',
        'try:',
        '    snds.sql("select * from no_such_table")',
        'except snds.SQLError as e:',
        '    print("ERR", str(e).splitlines()[0])',
        ''
      ].join('\n')
    );
    const output = page.locator('.jp-OutputArea-output').last();
    await expect(output).toContainText('ERR ', { timeout: 120_000 });
    const printed = await output.innerText();
    expect(printed).toContain(
      "[(10000000000, Decimal('-0.05'), datetime.date(2019, 3, 1), datetime.datetime(2019, 3, 1, 12, 30), None, 'é<b>', True), " +
        "(-1, Decimal('1.50'), None, None, 7, None, None)]"
    );
    expect(printed).toContain('10 (3, 100000)');
    expect(printed).toMatch(
      /ERR Catalog Error: Table with name no_such_table does not exist/
    );
    expect(offsite).toEqual([]);
  });

  test('should offer the magics, charts, errors and dictionary of the helper', async ({
    page
  }) => {
    await page.goto('lab/index.html?path=00-bienvenue.ipynb');
    await waitForIdleKernel(page);
    await runInNewCell(page, 'import snds\nn = 4');
    await runInNewCell(
      page,
      "%%sql r <<\nselect 'F' as sexe, 10.5 as taux union all select 'H', 8.0 union all select 'X', {n}"
    );
    await runInNewCell(page, "r.chart('bar', x='sexe', y='taux')");
    await runInNewCell(page, "snds.sql('select * from ER_PRS_X')");
    // JupyterLab drops the cells queued behind an error: wait for it first.
    const error = errorOutputs(page).filter({ hasText: 'ER_PRS_X' });
    await expect(error).toBeVisible({ timeout: 180_000 });
    await runInNewCell(page, "snds.describe('ER_PRS_F')");
    await runInNewCell(page, '%sql select {n} * 10 as x');

    const outputs = page.locator('.jp-OutputArea-output');
    await expect(outputs.last()).toContainText('40', { timeout: 120_000 });
    // The chart is drawn by JupyterLab's Vega renderer, not only emitted.
    await expect(
      page
        .locator('.jp-RenderedVegaCommon5 svg, .jp-RenderedVegaCommon5 canvas')
        .first()
    ).toBeVisible();
    // A user's mistake shows one clear line, with SNDS suggestions, and no stack trace.
    await expect(error).toContainText('did you mean ER_PRS_F');
    await expect(error).not.toContainText('Traceback');
    await expect(
      page
        .getByText('ER_PRS_F (DCIR)')
        .or(page.locator('h4', { hasText: 'ER_PRS_F' }))
        .first()
    ).toBeVisible();
  });
});
