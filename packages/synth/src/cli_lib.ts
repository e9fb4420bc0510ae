/** Helpers of the CLI that tests import without running it. */
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  rmdirSync,
  statSync
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EngineSession } from '@snds-lab/engine';
import { checksumSql } from './checksum.js';
import { columnsOf } from './table_columns.js';
import { SESSION_DATABASE } from '@snds-lab/engine';
import {
  parseMemory,
  SynthRequestError,
  type IEngineMemory
} from './runner.js';

/** The room an engine session gives a generation (runProgram's `memory`). */
export function sessionMemory(session: EngineSession): IEngineMemory {
  const row = session
    .query(
      "SELECT current_setting('memory_limit') AS m, current_database() AS d"
    )
    .toArray()[0];
  return {
    limit: parseMemory(String(row.m)),
    wasm: true,
    compressed: String(row.d) === SESSION_DATABASE
  };
}

/**
 * Makes the folder `out` (and its missing parents) for a dataset before a generation that
 * may take minutes, or says why it cannot. One level at a time: mkdirSync's recursive mode
 * never returns under some pseudo file systems (/proc). Returns the folders it made.
 */
export function prepareOutFolder(out: string): string[] {
  const fail = (why: string): never => {
    throw new SynthRequestError(
      `--out ${out}: ${why}: give a folder to write the tables into.`
    );
  };
  const missing: string[] = [];
  let path = resolve(out);
  while (!existsSync(path) && dirname(path) !== path) {
    missing.unshift(path);
    path = dirname(path);
  }
  if (!statSync(path).isDirectory()) {
    fail(path === resolve(out) ? 'this is a file' : `${path} is a file`);
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      removeEmptyFolders(missing);
      fail(`cannot create ${folder} (${(error as Error).message})`);
    }
  }
  try {
    accessSync(out, constants.W_OK);
  } catch {
    fail('this folder is not writable');
  }
  return missing;
}

/** Removes the folders prepareOutFolder made, when nothing was written in them. */
export function removeEmptyFolders(folders: string[]): void {
  for (const folder of [...folders].reverse()) {
    try {
      rmdirSync(folder);
    } catch {
      return; // not empty, or gone
    }
  }
}

export function tableChecksums(
  session: EngineSession,
  tables: string[]
): Record<string, [number, string]> {
  const out: Record<string, [number, string]> = {};
  const database = session.currentDatabase();
  for (const table of tables) {
    const columns = columnsOf(session, table, database);
    const row = session.query(checksumSql(table, columns)).toArray()[0];
    out[table] = [Number(row.n), String(row.sum)];
  }
  return out;
}

/** The `--name value` options each command takes; `check` also takes its folder. */
export const COMMAND_OPTIONS = {
  generate: [
    'patients',
    'seed',
    'years',
    'products',
    'out',
    'format',
    'profiles'
  ],
  checksum: ['patients', 'seed', 'years', 'products', 'profiles'],
  check: ['profiles']
} as const;

export type CliCommand = keyof typeof COMMAND_OPTIONS;

export interface IParsedArgs {
  options: Map<string, string>;
  positional: string[];
}

/**
 * Reads `--name value` pairs, refusing what the command does not take: a mistyped
 * `--patient 5000` must not quietly generate the default size.
 */
export function parseArgs(command: CliCommand, args: string[]): IParsedArgs {
  const known: readonly string[] = COMMAND_OPTIONS[command];
  const list = known.map(o => `--${o}`).join(', ');
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    const [key, given] = name.split(/=(.*)/s);
    if (given !== undefined && known.includes(key)) {
      throw new SynthRequestError(
        `write --${key} ${given}: a space between the option and its value, not "=".`
      );
    }
    if (!known.includes(name)) {
      throw new SynthRequestError(
        `${command} does not take ${arg}; its options are ${list}.`
      );
    }
    const value = args[k + 1];
    if (value === undefined || value.startsWith('--')) {
      throw new SynthRequestError(`${arg} needs a value.`);
    }
    if (options.has(name)) {
      throw new SynthRequestError(`${arg} is given twice; give it once.`);
    }
    options.set(name, value);
    k++;
  }
  const folders = command === 'check' ? 1 : 0;
  if (positional.length > folders) {
    throw new SynthRequestError(
      `${command} does not take "${positional[folders]}"; its options are ${list}.`
    );
  }
  return { options, positional };
}
