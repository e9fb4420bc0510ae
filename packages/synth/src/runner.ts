/**
 * Runs a compiled program through any function that executes one SQL statement. The Python
 * runner (extensions/snds-lab/snds/synth) mirrors this file: same planning, same substitution,
 * same estimate, so both engines run identical SQL.
 */
import type { IProgram, IProgramStep } from './compile.js';
import { isWorkStep, temporaryWorkTables } from './work_tables.js';

export interface IGenerateOptions {
  patients: number;
  seed: number;
  years: number[];
  /** Product names or aliases (PRODUCT_ALIASES); all products when absent. */
  products?: string[];
}

export interface IGenerateReport {
  tables: { name: string; sqlName: string; rows?: number }[];
  seconds: number;
  estimateBytes: number;
}

export class SynthRequestError extends Error {}

const WASM_LIMIT = 4 * 1024 ** 3;
/** Share of the engine's memory limit a generation may plan to use. */
const MEMORY_SHARE = 0.7;
/** In-memory overhead of DuckDB over the raw column widths. */
const OVERHEAD = 1.5;
/** Persons per statement of a chunked step in a compressed database (IProgramStep.chunked). */
export const CHUNK_PATIENTS = 20_000;
/** Share of their raw size tables keep in a compressed database (measured: 1/7 to 1/8). */
const COMPRESSED_SHARE = 0.2;

/** How many chunks a chunked step runs in, at most `size` persons each. */
export function chunkCount(patients: number, size = CHUNK_PATIENTS): number {
  return Math.max(1, Math.ceil(patients / size));
}

export function checkOptions(
  program: IProgram,
  options: IGenerateOptions
): void {
  const { minPatients, maxPatients, maxYears } = program.limits;
  if (
    !Number.isInteger(options.patients) ||
    options.patients < minPatients ||
    options.patients > maxPatients
  ) {
    throw new SynthRequestError(
      `patients must be a whole number from ${minPatients} to ${maxPatients}, not ${options.patients}.`
    );
  }
  if (
    !Number.isInteger(options.seed) ||
    options.seed < 0 ||
    options.seed > 2 ** 31 - 1
  ) {
    throw new SynthRequestError(
      `seed must be a whole number from 0 to 2147483647, not ${options.seed}.`
    );
  }
  const years = options.years;
  if (!years.length || years.length > maxYears) {
    throw new SynthRequestError(
      `years must name 1 to ${maxYears} consecutive years, e.g. 2019 or 2019-2020.`
    );
  }
  years.forEach((y, k) => {
    if (
      !Number.isInteger(y) ||
      y < 2006 ||
      y > 2099 ||
      (k > 0 && y !== years[k - 1] + 1)
    ) {
      throw new SynthRequestError(
        `years must be consecutive years from 2006 to 2099, not ${years.join(', ')}.`
      );
    }
  });
}

/** Parses "2019" or "2019-2021". */
export function parseYears(text: string): number[] {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(text.trim());
  if (!m) {
    throw new SynthRequestError(
      `--years takes a year or a range, e.g. 2019 or 2019-2020, not "${text}".`
    );
  }
  const first = Number(m[1]);
  const last = m[2] ? Number(m[2]) : first;
  if (last < first) {
    throw new SynthRequestError(
      `--years ${text}: the range ends before it starts.`
    );
  }
  return Array.from({ length: last - first + 1 }, (_, k) => first + k);
}

/** The tables of the chosen products (names or aliases, any case). */
export function tablesOfProducts(
  program: IProgram,
  products: string[] | undefined,
  aliases: Record<string, string[]>
): Set<string> {
  if (!products || !products.length) {
    return new Set(program.tables.map(t => t.name));
  }
  const names = Object.keys(program.products);
  const out = new Set<string>();
  for (const raw of products) {
    const key = raw.trim();
    const expanded = aliases[key.toLowerCase()] ?? [
      names.find(n => n.toLowerCase() === key.toLowerCase()) ?? ''
    ];
    if (!expanded[0]) {
      throw new SynthRequestError(
        `Unknown product "${raw}": use one of ${[...Object.keys(aliases), ...names].join(', ')}.`
      );
    }
    for (const product of expanded) {
      (program.products[product] ?? []).forEach(t => out.add(t));
    }
  }
  return out;
}

/** The steps to run, in order: the chosen tables and everything they need. */
export function planSteps(
  program: IProgram,
  tables: Set<string>
): IProgramStep[] {
  const byId = new Map(program.steps.map(s => [s.id, s]));
  const needed = new Set<string>();
  const add = (id: string): void => {
    if (needed.has(id)) {
      return;
    }
    needed.add(id);
    byId.get(id)?.deps.forEach(add);
  };
  program.steps
    .filter(s => s.table && tables.has(s.table))
    .forEach(s => add(s.id));
  return program.steps.filter(s => needed.has(s.id));
}

/** A part of a statement for long periods only: /*years>N*\/ … /*end*\/, dropped for N years or fewer. */
const FOR_YEARS = /\/\*years>(\d+)\*\/[\s\S]*?\/\*end\*\//g;

export function render(
  sql: string,
  options: IGenerateOptions,
  year?: number
): string {
  const y0 = options.years[0];
  const rendered = sql
    .replace(FOR_YEARS, (part, n: string) =>
      options.years.length > Number(n) ? part : ''
    )
    .replace(/\{\{patients\}\}/g, String(options.patients))
    .replace(/\{\{seed\}\}/g, String(options.seed))
    .replace(/\{\{y0\}\}/g, String(y0))
    .replace(/\{\{yy\+(\d+)\}\}/g, (_, t: string) =>
      String((y0 + Number(t)) % 100).padStart(2, '0')
    )
    .replace(/\{\{nyears\}\}/g, String(options.years.length))
    .replace(/\{\{chunk_lo\}\}/g, '0')
    .replace(/\{\{chunk_hi\}\}/g, String(options.patients))
    // DuckDB-WASM: a materialized CTE would hold too much of its memory (runner.py, materialized).
    .replace(/\{\{materialized\}\}/g, '')
    // A work table where no runner made it TEMP (work_tables.ts).
    .replace(/\{\{temp\}\}/g, '');
  return renderYear(rendered, year ?? y0);
}

/** `text` with `year` written in: {{year}} as 2019, {{yy}} as 19. */
function renderYear(text: string, year: number): string {
  return text
    .replace(/\{\{year\}\}/g, String(year))
    .replace(/\{\{yy\}\}/g, String(year % 100).padStart(2, '0'));
}

/** A table's names in a dataset of `years`: one a year for a per-year table (T_MCO19B). */
export function tableNames(
  table: { sqlName: string; perYear: boolean },
  years: number[]
): string[] {
  return table.perYear
    ? years.map(y => renderYear(table.sqlName, y))
    : [table.sqlName];
}

const CREATE_TABLE = /^CREATE OR REPLACE TABLE (\S+) AS /;

/** The prepared statement that appends a chunk of persons (chunkStatements). */
export const CHUNK_STATEMENT = 'snds_synth_chunk';

/**
 * A chunked step's first statement, once per chunk of `chunkPatients` persons or fewer:
 * the first creates the table, the others insert into it, each followed by a CHECKPOINT,
 * which compresses the chunk (native DuckDB otherwise keeps every chunk uncompressed until
 * it checkpoints). The insert is prepared once with the chunk's bounds as parameters and
 * executed per chunk: planning ER_PRS_F takes about 0.6 s on DuckDB-WASM, which every chunk
 * paid again. One chunk renders as one statement.
 */
export function chunkStatements(
  sql: string,
  options: IGenerateOptions,
  year?: number,
  chunkPatients = CHUNK_PATIENTS
): string[] {
  const n = chunkCount(options.patients, chunkPatients);
  if (n <= 1) {
    return [render(sql, options, year)];
  }
  if (!CREATE_TABLE.test(sql)) {
    throw new Error(
      `A chunked step must start with CREATE OR REPLACE TABLE: ${sql.slice(0, 60)}`
    );
  }
  const size = Math.ceil(options.patients / n);
  // A range of person indexes (p.i // size = k made DuckDB build its hash joins on the
  // persons' events, 3 times slower); as parameters, its plan runs as fast as with numbers.
  const bounds = (lo: string, hi: string): string =>
    sql
      .replace(/\{\{chunk_lo\}\}/g, () => lo)
      .replace(/\{\{chunk_hi\}\}/g, () => hi);
  const insert = render(
    bounds('$1', '$2').replace(CREATE_TABLE, 'INSERT INTO $1 '),
    options,
    year
  );
  const out = [
    render(bounds('0', String(size)), options, year),
    'CHECKPOINT',
    `PREPARE ${CHUNK_STATEMENT} AS ${insert}`
  ];
  for (let k = 1; k < n; k++) {
    out.push(
      `EXECUTE ${CHUNK_STATEMENT}(${k * size}, ${(k + 1) * size})`,
      'CHECKPOINT'
    );
  }
  out.push(`DEALLOCATE ${CHUNK_STATEMENT}`);
  return out;
}

/** The statements of a plan, rendered. */
export function statements(
  program: IProgram,
  steps: IProgramStep[],
  options: IGenerateOptions,
  /** Run chunked steps in chunks of this many persons (none: one statement). */
  chunkPatients?: number
): string[] {
  const out = program.setup.map(s => render(s, options));
  for (const step of steps) {
    for (const year of step.perYear ? options.years : [undefined]) {
      step.sql.forEach((s, k) =>
        out.push(
          ...(chunkPatients && step.chunked && k === 0
            ? chunkStatements(s, options, year, chunkPatients)
            : [render(s, options, year)])
        )
      );
    }
  }
  return out;
}

/**
 * What the steps leave to do once every step has run: drop work tables and helper columns,
 * and the tables that were only needed to make the chosen ones.
 */
export function cleanupStatements(
  program: IProgram,
  steps: IProgramStep[],
  tables: Set<string>,
  options: IGenerateOptions
): string[] {
  const out: string[] = [];
  for (const step of steps) {
    for (const year of step.perYear ? options.years : [undefined]) {
      (step.cleanup ?? []).forEach(s => out.push(render(s, options, year)));
    }
  }
  for (const t of program.tables) {
    if (!tables.has(t.name) && steps.some(s => s.table === t.name)) {
      for (const name of tableNames(t, options.years)) {
        out.push(`DROP TABLE IF EXISTS ${name}`);
      }
    }
  }
  return out;
}

/** The engine's room for a generation. */
export interface IEngineMemory {
  /** DuckDB's memory_limit, in bytes. */
  limit: number;
  /** DuckDB-WASM: also bound by the 4 GB WebAssembly memory. */
  wasm: boolean;
  /**
   * The tables go to a database that compresses them (the engine package's sessions, in
   * the `snds_lab` database): chunked steps then run chunk by chunk, each checkpointed,
   * which DuckDB refuses inside a transaction.
   */
  compressed?: boolean;
}

/** Raw bytes of a step's rows: per patient (per year for yearly and care tables) times width. */
function stepBytes(s: IProgramStep, options: IGenerateOptions): number {
  if (!s.rows || !s.bytesPerRow) {
    return 0;
  }
  const rows = s.rows.fixed + s.rows.perPatient * options.patients;
  const yearly = s.perYear || s.rows.yearly;
  return rows * s.bytesPerRow * (yearly ? options.years.length : 1);
}

/**
 * Planned peak bytes. Uncompressed, every table stays as built. Compressed, the tables keep
 * a share of their size, and the statement running holds its table (or chunk) uncompressed
 * until it commits. Work tables count in full either way.
 */
export function estimateBytes(
  steps: IProgramStep[],
  options: IGenerateOptions,
  compressed = false
): number {
  let resident = 0;
  let work = 0;
  let transient = 0;
  for (const s of steps) {
    const bytes = stepBytes(s, options);
    // Work tables stay uncompressed where they are TEMP (work_tables.ts): counted in full.
    if (isWorkStep(s)) {
      work += bytes;
    } else {
      resident += bytes;
    }
    // One statement per year, and per chunk of at most CHUNK_PATIENTS persons (counted
    // full, so that the estimate never falls as the patients grow).
    const perStatement =
      bytes /
      (s.perYear ? options.years.length : 1) /
      (s.chunked
        ? options.patients / Math.min(options.patients, CHUNK_PATIENTS)
        : 1);
    transient = Math.max(transient, perStatement);
  }
  const peak =
    (compressed ? resident * COMPRESSED_SHARE + transient : resident) + work;
  return Math.round(peak * OVERHEAD);
}

/** Parses DuckDB's memory_limit setting, e.g. "3.1 GiB". */
export function parseMemory(text: string): number {
  const m = /^\s*([\d.]+)\s*([KMGT]i?B|bytes)?\s*$/i.exec(text);
  if (!m) {
    return Number.POSITIVE_INFINITY;
  }
  const unit = (m[2] ?? 'bytes').toUpperCase();
  const pow =
    { BYTES: 0, KB: 1, KIB: 1, MB: 2, MIB: 2, GB: 3, GIB: 3, TB: 4, TIB: 4 }[
      unit
    ] ?? 0;
  const base = unit.includes('I') || unit === 'BYTES' ? 1024 : 1000;
  return Number(m[1]) * base ** pow;
}

/** `n` rounded down to two significant digits: 14,567 → 14,000. */
export function roundDown2(n: number): number {
  const unit = 10 ** Math.max(0, String(Math.floor(n)).length - 2);
  return Math.floor(n / unit) * unit;
}

/** Refuses a request that would not fit, before anything is allocated. */
export function checkFits(
  steps: IProgramStep[],
  options: IGenerateOptions,
  memory: IEngineMemory,
  minPatients = 1
): number {
  const { wasm, compressed } = memory;
  const estimate = estimateBytes(steps, options, compressed);
  const limit =
    (wasm ? Math.min(memory.limit, WASM_LIMIT) : memory.limit) * MEMORY_SHARE;
  if (estimate > limit) {
    // The largest size that fits: the estimate grows with the patients, not in proportion.
    let [lo, hi] = [0, options.patients];
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      const bytes = estimateBytes(
        steps,
        { ...options, patients: mid },
        compressed
      );
      [lo, hi] = bytes <= limit ? [mid, hi] : [lo, mid];
    }
    const fits = roundDown2(lo);
    const ask =
      fits >= minPatients
        ? `ask for at most ${fits} patients, fewer years or fewer products`
        : 'even the fewest patients do not fit: ask for fewer years or fewer products';
    throw new SynthRequestError(
      `${options.patients} patients over ${options.years.length} year(s) need about ${(estimate / 1024 ** 3).toFixed(2)} GiB, more than the ${(limit / 1024 ** 3).toFixed(2)} GiB this engine can use${wasm ? ' (the 4 GB WebAssembly limit)' : ' (its memory_limit)'}: ${ask}.`
    );
  }
  return estimate;
}

export type ExecuteFn = (sql: string) => void;

/** Generates the synthetic SNDS through `execute`. */
export function runProgram(
  program: IProgram,
  execute: ExecuteFn,
  options: IGenerateOptions,
  aliases: Record<string, string[]>,
  memory: IEngineMemory
): IGenerateReport {
  checkOptions(program, options);
  const tables = tablesOfProducts(program, options.products, aliases);
  const steps = planSteps(program, tables);
  const estimate = checkFits(
    steps,
    options,
    memory,
    program.limits.minPatients
  );
  const start = performance.now();
  const cleanup = cleanupStatements(program, steps, tables, options);
  // One connection runs every statement here: in a compressed database, the work tables
  // can be TEMP (work_tables.ts).
  const made = memory.compressed ? temporaryWorkTables(steps) : steps;
  program.prologue.forEach(sql => execute(sql));
  try {
    for (const sql of statements(
      program,
      made,
      options,
      memory.compressed ? CHUNK_PATIENTS : undefined
    )) {
      execute(sql);
    }
  } catch (error) {
    // A failed run leaves no work tables behind in the user's database.
    for (const sql of [
      ...cleanup,
      `DEALLOCATE ${CHUNK_STATEMENT}`,
      ...program.epilogue
    ]) {
      try {
        execute(sql);
      } catch {
        // The step that made it never ran.
      }
    }
    throw error;
  }
  try {
    cleanup.forEach(sql => execute(sql));
  } finally {
    program.epilogue.forEach(sql => execute(sql));
  }
  const out: IGenerateReport['tables'] = [];
  for (const t of program.tables.filter(x => tables.has(x.name))) {
    for (const sqlName of tableNames(t, options.years)) {
      out.push({ name: t.name, sqlName });
    }
  }
  return {
    tables: out,
    seconds: (performance.now() - start) / 1000,
    estimateBytes: estimate
  };
}
