// Time for each tutorial of the built lite site to run top to bottom, cold
// (empty browser profile) and warm (same profile, reload), from navigation to
// the last cell's result. Baseline from the same run and site: a notebook
// holding only print(1). Goal: each tutorial <= 30 s cold.
//
// Usage: node bench/notebooks.mjs [--runs N] [--only NAME]   (after scripts/build.sh)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  copySite,
  LITE_SITE as SITE,
  median,
  printTable,
  RUNS,
  saveResults,
  serveSite,
  withFreshProfile
} from './harness.mjs';
import {
  describeProgress,
  exposeLiteApp,
  notebookProgress,
  runFinished
} from '../tests/notebook_progress.mjs';
import { waitForKept } from '../tests/kept_datasets.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 8712);
const SHIPPED = 'extensions/@snds-lab/tutorials-extension/static/tutorials';
const BASELINE = 'bench-baseline-print.ipynb';
const GOAL_COLD_SECONDS = 30;
const ONLY = process.argv.includes('--only')
  ? process.argv[process.argv.indexOf('--only') + 1]
  : null;

/** A private copy of the site, with the baseline notebook added to its contents. */
function siteWithBaseline() {
  const dir = copySite();
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python', display_name: 'Python (Pyodide)' }
    },
    cells: [
      {
        cell_type: 'code',
        id: 'baseline',
        metadata: {},
        source: 'print(1)',
        outputs: [],
        execution_count: null
      }
    ]
  };
  const text = JSON.stringify(nb);
  writeFileSync(join(dir, 'files', BASELINE), text);
  const indexPath = join(dir, 'api', 'contents', 'all.json');
  const index = JSON.parse(readFileSync(indexPath, 'utf8'));
  const now = new Date().toISOString();
  index.content.push({
    name: BASELINE,
    path: BASELINE,
    type: 'notebook',
    format: null,
    mimetype: null,
    content: null,
    created: now,
    last_modified: now,
    size: text.length,
    writable: true,
    hash: null,
    hash_algorithm: null
  });
  writeFileSync(indexPath, JSON.stringify(index));
  return dir;
}

/** Navigates, runs all cells once the kernel is idle, and waits for the end. */
async function timeRun(page, navigate) {
  const t0 = performance.now();
  await navigate();
  await page.locator('.jp-NotebookPanel').waitFor({ timeout: 120_000 });
  await page.getByText(/\| Idle$/).waitFor({ timeout: 240_000 });
  const tIdle = performance.now();
  await page.getByRole('menuitem', { name: 'Run', exact: true }).click();
  await page
    .getByRole('menuitem', { name: 'Run All Cells', exact: true })
    .click();
  const deadline = performance.now() + 300_000;
  for (;;) {
    const progress = await notebookProgress(page);
    if (runFinished(progress)) {
      const end = performance.now();
      return {
        total: (end - t0) / 1000,
        open: (tIdle - t0) / 1000,
        run: (end - tIdle) / 1000,
        errors: progress.errors.length
      };
    }
    if (performance.now() > deadline) {
      throw new Error(
        `the notebook did not finish: ${describeProgress(progress)}`
      );
    }
    await page.waitForTimeout(100);
  }
}

/** Whether the notebook generates a dataset, which is then kept in the background. */
function generates(site, name) {
  return /snds\.generate\(/.test(
    readFileSync(join(site, 'files', name), 'utf8')
  );
}

function measure(site, name) {
  return withFreshProfile(async page => {
    await exposeLiteApp(page);
    const url = `http://127.0.0.1:${PORT}/lab/index.html?path=${encodeURIComponent(name)}`;
    const cold = await timeRun(page, () => page.goto(url));
    // The dataset is kept in the background once the kernel is idle: the
    // reload waits for it, as a learner reading the results would.
    const keptAfter = generates(site, name) ? await waitForKept(page) : 0;
    const warm = await timeRun(page, () => page.reload());
    return { cold, warm, keptAfter };
  });
}

const manifest = JSON.parse(
  readFileSync(join(SITE, SHIPPED, 'snds-tutorials.json'), 'utf8')
);
const notebooks = [
  { path: BASELINE },
  ...manifest.tutorials
    .filter(t => !ONLY || t.path === ONLY)
    .map(t => ({ path: t.path }))
];

const site = siteWithBaseline();
const samples = Object.fromEntries(notebooks.map(n => [n.path, []]));
let server = null;
try {
  server = await serveSite(site, PORT);
  for (let i = 0; i < RUNS; i++) {
    for (const { path } of notebooks) {
      samples[path].push(await measure(site, path));
    }
  }
} finally {
  server?.kill();
  rmSync(site, { recursive: true, force: true });
}

const med = (path, mode, key) => median(samples[path].map(s => s[mode][key]));
const base = {
  cold: med(BASELINE, 'cold', 'total'),
  warm: med(BASELINE, 'warm', 'total')
};
const figures = {
  runs: RUNS,
  goalColdSeconds: GOAL_COLD_SECONDS,
  notebooks: {}
};
const rows = [];
for (const { path } of notebooks) {
  const f = {
    coldSeconds: med(path, 'cold', 'total'),
    warmSeconds: med(path, 'warm', 'total'),
    coldOpenSeconds: med(path, 'cold', 'open'),
    coldRunSeconds: med(path, 'cold', 'run'),
    warmRunSeconds: med(path, 'warm', 'run'),
    keptAfterSeconds: median(samples[path].map(s => s.keptAfter)),
    errorOutputs: Math.max(
      ...samples[path].map(s => Math.max(s.cold.errors, s.warm.errors))
    ),
    samples: samples[path]
  };
  f.ratioCold = f.coldSeconds / base.cold;
  f.ratioWarm = f.warmSeconds / base.warm;
  figures.notebooks[path] = f;
  rows.push({
    notebook: path === BASELINE ? `${path} (baseline)` : path,
    cold_s: f.coldSeconds.toFixed(1),
    'open+run': `${f.coldOpenSeconds.toFixed(1)}+${f.coldRunSeconds.toFixed(1)}`,
    kept_after_s: f.keptAfterSeconds.toFixed(1),
    warm_s: f.warmSeconds.toFixed(1),
    ratio_cold: f.ratioCold.toFixed(2),
    ratio_warm: f.ratioWarm.toFixed(2),
    goal:
      path === BASELINE
        ? ''
        : f.coldSeconds <= GOAL_COLD_SECONDS
          ? 'ok'
          : 'OVER',
    errors: f.errorOutputs
  });
}
saveResults('notebooks', figures);
printTable(
  `Lite site: each notebook top to bottom, navigation to last result (median of ${RUNS}; goal <= ${GOAL_COLD_SECONDS} s cold)`,
  rows
);
