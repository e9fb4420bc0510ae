/**
 * The Node CLI's compiled programs, kept on disk under a digest of everything a program is made
 * from: the profile files, the dictionary (the schema package's bundle, or the schema folder it
 * imports without one), the code that compiles it and the version of zod, which parses the
 * profiles. A command with the same inputs reads the program (tens of milliseconds) instead of
 * compiling it (seconds).
 *
 * `$SNDS_SYNTH_CACHE` names the folder, or `off`; by default `$XDG_CACHE_HOME/snds-lab/synth`
 * (`~/.cache/…`). A folder that cannot be found or written only leaves every command compiling.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DICTIONARY_FILE,
  defaultBundleDir,
  defaultSchemaDir
} from '@snds-lab/schema/node';
import type { IProgram } from './compile.js';
import { PROFILE_FILES } from './profiles.js';

/** Programs kept: the newest, so that switching between a few profiles stays quick. */
const KEPT = 4;

/** The cache folder, or undefined when `$SNDS_SYNTH_CACHE` is `off` or none can be found. */
export function programCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  home: () => string = homedir
): string | undefined {
  const named = env.SNDS_SYNTH_CACHE?.trim();
  if (named === 'off') {
    return undefined;
  }
  if (named) {
    return resolve(named);
  }
  // A relative base is ignored, as the XDG specification asks.
  const xdg = env.XDG_CACHE_HOME?.trim();
  let base = xdg && isAbsolute(xdg) ? xdg : undefined;
  if (!base) {
    try {
      const h = home();
      base = isAbsolute(h) ? join(h, '.cache') : undefined;
    } catch {
      // no home folder (HOME unset, a user with no passwd entry): no cache
    }
  }
  return base && join(base, 'snds-lab', 'synth');
}

/** The code that compiles a program: this package's and the schema package's, as loaded. */
const CODE_DIRS = [
  dirname(fileURLToPath(import.meta.url)),
  join(dirname(defaultBundleDir()), 'lib')
];
let codeDigest: string | undefined;
/**
 * The code's digest, taken once, at the command's first program (not when a command that
 * compiles none loads this module), so that a build rewriting the code later is not
 * mistaken for it.
 */
function codeDigestOnce(): string {
  codeDigest ??= digestOf(
    CODE_DIRS.map((root, k) => ({
      label: `code ${k}`,
      root,
      files: filesUnder(root)
    }))
  );
  return codeDigest;
}

/** The version of zod, which parses (and defaults) the profiles. */
function zodVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return String(require('zod/package.json').version);
  } catch {
    return 'unknown';
  }
}

/** Files to hash: their names from `root` (not where it is) and contents, under a label. */
export interface IInputFiles {
  label: string;
  root: string;
  files: string[];
}

/** The inputs of a program of `profilesDir`. */
export interface IProgramInputs {
  /** What else the digest covers (the code and zod's version). */
  fixed: string;
  groups: IInputFiles[];
}

/**
 * The files a program of `profilesDir` is made from: the profile files readProfiles reads (a
 * symbolic link counts as its target), and the dictionary loadDictionary reads.
 */
export function programInputs(profilesDir: string): IProgramInputs {
  const bundle = defaultBundleDir();
  const dictionary = existsSync(join(bundle, DICTIONARY_FILE))
    ? bundle
    : defaultSchemaDir();
  const profiles = resolve(profilesDir);
  return {
    fixed: `${codeDigestOnce()} zod ${zodVersion()}`,
    groups: [
      {
        label: 'profiles',
        root: profiles,
        files: PROFILE_FILES.map(name => join(profiles, `${name}.json`))
      },
      { label: 'dictionary', root: dictionary, files: filesUnder(dictionary) }
    ]
  };
}

/**
 * SHA-256 of `fixed` and of each group's label and its files' names (from its root) and
 * contents: the same files anywhere give the same digest.
 */
export function digestOf(groups: IInputFiles[], fixed = ''): string {
  const hash = createHash('sha256');
  // Each field after its length, so that no two inputs run together alike.
  const field = (text: string | Buffer): void => {
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  };
  field(fixed);
  for (const { label, root, files } of groups) {
    field(label);
    for (const file of files) {
      field(relative(root, file));
      field(existsSync(file) ? readFileSync(file) : '\0missing');
    }
  }
  return hash.digest('hex');
}

/**
 * The files under `dir`, in a stable order: a symbolic link to a file counts as the file; one
 * to a folder is not followed (no loop).
 */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir)
    .sort()
    .flatMap(name => {
      const path = join(dir, name);
      if (lstatSync(path).isDirectory()) {
        return filesUnder(path);
      }
      return statSync(path, { throwIfNoEntry: false })?.isFile() ? [path] : [];
    });
}

/**
 * The program of `inputs` from the cache folder `dir` (none: undefined), else `build()`'s,
 * then kept if its inputs did not change while it was built. A cached file that does not
 * read as a program is built again.
 */
export async function cachedProgram(
  inputs: () => IProgramInputs,
  build: () => Promise<IProgram>,
  dir: string | undefined
): Promise<IProgram> {
  if (!dir) {
    return build();
  }
  const digest = (): string => {
    const { groups, fixed } = inputs();
    return digestOf(groups, fixed);
  };
  const before = digest();
  const file = join(dir, `program-${before}.json`);
  try {
    const program = JSON.parse(readFileSync(file, 'utf8')) as IProgram;
    if (Array.isArray(program?.steps) && Array.isArray(program?.tables)) {
      return program;
    }
  } catch {
    // none yet, or unreadable: built below
  }
  const program = await build();
  if (digest() === before) {
    keep(dir, file, JSON.stringify(program));
  }
  return program;
}

/** Writes `file` (whole or not at all), and removes all but the newest KEPT programs. */
function keep(dir: string, file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
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
    try {
      rmSync(temporary, { force: true });
    } catch {
      // not even that
    }
  }
}
