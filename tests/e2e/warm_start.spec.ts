import { expect, test, type Page } from '@playwright/test';
import { waitForKept } from '../kept_datasets.mjs';
import { errorOutputs, runInNewCell } from './notebook';

// Warm start in the lite site: a generated dataset is kept in the browser's
// IndexedDB, in the background once the kernel is idle, and loaded back by the
// next kernel, until the cache is cleared.
const NOTEBOOK = 'lab/index.html?path=00-bienvenue.ipynb';

// Times the call and prints a fingerprint of every generated table (values
// and column types), so that a restored dataset can be compared with the
// generated one.
const GENERATE = `import hashlib, time, snds
from snds import kernel_engine
from snds.synth import checksum_sql
_t = time.perf_counter()
snds.generate(patients=200, seed=11, years=2019)
_seconds = time.perf_counter() - _t
_h = hashlib.md5()
for _name in sorted(kernel_engine.dataset["tables"]):
    _cols = snds.sql("select column_name, data_type from information_schema.columns where table_name = ? order by ordinal_position", [_name]).rows
    _h.update(repr((_name, _cols, snds.sql(checksum_sql(_name, _cols)).rows)).encode())
print(f"RUN {TAG} SECONDS {_seconds:.3f} TABLES {len(kernel_engine.dataset['tables'])} SUM {_h.hexdigest()}")`;

interface IRun {
  text: string;
  seconds: number;
  sum: string;
}

async function openNotebook(page: Page, reload: boolean): Promise<void> {
  if (reload) {
    await page.reload();
  } else {
    await page.goto(NOTEBOOK);
  }
  // As waitForIdleKernel, with room for a loaded machine (three starts here).
  await expect(page.locator('.jp-Notebook')).toBeVisible({ timeout: 300_000 });
  await expect(page.getByText(/\| Idle$/)).toBeVisible({ timeout: 600_000 });
  await page.locator('.jp-Notebook .jp-Cell').first().click();
}

/** The text of the one output area that shows `pattern` (runs print unique tags). */
async function outputWith(page: Page, pattern: RegExp): Promise<string> {
  const output = page.locator('.jp-OutputArea').filter({ hasText: pattern });
  await expect(output).toHaveCount(1, { timeout: 600_000 });
  return output.innerText();
}

async function generate(page: Page, tag: string): Promise<IRun> {
  await runInNewCell(page, GENERATE.replace('{TAG}', tag));
  const text = await outputWith(page, new RegExp(`RUN ${tag} SECONDS`));
  const match = /SECONDS ([\d.]+) TABLES (\d+) SUM ([0-9a-f]{32})/.exec(text)!;
  expect(Number(match[2])).toBeGreaterThan(100);
  return { text, seconds: Number(match[1]), sum: match[3] };
}

test.describe('warm start (lite site)', () => {
  test('should restore a generated dataset after a reload, until the cache is cleared', async ({
    page
  }) => {
    // Three kernel starts and two generations: minutes on a loaded machine.
    test.setTimeout(2_400_000);
    await openNotebook(page, false);
    const cold = await generate(page, 'cold');
    expect(cold.text).not.toContain('restored');
    expect(cold.text).toContain(
      "It will be kept in this browser's cache as soon as the kernel is idle"
    );

    // The same call again in the same kernel does nothing, and says so.
    await runInNewCell(
      page,
      'snds.generate(patients=200, seed=11, years=[2019])'
    );
    const again = await outputWith(page, /nothing to do/);
    expect(again).toContain(
      'Synthetic SNDS already loaded in this kernel (200 patients, seed 11, years 2019, all products)'
    );
    expect(again).toContain('<synthetic SNDS: ');
    expect(again).not.toContain('ER_PRS_F');

    // Once the kernel is idle the dataset is kept, and the engine says so.
    await waitForKept(page);
    await runInNewCell(page, 'print("KEPT", snds.engine)');
    await outputWith(page, /KEPT .*kept in this browser's cache \(\d+ MB\)/);

    // A reload starts a new kernel: the dataset comes back from the cache,
    // value for value, faster than generating it.
    await openNotebook(page, true);
    const warm = await generate(page, 'warm');
    expect(warm.text).toMatch(
      /Synthetic SNDS restored from this browser's cache in [\d.]+ s \(200 patients, seed 11, years 2019, all products\)\./
    );
    expect(warm.sum).toBe(cold.sum);
    expect(warm.seconds).toBeLessThan(cold.seconds);
    await runInNewCell(page, 'print("ENGINE", snds.engine)');
    await outputWith(page, /ENGINE DuckDB-WASM.*200 patients, seed 11/);

    // The palette command forgets it: the next kernel generates again.
    await page.keyboard.press('Control+Shift+c');
    await page
      .getByRole('textbox', { name: 'SEARCH' })
      .fill('Clear the synthetic SNDS kept');
    await page.keyboard.press('Enter');
    await expect(page.getByText('Synthetic SNDS cache cleared')).toBeVisible();
    await openNotebook(page, true);
    const after = await generate(page, 'cleared');
    expect(after.text).not.toContain('restored');
    expect(after.text).toContain("It will be kept in this browser's cache");
    expect(after.sum).toBe(cold.sum);
    await expect(errorOutputs(page)).toHaveCount(0);
  });
});
