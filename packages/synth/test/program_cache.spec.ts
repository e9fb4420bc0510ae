import {
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
  mkdirSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IProgram } from '../src/compile.js';
import {
  cachedProgram,
  digestOf,
  programCacheDir,
  programInputs
} from '../src/program_cache.js';

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

/** A builder that counts its calls and names its inputs' version in the program. */
function builder(version: () => string): {
  build: () => Promise<IProgram>;
  calls: () => number;
} {
  let calls = 0;
  return {
    build: async () => {
      calls += 1;
      return {
        steps: [],
        tables: [],
        version: version()
      } as unknown as IProgram;
    },
    calls: () => calls
  };
}

describe('cachedProgram', () => {
  it('should build a program once for the same inputs, and again when one changes', async () => {
    const cache = folder();
    const inputs = folder();
    mkdirSync(join(inputs, 'sub'));
    writeFileSync(join(inputs, 'sub', 'care.json'), '{"a": 1}');
    let version = 'one';
    const b = builder(() => version);
    const first = await cachedProgram([inputs], b.build, cache);
    const again = await cachedProgram([inputs], b.build, cache);
    expect(b.calls()).toBe(1);
    expect(again).toEqual(first);
    // A profile edited: a new digest, a new program.
    writeFileSync(join(inputs, 'sub', 'care.json'), '{"a": 2}');
    version = 'two';
    const changed = await cachedProgram([inputs], b.build, cache);
    expect(b.calls()).toBe(2);
    expect((changed as unknown as { version: string }).version).toBe('two');
  });

  it('should build again over a damaged cached program, and without a cache', async () => {
    const cache = folder();
    const inputs = folder();
    writeFileSync(join(inputs, 'x.json'), '1');
    const b = builder(() => 'v');
    await cachedProgram([inputs], b.build, cache);
    const [file] = readdirSync(cache);
    writeFileSync(join(cache, file), '{"steps": [');
    await cachedProgram([inputs], b.build, cache);
    expect(b.calls()).toBe(2);
    await cachedProgram([inputs], b.build, undefined);
    await cachedProgram([inputs], b.build, undefined);
    expect(b.calls()).toBe(4);
  });

  it('should keep the four newest programs', async () => {
    const cache = folder();
    const inputs = folder();
    const b = builder(() => 'v');
    for (let k = 0; k < 6; k++) {
      writeFileSync(join(inputs, 'x.json'), String(k));
      await cachedProgram([inputs], b.build, cache);
    }
    expect(readdirSync(cache).filter(n => n.endsWith('.json'))).toHaveLength(4);
  });

  it('should only cost a compilation where the folder cannot be written', async () => {
    const blocked = join(folder(), 'file');
    writeFileSync(blocked, 'not a folder');
    const b = builder(() => 'v');
    const program = await cachedProgram(
      [folder()],
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
    const d0 = digestOf([dir]);
    writeFileSync(join(dir, 'a.json'), 'x');
    expect(digestOf([dir])).toBe(d0);
    writeFileSync(join(dir, 'a.json'), 'y');
    expect(digestOf([dir])).not.toBe(d0);
    rmSync(join(dir, 'a.json'));
    writeFileSync(join(dir, 'b.json'), 'y');
    expect(digestOf([dir])).not.toBe(d0);
  });

  it("should cover the profiles, the dictionary and both packages' code", () => {
    const inputs = programInputs('/some/profiles');
    expect(inputs[0]).toBe('/some/profiles');
    expect(inputs).toHaveLength(4);
    expect(inputs.some(p => /schema[/\\]lib$/.test(p))).toBe(true);
    expect(inputs.some(p => /synth[/\\](lib|src)$/.test(p))).toBe(true);
  });
});

describe('programCacheDir', () => {
  it('should follow $SNDS_SYNTH_CACHE, then $XDG_CACHE_HOME', () => {
    expect(programCacheDir({ SNDS_SYNTH_CACHE: 'off' })).toBeUndefined();
    expect(programCacheDir({ SNDS_SYNTH_CACHE: '/tmp/c' })).toBe('/tmp/c');
    expect(programCacheDir({ XDG_CACHE_HOME: '/x' })).toBe(
      join('/x', 'snds-lab', 'synth')
    );
  });
});
