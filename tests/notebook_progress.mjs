// How far Run All has got in the open notebook, read from the notebook model
// rather than from the DOM: JupyterLab leaves the prompts of collapsed inputs
// and of off-screen cells out of the rendered text. Shared by the e2e tests
// and bench/notebooks.mjs.

/**
 * Makes the page expose `window.jupyterapp`, as JupyterLab's own
 * `exposeAppInBrowser` option does, by adding that option to the lite site's
 * `jupyter-lite.json` as it is served. A JupyterLab server gets the same
 * through `--LabApp.expose_app_in_browser` (tests/start_jupyterlab.sh).
 */
export async function exposeLiteApp(page) {
  await page.route('**/jupyter-lite.json', async route => {
    const response = await route.fetch();
    const config = await response.json();
    config['jupyter-config-data'] = {
      ...(config['jupyter-config-data'] ?? {}),
      exposeAppInBrowser: true
    };
    await route.fulfill({ response, json: config });
  });
}

/**
 * The state of the current notebook: each code cell's execution count
 * (null if it has not run), the kernel's status, and the text of every error
 * output (tracebacks and stderr).
 */
export async function notebookProgress(page) {
  return page.evaluate(() => {
    const app = globalThis.jupyterapp;
    const panel = app?.shell.currentWidget;
    const model = panel?.content?.model;
    if (!model) {
      return { ready: false, counts: [], kernel: 'unknown', errors: [] };
    }
    const counts = [];
    const errors = [];
    for (const cell of model.cells) {
      if (cell.type !== 'code') {
        continue;
      }
      counts.push(cell.executionCount ?? null);
      for (const out of cell.outputs.toJSON()) {
        if (out.output_type === 'error') {
          errors.push(`${out.ename}: ${out.evalue}`);
        } else if (out.output_type === 'stream' && out.name === 'stderr') {
          errors.push([out.text].flat().join(''));
        }
      }
    }
    const kernel = panel.sessionContext?.session?.kernel?.status ?? 'unknown';
    return { ready: true, counts, kernel, errors };
  });
}

/** Run All is over: the kernel is idle and every code cell ran, or an error stopped it. */
export function runFinished(progress) {
  return (
    progress.ready &&
    progress.kernel === 'idle' &&
    (progress.errors.length > 0 ||
      progress.counts.every(count => typeof count === 'number'))
  );
}

/** One line for a failure message: `[1] [2] [ ] … · kernel idle · 0 errors`. */
export function describeProgress(progress) {
  const prompts = progress.counts.map(c => (c === null ? '[ ]' : `[${c}]`));
  return `${prompts.join(' ')} · kernel ${progress.kernel} · ${progress.errors.length} errors ${progress.errors.join(' | ')}`;
}
