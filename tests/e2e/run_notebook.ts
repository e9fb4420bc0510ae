import { expect, type Page } from '@playwright/test';

/** The input prompts (`[3]:`, `[*]:`, `[ ]:`) of the active notebook's code cells. */
export async function codePrompts(page: Page): Promise<string[]> {
  const texts = await page
    .locator(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt'
    )
    .allInnerTexts();
  return texts.map(t => t.replace(/\s/g, ''));
}

/**
 * Waits until Run All has finished: no `[*]` is left, the kernel is idle,
 * and either the last of the `count` code cells has run or an error stopped
 * the run.
 */
export async function runToEnd(
  page: Page,
  count: number,
  timeout = 540_000
): Promise<string[]> {
  let prompts: string[] = [];
  await expect
    .poll(
      async () => {
        prompts = await codePrompts(page);
        const pending = prompts.some(p => p === '[*]:');
        const idle = await page.getByText(/\| Idle$/).isVisible();
        const lastRan =
          count === 0 ||
          (prompts.length === count && /^\[\d+\]:$/.test(prompts[count - 1]));
        const failed =
          (await page
            .locator(
              '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
            )
            .count()) > 0;
        return !pending && idle && (lastRan || failed);
      },
      { timeout, intervals: [250] }
    )
    .toBe(true);
  return prompts;
}
