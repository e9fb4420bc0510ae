// The snds helper's costs, each against a baseline measured in the same run:
// (a) overhead per query of snds.sql() over a direct DuckDB call on the same
//     connection: native DuckDB in CPython (bench/helper_native.py) and
//     DuckDB-WASM in the lite site's Pyodide kernel (the bridge's own query);
// (b) time from execute to the visible HTML table for 1,000 and 100,000 rows,
//     against a cell that prints one value;
// (c) lite warm start: snds.generate() of the tutorials' dataset after a
//     reload (restored from the browser's cache) against its first run.
//
// Usage: node bench/helper.mjs [--runs N]   (after scripts/build.sh)
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  copySite,
  median,
  printTable,
  ROOT,
  RUNS,
  saveResults,
  serveSite,
  withFreshProfile
} from './harness.mjs';
import { waitForKept } from '../tests/kept_datasets.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 8713);
const NOTEBOOK = 'lab/index.html?path=00-bienvenue.ipynb';
const REPEATS = 300;
const TUTORIAL = 'snds.generate(patients=5_000, seed=0, years=2019)';

// The same queries as bench/helper_native.py, without SNDS data.
const WASM_QUERIES = {
  constant: 'SELECT 42 AS x',
  '100 rows': "SELECT i, i * 2 AS d, 'x' || i AS s FROM range(100) t(i)"
};

function nativeOverhead() {
  const out = execFileSync(
    join(ROOT, '.venv', 'bin', 'python'),
    [join(ROOT, 'bench', 'helper_native.py'), String(REPEATS)],
    {
      env: { ...process.env, PYTHONPATH: join(ROOT, 'extensions', 'snds-lab') },
      encoding: 'utf8'
    }
  );
  return JSON.parse(out.trim().split('\n').pop());
}

async function openNotebook(page, reload) {
  if (reload) {
    await page.reload();
  } else {
    await page.goto(`http://127.0.0.1:${PORT}/${NOTEBOOK}`);
  }
  await page.getByText(/\| Idle$/).waitFor({ timeout: 300_000 });
  await page.locator('.jp-Notebook .jp-Cell').first().click();
}

let cellCount = 0;

/**
 * Runs `code` in a new cell; resolves to seconds from Shift+Enter until
 * `visible` (a locator inside the new cell's output) shows, and the cell.
 */
async function runCell(page, code, visible) {
  const tag = `BENCH${++cellCount}`;
  await page.keyboard.press('Escape');
  await page.keyboard.press('b');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText(`# ${tag}\n${code}`);
  const cell = page.locator('.jp-CodeCell').filter({ hasText: tag });
  const t0 = performance.now();
  await page.keyboard.press('Shift+Enter');
  await visible(cell.locator('.jp-OutputArea')).waitFor({ timeout: 600_000 });
  return {
    seconds: (performance.now() - t0) / 1000,
    text: await cell.locator('.jp-OutputArea').innerText()
  };
}

const printed = marker => area =>
  area.filter({ hasText: new RegExp(`\\b${marker}\\b`) });

function wasmOverheadCode() {
  const queries = JSON.stringify(WASM_QUERIES);
  return `import json, statistics, time, snds
from snds import kernel_engine
_raw = kernel_engine.current()._session
def _t(fn):
    s = time.perf_counter(); fn(); return time.perf_counter() - s
_out = {}
for _name, _q in json.loads(${JSON.stringify(queries)}).items():
    for _ in range(20):
        snds.sql(_q); _raw.query(_q)
    _h, _d = [], []
    for _i in range(${REPEATS}):
        if _i % 2:
            _d.append(_t(lambda: _raw.query(_q))); _h.append(_t(lambda: snds.sql(_q)))
        else:
            _h.append(_t(lambda: snds.sql(_q))); _d.append(_t(lambda: _raw.query(_q)))
    _out[_name] = {"helper_ms": statistics.median(_h) * 1e3, "direct_ms": statistics.median(_d) * 1e3}
    _out[_name]["overhead_ms"] = _out[_name]["helper_ms"] - _out[_name]["direct_ms"]
print("WASM", json.dumps(_out))`;
}

function measureLite() {
  return withFreshProfile(async page => {
    // (c) cold: the tutorials' first cell on an empty browser profile.
    const tNav = performance.now();
    await openNotebook(page, false);
    const coldKernel = (performance.now() - tNav) / 1000;
    const cold = await runCell(
      page,
      `import snds\n${TUTORIAL}\nprint("DONE")`,
      printed('DONE')
    );
    if (/restored/.test(cold.text)) {
      throw new Error(
        'The cold run restored from a cache: the profile is not empty.'
      );
    }

    // (a) helper overhead on DuckDB-WASM, in the same kernel.
    const wasm = await runCell(page, wasmOverheadCode(), printed('WASM'));
    const wasmOverhead = JSON.parse(
      /WASM (\{.*\})/.exec(wasm.text.replace(/\n/g, ''))[1]
    );

    // (b) rendering: a one-value cell, then 1,000 and 100,000 rows.
    const render = { floor: [], 1000: [], 100000: [] };
    for (let i = 0; i < RUNS; i++) {
      render.floor.push(
        (await runCell(page, 'print("ONE")', printed('ONE'))).seconds
      );
      for (const n of [1000, 100000]) {
        const { seconds } = await runCell(
          page,
          `snds.sql("SELECT i, i * 2 AS d, 'x' || i AS s, DATE '2019-01-01' + (i % 365)::INTEGER AS day FROM range(${n}) t(i)")`,
          area => area.locator('table.snds-result td').first()
        );
        render[n].push(seconds);
      }
    }

    // (c) warm: once the dataset is kept (in the background, when the kernel
    // is idle), reload (a new kernel) and the same first cell.
    await waitForKept(page);
    const tReload = performance.now();
    await openNotebook(page, true);
    const warmKernel = (performance.now() - tReload) / 1000;
    const warm = await runCell(
      page,
      `import snds\n${TUTORIAL}\nprint("DONE")`,
      printed('DONE')
    );
    if (!/restored from this browser's cache/.test(warm.text)) {
      throw new Error(
        `The reload did not restore from the cache:\n${warm.text}`
      );
    }
    return {
      wasmOverhead,
      render: {
        floor: median(render.floor),
        1000: median(render[1000]),
        100000: median(render[100000])
      },
      start: {
        coldGenerate: cold.seconds,
        warmGenerate: warm.seconds,
        coldTotal: coldKernel + cold.seconds,
        warmTotal: warmKernel + warm.seconds
      }
    };
  });
}

const native = nativeOverhead();
const siteCopy = copySite();
const server = await serveSite(siteCopy, PORT);
let lite;
try {
  lite = await measureLite();
} finally {
  server.kill();
  rmSync(siteCopy, { recursive: true, force: true });
}

const s = lite.start;
const figures = {
  runs: RUNS,
  repeats: REPEATS,
  native,
  wasm: lite.wasmOverhead,
  render: lite.render,
  renderRatio1000: lite.render[1000] / lite.render.floor,
  renderRatio100000: lite.render[100000] / lite.render.floor,
  start: s,
  warmSpeedupGenerate: s.coldGenerate / s.warmGenerate,
  warmSpeedupTotal: s.coldTotal / s.warmTotal,
  goals: {
    nativeOverheadMs: 5,
    nativeOverheadMet: Object.values(native).every(q => q.overhead_ms <= 5),
    warmSpeedup: 3,
    warmSpeedupMet: s.coldGenerate / s.warmGenerate >= 3
  }
};
saveResults('helper', figures);

const ms = x => x.toFixed(3);
const overheadRows = (engine, table) =>
  Object.entries(table).map(([query, q]) => ({
    engine,
    query,
    direct_ms: ms(q.direct_ms),
    snds_sql_ms: ms(q.helper_ms),
    overhead_ms: ms(q.overhead_ms),
    ratio: (q.helper_ms / q.direct_ms).toFixed(2)
  }));
printTable(
  `snds.sql() against a direct DuckDB call (median of ${REPEATS}; goal: overhead <= 5 ms on native DuckDB)`,
  [
    ...overheadRows('native DuckDB', native),
    ...overheadRows('DuckDB-WASM', lite.wasmOverhead)
  ]
);
const sec = x => x.toFixed(2);
printTable(`Execute to visible result in the lite site (median of ${RUNS})`, [
  {
    cell: 'print("ONE") (baseline)',
    seconds: sec(lite.render.floor),
    ratio: '1.00'
  },
  {
    cell: 'snds.sql, 1,000 rows',
    seconds: sec(lite.render[1000]),
    ratio: sec(figures.renderRatio1000)
  },
  {
    cell: 'snds.sql, 100,000 rows',
    seconds: sec(lite.render[100000]),
    ratio: sec(figures.renderRatio100000)
  }
]);
printTable(`Lite warm start: ${TUTORIAL} (goal: warm >= 3x faster)`, [
  {
    measure: 'generate cell',
    cold_s: sec(s.coldGenerate),
    warm_s: sec(s.warmGenerate),
    speedup: sec(figures.warmSpeedupGenerate)
  },
  {
    measure: 'page load + generate cell',
    cold_s: sec(s.coldTotal),
    warm_s: sec(s.warmTotal),
    speedup: sec(figures.warmSpeedupTotal)
  }
]);
