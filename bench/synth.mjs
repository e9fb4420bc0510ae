// Benchmark of the synthetic SNDS generator (packages/synth): seconds and rows per second for
// 10,000 and 100,000 patients over one year, on DuckDB-WASM in Node and on native DuckDB (the
// Python runner, as a subprocess), each against two baselines measured in the same run:
//   - the floor: the same tables, row counts and column types materialised from range() with
//     constants, on the same engine;
//   - tsfaker (the engine of the Health Data Hub's synthetic SNDS), on the same tables' Table
//     Schema files from $SNDS_SCHEMA_DIR with the row counts our generator produced.
//
//   npm run build -w @snds-lab/synth && node bench/synth.mjs [--sizes 10000,100000] [--runs 3]
//     [--tsfaker-rows N]
//
// Each size runs --runs times (3 by default), every DuckDB-WASM and native run in a fresh
// process, so each pays the engine's cold start as a user's first generation does, and so does
// each DuckDB-WASM floor (a fresh process after its run's generation). The table
// gives medians, the range of the generation seconds, and the median of the per-run ratios
// to the floor (a run and its floor share the machine's state of that moment).
//
// DuckDB-WASM sessions keep their tables compressed (the engine's `snds_lab` database, with
// ER_PRS_F made 20,000 persons at a time), so 100,000 patients fit its 4 GB memory; its
// floor runs in such a session too. Native DuckDB uses its default, uncompressed database
// while the request fits, as the Python runner does, and runs independent steps at once on
// cursors of its connection, one per DuckDB thread; its floor runs its tables through the same
// scheduler with as many cursors (bench/synth_native.py). The memory limit is the session's
// own (3.1 GiB on DuckDB-WASM in Node). A size that does not fit is refused: the bench
// records the refusal and times the largest size the refusal names instead.
//
// tsfaker runs once, in one process (bench/tsfaker_run.py, as its CLI but with a row count per
// table, which the CLI cannot take), on the tables and row counts of the FIRST size's
// DuckDB-WASM run. Its rows per second are the baseline for every size: at 100,000 patients
// tsfaker would take tens of minutes. --tsfaker-rows N gives every table N rows instead, as the
// CLI's -n N does. It is installed into build/bench-venv (pip) when missing.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, printTable, RUNS, saveResults } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const argv = process.argv.slice(2);
const arg = (name, fallback) =>
  argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback;
const sizes = arg('sizes', '10000,100000').split(',').map(Number);
const wasmChild = arg('wasm-child') && Number(arg('wasm-child'));
const wasmFloorChild = arg('wasm-floor');
const tsfakerRows = arg('tsfaker-rows') && Number(arg('tsfaker-rows'));
const YEAR = 2019;
const schemaDir = resolve(
  process.env.SNDS_SCHEMA_DIR ?? join(root, '..', 'shared', 'snds-schema')
);
const synthLib = join(root, 'packages', 'synth', 'lib');
if (!existsSync(join(synthLib, 'cli.js'))) {
  console.error(
    'bench/synth.mjs: packages/synth/lib is missing; run `npm run build -w @snds-lab/synth` first.'
  );
  process.exit(1);
}
const lib = p => pathToFileURL(join(synthLib, p)).href;
const { buildProgram } = await import(lib('build_program.js'));
const { runProgram, SynthRequestError } = await import(lib('runner.js'));
const { PRODUCT_ALIASES } = await import(lib('compile.js'));
const { sessionMemory } = await import(lib('cli_lib.js'));
const { columnsOf } = await import(lib('table_columns.js'));
const { openNodeSession } = await import(
  pathToFileURL(join(root, 'packages', 'engine', 'lib', 'node.js')).href
);

const work = join(root, 'build', 'bench-synth');
mkdirSync(work, { recursive: true });
const programFile = join(work, 'synth_program.json');
// A --wasm-child run reads the program its parent compiled, so every run times the same one;
// a --wasm-floor run needs none.
let program;
if (wasmChild) {
  program = JSON.parse(readFileSync(programFile, 'utf8'));
} else if (!wasmFloorChild) {
  program = await buildProgram();
  writeFileSync(programFile, JSON.stringify(program));
}

const CONSTANTS = {
  VARCHAR: "'0'",
  DATE: "DATE '2019-01-01'",
  TIMESTAMP: "TIMESTAMP '2019-01-01 00:00:00'",
  BOOLEAN: 'false'
};
const floorSql = (table, rows, columns) =>
  `CREATE OR REPLACE TABLE ${table} AS SELECT ${columns
    .map(([c, t]) => `CAST(${CONSTANTS[t] ?? '0'} AS ${t}) AS "${c}"`)
    .join(', ')} FROM range(${rows})`;

/** Generates on DuckDB-WASM, then times the floor on a fresh DuckDB-WASM. */
async function wasmRun(patients) {
  const session = await openNodeSession();
  const report = runProgram(
    program,
    sql => session.query(sql),
    { patients, seed: 0, years: [YEAR] },
    PRODUCT_ALIASES,
    sessionMemory(session)
  );
  const shapes = report.tables.map(t => {
    const rows = Number(
      session.query(`SELECT count(*) AS n FROM ${t.sqlName}`).toArray()[0].n
    );
    const columns = columnsOf(session, t.sqlName);
    return { table: t.sqlName, name: t.name, rows, columns };
  });
  session.close?.();
  // The floor in a fresh process too: one sharing this process would find the engine's
  // WebAssembly already compiled by the generation (0.2 to 0.4 s of its 3 s at 10,000).
  const shapesFile = join(work, `floor_shapes_${process.pid}.json`);
  writeFileSync(shapesFile, JSON.stringify(shapes));
  const { floorSeconds } = lastJsonLine(
    execFileSync(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        '--wasm-floor',
        shapesFile
      ],
      { encoding: 'utf8', maxBuffer: 1 << 26 }
    )
  );
  rmSync(shapesFile, { force: true });
  return {
    seconds: report.seconds,
    rows: shapes.reduce((a, s) => a + s.rows, 0),
    cells: shapes.reduce((a, s) => a + s.rows * s.columns.length, 0),
    floorSeconds,
    shapes
  };
}

/** The JSON report a child process prints last. */
const lastJsonLine = out => JSON.parse(out.trim().split('\n').pop());

/** One DuckDB-WASM run in a fresh Node process: its report, or the generator's refusal. */
function wasmRunFresh(patients) {
  const out = execFileSync(
    process.execPath,
    [
      ...process.execArgv,
      fileURLToPath(import.meta.url),
      '--wasm-child',
      String(patients)
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 }
  );
  return lastJsonLine(out);
}

/** The floor of a run's tables on a fresh DuckDB-WASM, in seconds. */
async function wasmFloor(shapesFile) {
  const shapes = JSON.parse(readFileSync(shapesFile, 'utf8'));
  const floor = await openNodeSession();
  const start = performance.now();
  for (const s of shapes) {
    floor.query(floorSql(s.table, s.rows, s.columns));
  }
  const floorSeconds = (performance.now() - start) / 1000;
  floor.close?.();
  return floorSeconds;
}

if (wasmFloorChild) {
  const floorSeconds = await wasmFloor(wasmFloorChild);
  process.stdout.write(`${JSON.stringify({ floorSeconds })}\n`, () =>
    process.exit(0)
  );
  await new Promise(() => undefined);
}

if (wasmChild) {
  let result;
  try {
    result = await wasmRun(wasmChild);
  } catch (error) {
    if (!(error instanceof SynthRequestError)) {
      throw error;
    }
    result = { refused: error.message };
  }
  // Exit once the report (over 100 KB) is flushed: pipes may be asynchronous.
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
  await new Promise(() => undefined);
}

function nativeRun(patients) {
  const python = join(root, '.venv', 'bin', 'python');
  const out = execFileSync(
    python,
    [
      join(here, 'synth_native.py'),
      programFile,
      String(patients),
      String(YEAR)
    ],
    {
      env: {
        ...process.env,
        PYTHONPATH: join(root, 'extensions', 'snds-lab')
      },
      encoding: 'utf8',
      maxBuffer: 1 << 26
    }
  );
  return lastJsonLine(out);
}

/** build/bench-venv with tsfaker and the library versions it was written against. */
function tsfaker() {
  const venv = join(root, 'build', 'bench-venv');
  if (!existsSync(join(venv, 'bin', 'python'))) {
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  }
  // tsfaker 0.14 (2022) breaks on numpy 2, pandas 2.1+ and tableschema 1.21.
  execFileSync(
    join(venv, 'bin', 'pip'),
    [
      'install',
      '-q',
      'tsfaker==0.14',
      'numpy<1.25',
      'pandas<2.1',
      'tableschema==1.20.2'
    ],
    { stdio: 'inherit' }
  );
  return join(venv, 'bin', 'python');
}

/**
 * tsfaker the way the Health Data Hub ran it: on the Table Schemas, foreign keys resolved
 * against the nomenclatures (converted to comma-separated CSV under build/, as tsfaker reads
 * them) and the tables generated before; `rows` maps each table's dictionary name to its rows.
 */
function tsfakerRun(rows) {
  const python = tsfaker();
  const noms = join(work, 'nomenclatures');
  const out = join(work, 'tsfaker');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  mkdirSync(noms, { recursive: true });
  execFileSync(
    join(root, '.venv', 'bin', 'python'),
    [
      '-c',
      `import duckdb, pathlib, sys
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
con = duckdb.connect()
for f in src.rglob('*.csv'):
    q = str(f).replace("'", "''"); o = str(dst / f.name).replace("'", "''")
    con.execute(f"COPY (SELECT * FROM read_csv('{q}', sep=';', header=true, all_varchar=true)) TO '{o}' (FORMAT csv, HEADER)")
# The drug referential is not among the nomenclatures: give tsfaker ours.
from snds import synth
synth.generate(con, patients=100, seed=0, years=2019, products="DCIR", program_path=sys.argv[3])
con.execute(f"COPY IR_PHA_R TO '{dst / 'IR_PHA_R.csv'}' (FORMAT csv, HEADER)")`,
      join(schemaDir, 'nomenclatures'),
      noms,
      programFile
    ],
    {
      stdio: 'inherit',
      env: { ...process.env, PYTHONPATH: join(root, 'extensions', 'snds-lab') }
    }
  );
  const rowsFile = join(work, 'tsfaker_rows.json');
  writeFileSync(rowsFile, JSON.stringify(rows));
  const r = spawnSync(
    python,
    [
      join(here, 'tsfaker_run.py'),
      join(schemaDir, 'schemas'),
      noms,
      out,
      rowsFile
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 }
  );
  if (r.status !== 0 || !r.stdout.trim()) {
    throw new Error(
      `tsfaker failed: ${(r.stderr || '').trim().split('\n').slice(-3).join(' ')}`
    );
  }
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const fmt = (x, d = 2) => Number(x.toFixed(d));
const results = {
  machine: { cpus: cpus().length, loadavg: loadavg().map(x => fmt(x)) },
  runs: []
};
const table = [];
let tsf;
let tsfPatients;
/** Median, range and median floor ratio of an engine's runs at one size. */
function summary(engine, patients, runs) {
  const seconds = runs.map(r => r.seconds);
  const tsfRate = tsf.rows / tsf.seconds;
  const mid = median(seconds);
  const floor = median(runs.map(r => r.floorSeconds));
  return {
    engine,
    patients,
    rows: runs[0].rows,
    seconds: fmt(mid),
    'range s': `${fmt(Math.min(...seconds))}-${fmt(Math.max(...seconds))}`,
    'rows/s': fmt(runs[0].rows / mid, 0),
    'floor s': fmt(floor),
    'x floor': fmt(median(runs.map(r => r.seconds / r.floorSeconds))),
    'x tsfaker rows/s': fmt(runs[0].rows / mid / tsfRate, 0),
    // The most any generator on this engine could reach: the floor's own rows per second.
    'floor x tsfaker': fmt(runs[0].rows / floor / tsfRate, 0)
  };
}
for (const patients of sizes) {
  let wasmPatients = patients;
  const wasmRuns = [];
  const nativeRuns = [];
  for (let run = 1; run <= RUNS; run++) {
    process.stdout.write(
      `run ${run}/${RUNS}: DuckDB-WASM, ${wasmPatients} patients…\n`
    );
    let wasm = wasmRunFresh(wasmPatients);
    if (wasm.refused) {
      // The generator refuses a size that would not fit the 4 GB WebAssembly memory: record
      // the refusal, then time the largest size it names instead.
      process.stdout.write(`DuckDB-WASM refused: ${wasm.refused}\n`);
      results.runs.push({
        engine: 'DuckDB-WASM',
        patients,
        refused: wasm.refused
      });
      const fits = /at most (\d+) patients/.exec(wasm.refused);
      wasm = undefined;
      if (fits && Number(fits[1]) > 0) {
        wasmPatients = Number(fits[1]);
        process.stdout.write(
          `run ${run}/${RUNS}: DuckDB-WASM, ${wasmPatients} patients instead…\n`
        );
        wasm = wasmRunFresh(wasmPatients);
        if (wasm.refused) {
          throw new Error(
            `DuckDB-WASM refused ${wasmPatients} patients too, the size its first refusal named: ${wasm.refused}`
          );
        }
      }
    }
    if (wasm) {
      wasmRuns.push(wasm);
    }
    process.stdout.write(
      `run ${run}/${RUNS}: native DuckDB, ${patients} patients…\n`
    );
    nativeRuns.push(nativeRun(patients));
  }
  if (!tsf) {
    if (!wasmRuns.length) {
      throw new Error(
        'tsfaker takes its tables and row counts from the DuckDB-WASM run of the first size: start --sizes with a size it can generate.'
      );
    }
    const mode = tsfakerRows
      ? `${tsfakerRows} rows per table`
      : 'the same row counts';
    process.stdout.write(
      `tsfaker over the Table Schemas of ${schemaDir} (${mode})…\n`
    );
    tsfPatients = wasmPatients;
    tsf = tsfakerRun(
      Object.fromEntries(
        wasmRuns[0].shapes.map(s => [s.name, tsfakerRows || s.rows])
      )
    );
    const slowest = Object.entries(tsf.perTable)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([t, s]) => `${t} ${fmt(s)} s`);
    process.stdout.write(
      `tsfaker: ${tsf.tables} tables, ${tsf.rows} rows in ${fmt(tsf.seconds)} s; slowest: ${slowest.join(', ')}\n`
    );
    results.tsfaker = {
      mode,
      tables: tsf.tables,
      rows: tsf.rows,
      seconds: fmt(tsf.seconds),
      rowsPerSecond: fmt(tsf.rows / tsf.seconds, 0),
      failed: tsf.failed,
      noSchema: tsf.noSchema
    };
  }
  for (const [engine, runs, n] of [
    ['DuckDB-WASM', wasmRuns, wasmPatients],
    ['native DuckDB', nativeRuns, patients]
  ]) {
    if (!runs.length) {
      continue;
    }
    const row = summary(engine, n, runs);
    table.push(row);
    process.stdout.write(`${JSON.stringify(row)}\n`);
    results.runs.push({
      ...row,
      cells: runs[0].cells,
      runs: runs.map(r => ({
        seconds: fmt(r.seconds),
        floorSeconds: fmt(r.floorSeconds)
      }))
    });
  }
}
printTable(
  `Synthetic SNDS, one year (${YEAR}), seed 0, median of ${RUNS} runs each in a fresh process; tsfaker on the tables of ${tsfPatients} patients with ${results.tsfaker.mode} (its rows/s, the baseline for larger sizes too): ${tsf.tables} tables, ${tsf.rows} rows in ${fmt(tsf.seconds)} s = ${fmt(tsf.rows / tsf.seconds, 0)} rows/s; load average ${results.machine.loadavg.join(' ')}`,
  table
);
const failed = Object.entries(tsf.failed);
if (failed.length) {
  process.stdout.write(
    `tsfaker failed on ${failed.length} table(s): ${failed
      .slice(0, 5)
      .map(([t, e]) => `${t}: ${e}`)
      .join('; ')}\n`
  );
}
if (tsf.noSchema.length) {
  process.stdout.write(
    `Without a Table Schema, not generated by tsfaker: ${tsf.noSchema.join(', ')}\n`
  );
}
saveResults('synth', results);
