import { expect, type Page } from '@playwright/test';
import {
  describeProgress,
  exposeLiteApp,
  notebookProgress,
  runFinished
} from '../notebook_progress.mjs';

export { describeProgress, exposeLiteApp };

export type Progress = {
  ready: boolean;
  counts: (number | null)[];
  kernel: string;
  errors: string[];
};

/**
 * Waits until Run All has finished: the kernel is idle and either every code
 * cell has an execution count or an error stopped the run. Needs
 * `window.jupyterapp` (see `exposeLiteApp`).
 */
export async function runToEnd(
  page: Page,
  timeout = 540_000
): Promise<Progress> {
  let progress: Progress = { ready: false, counts: [], kernel: '', errors: [] };
  await expect
    .poll(
      async () => {
        progress = await notebookProgress(page);
        return runFinished(progress);
      },
      { timeout, intervals: [250], message: 'Run All did not finish' }
    )
    .toBe(true)
    .catch((e: Error) => {
      throw new Error(
        `${e.message}\nlast state: ${describeProgress(progress)}`
      );
    });
  return progress;
}
