import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IProgram } from '../src/compile.js';
import {
  cachedProgram,
  digestOf,
  filesUnder,
  programCacheDir,
  programInputs,
  type IProgramInputs
} from '../src/program_cache.js';
import { PROFILE_FILES } from '../src/profiles.js';

const made: string[] = [];
const folder = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'snds-program-cache-'));
  made.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The files of `dir` as a program's only inputs. */
const inputsOf = (dir: string) => (): IProgramInputs => ({
  fixed: '',
  groups: [{ label: 'inputs', root: dir, files: filesUnder(dir) }]
});

/** A builder that counts its calls and names a version in its programs. */
function builder(
  version: () => string,
  during: () => void = () => undefined
): { build: () => Promise<IProgram>; calls: () => number } {
  let calls = 0;
  return {
    build: async () => {
      calls += 1;
      during();
      return {
        steps: [],
        tables: [],
        version: version()
      } as unknown as IProgram;
    },
    calls: () => calls
  };
}

const programs = (dir: string): string[] =>
  readdirSync(dir).filter(n => n.endsWith('.json'));

describe('cachedProgram', () => {
  it('should build a program once for the same inputs, and again when one changes', async () => {
    const cache = folder();
    const inputs = folder();
    mkdirSync(join(inputs, 'sub'));
    writeFileSync(join(inputs, 'sub', 'care.json'), '{"a": 1}');
    let version = 'one';
    const b = builder(() => version);
    const first = await cachedProgram(inputsOf(inputs), b.build, cache);
    const again = await cachedProgram(inputsOf(inputs), b.build, cache);
    expect(b.calls()).toBe(1);
    expect(again).toEqual(first);
    // A profile edited: a new digest, a new program.
    writeFileSync(join(inputs, 'sub', 'care.json'), '{"a": 2}');
    version = 'two';
    const changed = await cachedProgram(inputsOf(inputs), b.build, cache);
    expect(b.calls()).toBe(2);
    expect((changed as unknown as { version: string }).version).toBe('two');
  });

  it('should not keep a program whose inputs changed while it was built', async () => {
    const cache = folder();
    const inputs = folder();
    writeFileSync(join(inputs, 'x.json'), '1');
    const b = builder(
      () => 'v',
      () => writeFileSync(join(inputs, 'x.json'), '2')
    );
    await cachedProgram(inputsOf(inputs), b.build, cache);
    expect(programs(cache)).toEqual([]);
  });

  it('should build again over a damaged cached program, and without a cache', async () => {
    const cache = folder();
    const inputs = folder();
    writeFileSync(join(inputs, 'x.json'), '1');
    const b = builder(() => 'v');
    await cachedProgram(inputsOf(inputs), b.build, cache);
    const [file] = programs(cache);
    writeFileSync(join(cache, file), '{"steps": [');
    await cachedProgram(inputsOf(inputs), b.build, cache);
    expect(b.calls()).toBe(2);
    await cachedProgram(inputsOf(inputs), b.build, undefined);
    await cachedProgram(inputsOf(inputs), b.build, undefined);
    expect(b.calls()).toBe(4);
  });

  it('should keep the four newest programs', async () => {
    const cache = folder();
    const inputs = folder();
    const b = builder(() => 'v');
    for (let k = 0; k < 6; k++) {
      writeFileSync(join(inputs, 'x.json'), String(k));
      await cachedProgram(inputsOf(inputs), b.build, cache);
    }
    expect(readdirSync(cache)).toHaveLength(4);
  });

  it('should only cost a compilation where the folder cannot be written', async () => {
    const blocked = join(folder(), 'file');
    writeFileSync(blocked, 'not a folder');
    const b = builder(() => 'v');
    const program = await cachedProgram(
      inputsOf(folder()),
      b.build,
      join(blocked, 'c')
    );
    expect(program.steps).toEqual([]);
    expect(b.calls()).toBe(1);
  });
});

describe('digestOf', () => {
  it('should change with a file name or content, not with the time files were written', () => {
    const dir = folder();
    writeFileSync(join(dir, 'a.json'), 'x');
    const digest = () => digestOf(inputsOf(dir)().groups);
    const d0 = digest();
    writeFileSync(join(dir, 'a.json'), 'x');
    expect(digest()).toBe(d0);
    writeFileSync(join(dir, 'a.json'), 'y');
    expect(digest()).not.toBe(d0);
    rmSync(join(dir, 'a.json'));
    writeFileSync(join(dir, 'b.json'), 'y');
    expect(digest()).not.toBe(d0);
  });

  it('should read the profile files, through a symbolic link, and nothing else of their folder', () => {
    const dir = folder();
    const elsewhere = folder();
    for (const name of PROFILE_FILES) {
      writeFileSync(join(elsewhere, `${name}.json`), '{}');
      symlinkSync(join(elsewhere, `${name}.json`), join(dir, `${name}.json`));
    }
    const digest = () => {
      const { groups, fixed } = programInputs(dir);
      return digestOf(groups, fixed);
    };
    const d0 = digest();
    expect(programInputs(dir).groups[0].files).toHaveLength(
      PROFILE_FILES.length
    );
    // A dataset written into the folder is no input.
    writeFileSync(join(dir, 'out.parquet'), 'rows');
    expect(digest()).toBe(d0);
    // A linked profile's target edited is one.
    writeFileSync(join(elsewhere, 'care.json'), '{"gpVisitsPerYear": []}');
    expect(digest()).not.toBe(d0);
  });

  it('should give the same digest to the same profiles anywhere', () => {
    const [a, b] = [folder(), folder()];
    for (const dir of [a, b]) {
      for (const name of PROFILE_FILES) {
        writeFileSync(join(dir, `${name}.json`), `{"${name}": 1}`);
      }
    }
    const digest = (dir: string) => {
      const { groups, fixed } = programInputs(dir);
      return digestOf(groups, fixed);
    };
    expect(digest(a)).toBe(digest(b));
  });

  it("should cover the dictionary, the packages' code and zod's version", () => {
    const { groups, fixed } = programInputs('/some/profiles');
    expect(
      groups[1].files.some(
        f => f.endsWith('dictionary.json') || f.endsWith('.csv')
      )
    ).toBe(true);
    expect(fixed).toMatch(/^[0-9a-f]{64} zod \d+\.\d+/);
  });
});

describe('programCacheDir', () => {
  it('should follow $SNDS_SYNTH_CACHE, then an absolute $XDG_CACHE_HOME, then the home folder', () => {
    const home = () => '/home/u';
    expect(programCacheDir({ SNDS_SYNTH_CACHE: 'off' }, home)).toBeUndefined();
    expect(programCacheDir({ SNDS_SYNTH_CACHE: '/tmp/c' }, home)).toBe(
      '/tmp/c'
    );
    expect(programCacheDir({ XDG_CACHE_HOME: '/x' }, home)).toBe(
      join('/x', 'snds-lab', 'synth')
    );
    expect(programCacheDir({ XDG_CACHE_HOME: 'rel' }, home)).toBe(
      join('/home/u', '.cache', 'snds-lab', 'synth')
    );
  });

  it('should give no cache, not an error, without a home folder', () => {
    expect(
      programCacheDir({}, () => {
        throw new Error('uv_os_homedir returned ENOENT');
      })
    ).toBeUndefined();
    expect(programCacheDir({}, () => '')).toBeUndefined();
  });
});
