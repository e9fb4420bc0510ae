/** Helpers of the CLI that tests import without running it. */
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

export function tableChecksums(
  session: EngineSession,
  tables: string[]
): Record<string, [number, string]> {
  const out: Record<string, [number, string]> = {};
  for (const table of tables) {
    const columns = columnsOf(session, table);
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
