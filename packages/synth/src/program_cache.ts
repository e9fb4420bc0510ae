/**
 * The Node CLI's compiled programs, kept on disk under a digest of everything a program is made
 * from: the profiles, the dictionary (the schema package's bundle, or the schema folder it
 * imports without one) and the code that compiles it. A command with the same inputs reads the
 * program (tens of milliseconds) instead of compiling it (seconds).
 *
 * `$SNDS_SYNTH_CACHE` names the folder, or `off`; by default `$XDG_CACHE_HOME/snds-lab/synth`
 * (`~/.cache/…`). A folder that cannot be written only leaves every command compiling.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DICTIONARY_FILE,
  defaultBundleDir,
  defaultSchemaDir
} from '@snds-lab/schema/node';
import type { IProgram } from './compile.js';

/** Programs kept: the newest, so that switching between a few profiles stays quick. */
const KEPT = 4;

/** The cache folder, or undefined when `$SNDS_SYNTH_CACHE` is `off`. */
export function programCacheDir(
  env: NodeJS.ProcessEnv = process.env
): string | undefined {
  const named = env.SNDS_SYNTH_CACHE?.trim();
  if (named === 'off') {
    return undefined;
  }
  if (named) {
    return resolve(named);
  }
  const base = env.XDG_CACHE_HOME?.trim() || join(homedir(), '.cache');
  return join(base, 'snds-lab', 'synth');
}

/**
 * The folders a program of `profilesDir` is made from: the profiles, the dictionary that
 * loadDictionary reads, and the compiled code of this package and of the schema package.
 */
export function programInputs(profilesDir: string): string[] {
  const bundle = defaultBundleDir();
  const dictionary = existsSync(join(bundle, DICTIONARY_FILE))
    ? bundle
    : defaultSchemaDir();
  const synthCode = dirname(fileURLToPath(import.meta.url));
  const schemaCode = join(dirname(bundle), 'lib');
  return [resolve(profilesDir), dictionary, synthCode, schemaCode];
}

/** SHA-256 of the names and contents of every file under `dirs`, in a stable order. */
export function digestOf(dirs: string[]): string {
  const hash = createHash('sha256');
  for (const dir of dirs) {
    hash.update(`\0dir:${dir}\0`);
    for (const file of filesUnder(dir)) {
      hash.update(`\0${relative(dir, file)}\0`);
      hash.update(readFileSync(file));
    }
  }
  return hash.digest('hex');
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap(e => {
      const path = join(dir, e.name);
      return e.isDirectory() ? filesUnder(path) : e.isFile() ? [path] : [];
    });
}

/**
 * The program of `inputs` from the cache folder `dir` (none: undefined), else `build()`'s,
 * then kept. A cached file that does not read as a program is built again.
 */
export async function cachedProgram(
  inputs: string[],
  build: () => Promise<IProgram>,
  dir: string | undefined
): Promise<IProgram> {
  if (!dir) {
    return build();
  }
  const file = join(dir, `program-${digestOf(inputs)}.json`);
  try {
    const program = JSON.parse(readFileSync(file, 'utf8')) as IProgram;
    if (Array.isArray(program?.steps) && Array.isArray(program?.tables)) {
      return program;
    }
  } catch {
    // none yet, or unreadable: built below
  }
  const program = await build();
  keep(dir, file, JSON.stringify(program));
  return program;
}

/** Writes `file` (whole or not at all), and removes all but the newest KEPT programs. */
function keep(dir: string, file: string, text: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, file);
    const programs = readdirSync(dir)
      .filter(n => /^program-[0-9a-f]{64}\.json$/.test(n))
      .map(n => ({ path: join(dir, n), time: statSync(join(dir, n)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const old of programs.slice(KEPT)) {
      rmSync(old.path, { force: true });
    }
  } catch {
    // A cache that cannot be written costs a compilation next time, nothing else.
  }
}
