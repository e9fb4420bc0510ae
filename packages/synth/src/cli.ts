#!/usr/bin/env node
/**
 * snds-synth generate --patients N --seed S --years 2019[-2020] [--products dcir,pmsi] --out DIR --format csv|parquet|arrow
 * snds-synth checksum --patients N --seed S --years Y [--products …]
 * snds-synth check DIR
 * Each takes --profiles DIR: generator profiles other than datasets/synth. The defaults
 * (DEFAULTS) are those of python -m snds generate.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadDictionary } from '@snds-lab/schema/node';
import { openNodeSession } from '@snds-lab/engine/lib/node.js';
import type { EngineSession } from '@snds-lab/engine';
import { buildProgram, DEFAULT_PROFILES } from './build_program.js';
import {
  cachedProgram,
  programCacheDir,
  programInputs
} from './program_cache.js';
import { checkDirectory } from './check_dir.js';
import {
  parseArgs,
  prepareOutFolder,
  removeEmptyFolders,
  sessionMemory,
  tableChecksums,
  type IParsedArgs
} from './cli_lib.js';
import { writeDataset } from './write_dataset.js';
import { PRODUCT_ALIASES, type IProgram } from './compile.js';
import { ProfileError } from './profiles.js';
import {
  checkOptions,
  parseYears,
  runProgram,
  SynthRequestError,
  type IGenerateOptions,
  type IGenerateReport
} from './runner.js';

const USAGE = `usage:
  snds-synth generate [--patients N] [--seed S] [--years 2019[-2020]] [--products dcir,pmsi] --out DIR [--format parquet|csv|arrow] [--profiles DIR]
  snds-synth checksum [--patients N] [--seed S] [--years 2019[-2020]] [--products dcir,pmsi] [--profiles DIR]
  snds-synth check DIR [--profiles DIR]
defaults: 10000 patients, seed 0, 2019, every product, parquet (as python -m snds generate).`;

/** As python -m snds generate and snds.generate() in a notebook. */
const DEFAULTS = {
  patients: 10_000,
  seed: 0,
  years: '2019',
  format: 'parquet'
};

function optionsOf({ options }: IParsedArgs): IGenerateOptions {
  const num = (name: string, fallback: number): number => {
    const v = options.get(name);
    if (v === undefined) {
      return fallback;
    }
    if (!/^-?\d+$/.test(v)) {
      throw new SynthRequestError(
        `--${name} takes a whole number, not "${v}".`
      );
    }
    return Number(v);
  };
  const products = options.get('products');
  const named = products
    ?.split(',')
    .map(p => p.trim())
    .filter(Boolean);
  if (named && !named.length) {
    throw new SynthRequestError(
      `--products takes product names separated by commas, such as dcir,pmsi, not "${products}"; leave it out for every product.`
    );
  }
  return {
    patients: num('patients', DEFAULTS.patients),
    seed: num('seed', DEFAULTS.seed),
    years: parseYears(options.get('years') ?? DEFAULTS.years),
    products: named
  };
}

/**
 * A line on what the command is doing, on stderr when it is a terminal: a first command
 * compiles for seconds, and a large dataset takes minutes to make and write. Scripts and
 * pipes get none.
 */
function progress(text: string): void {
  if (process.stderr.isTTY) {
    process.stderr.write(`snds-synth: ${text}\n`);
  }
}

/** The program of --profiles DIR, or of the shipped profiles (program_cache.ts). */
function programOf({ options }: IParsedArgs): Promise<IProgram> {
  const dir = options.get('profiles');
  if (dir !== undefined && !existsSync(join(dir, 'care.json'))) {
    throw new SynthRequestError(
      `--profiles takes a folder of generator profiles (population.json, care.json, …, as datasets/synth), not "${dir}".`
    );
  }
  const profiles = dir ?? DEFAULT_PROFILES;
  return cachedProgram(
    () => programInputs(profiles),
    () => {
      progress(
        'compiling the generator from its profiles (once: the next commands reuse it)…'
      );
      return buildProgram(profiles);
    },
    programCacheDir()
  );
}

/** Generates into a DuckDB-WASM session. */
export async function generateInSession(
  program: IProgram,
  options: IGenerateOptions
): Promise<{ session: EngineSession; report: IGenerateReport }> {
  const session = await openNodeSession();
  const report = runProgram(
    program,
    sql => session.query(sql),
    options,
    PRODUCT_ALIASES,
    sessionMemory(session)
  );
  return { session, report };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (
    command === undefined ||
    ['help', '--help', '-h'].includes(command) ||
    rest.includes('--help')
  ) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === 'check') {
    return check(parseArgs(command, rest));
  }
  if (command !== 'generate' && command !== 'checksum') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const args = parseArgs(command, rest);
  const options = optionsOf(args);
  // The output arguments are checked before a generation that may take minutes.
  const out = args.options.get('out');
  const format = args.options.get('format') ?? DEFAULTS.format;
  if (command === 'generate' && !out) {
    throw new SynthRequestError('generate needs --out DIR.');
  }
  if (format !== 'csv' && format !== 'arrow' && format !== 'parquet') {
    throw new SynthRequestError(
      `--format takes csv, parquet or arrow, not "${format}".`
    );
  }
  const program = await programOf(args);
  checkOptions(program, options);
  const made = command === 'generate' && out ? prepareOutFolder(out) : [];
  let generated: Awaited<ReturnType<typeof generateInSession>>;
  progress(
    `generating ${options.patients.toLocaleString('en')} patients, ${args.options.get('years') ?? DEFAULTS.years}, seed ${options.seed}…`
  );
  try {
    generated = await generateInSession(program, options);
  } catch (error) {
    removeEmptyFolders(made);
    throw error;
  }
  const { session, report } = generated;
  const names = report.tables.map(t => t.sqlName);
  if (command === 'checksum' || !out) {
    process.stdout.write(JSON.stringify(tableChecksums(session, names)) + '\n');
    return 0;
  }
  progress(`writing ${names.length} tables as ${format} to ${out}…`);
  const rows = await writeDataset(session, names, out, format);
  process.stdout.write(
    `${names.length} tables, ${rows} rows in ${out} (generated in ${report.seconds.toFixed(1)} s)\n`
  );
  return 0;
}

/** Verifies every invariant on a generated folder; exit code 1 when something fails. */
async function check(args: IParsedArgs): Promise<number> {
  const dir = args.positional[0];
  if (!dir) {
    throw new SynthRequestError(
      'check needs the folder of a generated dataset: snds-synth check DIR.'
    );
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new SynthRequestError(
      `check needs the folder of a generated dataset (csv, arrow or parquet files), not "${dir ?? ''}".`
    );
  }
  const program = await programOf(args);
  progress(`checking ${dir}…`);
  const { dictionary, loader } = await loadDictionary();
  const session = await openNodeSession();
  const result = await checkDirectory(
    dir,
    session,
    program,
    dictionary,
    loader
  );
  for (const failure of result.failures) {
    process.stdout.write(`FAIL ${failure}\n`);
  }
  for (const note of result.notes ?? []) {
    process.stdout.write(`NOTE ${note}\n`);
  }
  process.stdout.write(
    `${result.checks} checks, ${result.failures.length} failed\n`
  );
  return result.failures.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  code => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`snds-synth: ${(error as Error).message}\n`);
    // A mistake of the user's (options, profiles) exits 2.
    const mistake =
      error instanceof SynthRequestError || error instanceof ProfileError;
    process.exit(mistake ? 2 : 1);
  }
);
