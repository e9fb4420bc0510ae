// How far Run All has got in the open notebook, read from the notebook model
// rather than from the DOM: JupyterLab leaves the prompts of collapsed inputs
// and of off-screen cells out of the rendered text. Shared by the e2e tests
// and bench/notebooks.mjs.

/**
 * Makes the page expose `window.jupyterapp`, as JupyterLab's own
 * `exposeAppInBrowser` option does, by adding that option to the lite site's
 * `jupyter-lite.json` files as the page reads them. The page's fetch is
 * wrapped rather than the request routed: after a reload, JupyterLite's
 * service worker answers, and routes never see it. A JupyterLab server gets
 * the same through `--LabApp.expose_app_in_browser` (tests/start_jupyterlab.sh).
 */
export async function exposeLiteApp(page) {
  await page.addInitScript(() => {
    const fetchOriginal = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const response = await fetchOriginal(input, init);
      const url = new URL(
        String(input?.url ?? input),
        globalThis.location.href
      );
      if (!response.ok || !url.pathname.endsWith('/jupyter-lite.json')) {
        return response;
      }
      const config = await response.clone().json();
      config['jupyter-config-data'] = {
        ...(config['jupyter-config-data'] ?? {}),
        exposeAppInBrowser: true
      };
      return new globalThis.Response(JSON.stringify(config), {
        status: response.status,
        headers: response.headers
      });
    };
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
    if (!app) {
      return { ready: false, counts: [], kernel: 'no app', errors: [] };
    }
    // The current widget, or else the one notebook shown in the main area.
    const isNotebook = w => !!w?.content?.model && !!w.sessionContext;
    const panel = isNotebook(app.shell.currentWidget)
      ? app.shell.currentWidget
      : Array.from(app.shell.widgets('main')).find(
          w => isNotebook(w) && w.isVisible
        );
    const model = panel?.content.model;
    if (!model) {
      return { ready: false, counts: [], kernel: 'no notebook', errors: [] };
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
