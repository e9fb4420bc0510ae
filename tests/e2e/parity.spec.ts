import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { runInNewCell, waitForIdleKernel } from './notebook';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = readFileSync(
  join(__dirname, '..', 'parity', 'script.py'),
  'utf8'
);

function parityLines(text: string): string[] {
  return text.split('\n').filter(line => line.startsWith('PARITY'));
}

test('should give the same values on DuckDB-WASM and native DuckDB', async ({
  page
}) => {
  // Native DuckDB, through the same helper, in CPython.
  const native = execFileSync(
    join(ROOT, '.venv', 'bin', 'python'),
    ['-c', SCRIPT],
    {
      cwd: join(ROOT, 'extensions', 'snds-lab'),
      encoding: 'utf8',
      timeout: 300_000
    }
  );

  await page.goto('lab/index.html?path=00-bienvenue.ipynb');
  await waitForIdleKernel(page);
  await runInNewCell(page, SCRIPT);
  const output = page.locator('.jp-OutputArea-output').last();
  await expect(output).toContainText('PARITY-END', { timeout: 240_000 });
  const wasm = await output.innerText();

  const expected = parityLines(native);
  expect(expected.length).toBeGreaterThan(9);
  expect(parityLines(wasm)).toEqual(expected);
});
