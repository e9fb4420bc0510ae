// Time from navigation to the first snds.sql result in the built lite site,
// cold (empty browser profile) and warm (same profile, reload), against the
// floor measured in the same run: the same site's Pyodide kernel running
// print(1) with the snds bootstrap turned off. Also the site's size.
//
// Usage: node bench/lite_start.mjs [--runs N]   (after scripts/build.sh)
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  copySite,
  LITE_SITE as SITE,
  median,
  printTable,
  ROOT,
  RUNS,
  saveResults,
  serveSite,
  withFreshProfile
} from './harness.mjs';

const PORT = 8711;
const NOTEBOOK = 'lab/index.html?path=00-bienvenue.ipynb';

function siteSize(dir) {
  let bytes = 0;
  let gzipped = 0;
  const walk = d => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) {
        walk(p);
      } else {
        bytes += statSync(p).size;
        gzipped += gzipSync(readFileSync(p), { level: 6 }).length;
      }
    }
  };
  walk(dir);
  return { bytes, gzipped };
}

/**
 * The floor: the same site and notebook, with the snds bootstrap turned off
 * through the site's own setting and the first cell replaced by print(1).
 */
async function routeFloor(context) {
  await context.route('**/00-bienvenue.ipynb*', async route => {
    const response = await route.fetch();
    const body = await response.json();
    const nb = body.content && body.content.cells ? body.content : body;
    nb.cells.find(c => c.cell_type === 'code').source = 'print(1)';
    await route.fulfill({ response, json: body });
  });
  await context.route('**/jupyter-lite.json', async route => {
    const response = await route.fetch();
    const config = await response.json();
    const data = config['jupyter-config-data'] ?? {};
    data.settingsOverrides = {
      ...(data.settingsOverrides ?? {}),
      '@snds-lab/kernel-extension:plugin': { bootstrap: false }
    };
    config['jupyter-config-data'] = data;
    await route.fulfill({ response, json: config });
  });
}

/** Navigates, runs the first code cell as soon as the notebook shows, and times its output. */
async function timeFirstResult(page, mode, navigate) {
  const t0 = performance.now();
  await navigate();
  const cell = page.locator('.jp-CodeCell').first();
  const editor = cell.locator('.cm-content');
  await editor.waitFor({ timeout: 120_000 });
  const tEditor = (performance.now() - t0) / 1000;
  // Run once the kernel exists: a run sent while the session is still being
  // created can be dropped by JupyterLab.
  await page.getByText(/\| Idle$/).waitFor({ timeout: 240_000 });
  await editor.click();
  await page.keyboard.press('Shift+Enter');
  const expected = mode === 'floor' ? '1' : '42';
  try {
    await cell
      .locator('.jp-OutputArea-output')
      .filter({ hasText: expected })
      .first()
      .waitFor({ timeout: 240_000 });
  } catch (error) {
    await page.screenshot({
      path: join(ROOT, 'build', `bench-failed-${mode}.png`)
    });
    throw error;
  }
  const total = (performance.now() - t0) / 1000;
  if (process.env.BENCH_DEBUG) {
    process.stderr.write(
      `${mode}: editor ${tEditor.toFixed(2)} s, result ${total.toFixed(2)} s\n`
    );
  }
  return total;
}

function measure(mode) {
  return withFreshProfile(async (page, context) => {
    if (mode === 'floor') {
      await routeFloor(context);
    }
    const url = `http://127.0.0.1:${PORT}/${NOTEBOOK}`;
    const cold = await timeFirstResult(page, mode, () => page.goto(url));
    const warm = await timeFirstResult(page, mode, () => page.reload());
    return { cold, warm };
  });
}

const siteCopy = copySite();
const server = await serveSite(siteCopy, PORT);
const samples = { floor: [], snds: [] };
try {
  for (let i = 0; i < RUNS; i++) {
    // Alternate so that machine noise hits both alike.
    for (const mode of ['floor', 'snds']) {
      samples[mode].push(await measure(mode));
    }
  }
} finally {
  server.kill();
  rmSync(siteCopy, { recursive: true, force: true });
}

const m = (mode, key) => median(samples[mode].map(s => s[key]));
const figures = {
  runs: RUNS,
  coldSeconds: m('snds', 'cold'),
  warmSeconds: m('snds', 'warm'),
  floorColdSeconds: m('floor', 'cold'),
  floorWarmSeconds: m('floor', 'warm'),
  samples,
  site: siteSize(SITE)
};
figures.overheadColdSeconds = figures.coldSeconds - figures.floorColdSeconds;
figures.overheadWarmSeconds = figures.warmSeconds - figures.floorWarmSeconds;
figures.ratioCold = figures.coldSeconds / figures.floorColdSeconds;
figures.ratioWarm = figures.warmSeconds / figures.floorWarmSeconds;
saveResults('lite_start', figures);

const f = x => x.toFixed(2);
printTable(`Lite site: navigation to first result (median of ${RUNS})`, [
  {
    measure: 'first snds.sql result',
    cold_s: f(figures.coldSeconds),
    warm_s: f(figures.warmSeconds)
  },
  {
    measure: 'floor: print(1), no snds',
    cold_s: f(figures.floorColdSeconds),
    warm_s: f(figures.floorWarmSeconds)
  },
  {
    measure: 'overhead (s)',
    cold_s: f(figures.overheadColdSeconds),
    warm_s: f(figures.overheadWarmSeconds)
  },
  {
    measure: 'ratio to floor',
    cold_s: f(figures.ratioCold),
    warm_s: f(figures.ratioWarm)
  }
]);
printTable('Lite site size', [
  {
    bytes: figures.site.bytes,
    MB: (figures.site.bytes / 1e6).toFixed(1),
    gzipped_MB: (figures.site.gzipped / 1e6).toFixed(1)
  }
]);
