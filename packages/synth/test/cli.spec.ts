import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES } from '../src/build_program.js';
import { parseArgs } from '../src/cli_lib.js';
import { inWasmMemory } from '../src/write_dataset.js';
import { SynthRequestError } from '../src/runner.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '../lib/cli.js');

const runIn = (
  env: NodeJS.ProcessEnv,
  args: string[],
  cwd: string = process.cwd()
) => {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env,
    cwd
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
// The commands here keep their programs in a cache of their own, not the user's.
const CACHE = mkdtempSync(join(tmpdir(), 'snds-synth-cli-cache-'));
const run = (...args: string[]) =>
  runIn({ ...process.env, SNDS_SYNTH_CACHE: CACHE }, args);

describe('snds-synth arguments', () => {
  it('reads the options a command takes, and the folder of check', () => {
    const { options, positional } = parseArgs('generate', [
      '--patients',
      '500',
      '--out',
      'x',
      '--seed',
      '-1'
    ]);
    expect(Object.fromEntries(options)).toEqual({
      patients: '500',
      out: 'x',
      seed: '-1'
    });
    expect(positional).toEqual([]);
    expect(parseArgs('check', ['dir', '--profiles', 'p']).positional).toEqual([
      'dir'
    ]);
  });

  it.each([
    [
      ['--patient', '5000'],
      /generate does not take --patient; its options are --patients,/
    ],
    [['--out'], /--out needs a value/],
    [['--out', '--format', 'csv'], /--out needs a value/],
    [['--seed', '1', '--seed', '2'], /--seed is given twice/],
    [['--out', 'x', 'stray'], /generate does not take "stray"/],
    [['--patients=5000'], /write --patients 5000: a space/]
  ])('refuses %j with a message that names it', (args, message) => {
    expect(() => parseArgs('generate', args)).toThrow(SynthRequestError);
    expect(() => parseArgs('generate', args)).toThrow(message);
  });

  it('says how to write a table too big for DuckDB-WASM, and lets other errors through', () => {
    const fail = (message: string) => () => {
      throw new Error(message);
    };
    expect(() =>
      inWasmMemory('ER_PRS_F', fail('malloc of size 2147483648 failed'))
    ).toThrow(
      /ER_PRS_F is too big to write out of DuckDB-WASM .*python -m snds generate/
    );
    expect(() => inWasmMemory('ER_PRS_F', fail('disk full'))).toThrow(
      /^disk full$/
    );
    expect(inWasmMemory('T', () => 7)).toBe(7);
  });

  it('refuses an option of another command', () => {
    expect(() => parseArgs('checksum', ['--out', 'x'])).toThrow(
      /checksum does not take --out/
    );
    expect(() => parseArgs('check', ['a', 'b'])).toThrow(
      /check does not take "b"/
    );
  });

  it('exits 2 with the message and no stack trace on a mistyped option', () => {
    const r = run('generate', '--patient', '5000', '--out', tmpdir());
    expect(r.code).toBe(2);
    expect(r.err).toContain('snds-synth: generate does not take --patient');
    expect(r.err).not.toMatch(/^\s+at /m);
    expect(r.out).toBe('');
  });

  it('refuses --products with no product, and check with no folder', () => {
    for (const products of ['', ',', ' , ']) {
      const r = run('generate', '--products', products, '--out', tmpdir());
      expect(r.code).toBe(2);
      expect(r.err).toContain(
        `--products takes product names separated by commas, such as dcir,pmsi, not "${products}"; leave it out for every product.`
      );
    }
    const r = run('check');
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'check needs the folder of a generated dataset: snds-synth check DIR.'
    );
  });

  it('prints the usage for --help, and exits 0', () => {
    const r = run('generate', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('snds-synth generate [--patients N]');
  });

  it('refuses an --out that is a file, or lies in one, before generating', () => {
    const dir = mkdtempSync(join(tmpdir(), 'snds-synth-out-'));
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'mine');
    for (const out of [file, join(file, 'dataset')]) {
      const r = run('generate', '--patients', '100', '--out', out);
      expect(r.code).toBe(2);
      expect(r.err).toContain(
        'is a file: give a folder to write the tables into.'
      );
      expect(r.err).not.toMatch(/^\s+at /m);
    }
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it.skipIf(!existsSync('/proc/self'))(
    'says why a folder cannot be made, without hanging (/proc)',
    () => {
      const r = run('generate', '--patients', '100', '--out', '/proc/snds-x/y');
      expect(r.code).toBe(2);
      expect(r.err).toContain(
        '--out /proc/snds-x/y: cannot create /proc/snds-x'
      );
    }
  );

  it('leaves none of the folders it made when the request is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'snds-synth-out-'));
    const out = join(dir, 'a', 'b');
    for (const bad of [
      ['--patients', '-1'],
      ['--patients', '100', '--products', 'nope']
    ]) {
      const r = run('generate', ...bad, '--out', out);
      expect(r.code).toBe(2);
      expect(existsSync(join(dir, 'a'))).toBe(false);
    }
    expect(run('generate', '--patients', '-1', '--out', out).err).toContain(
      'patients must be a whole number from 100 to 1000000, not -1.'
    );
  });

  it('takes the defaults of python -m snds generate: seed 0, 2019', () => {
    const request = ['--patients', '100', '--products', 'beneficiaire'];
    const defaults = run('checksum', ...request);
    expect(defaults.code).toBe(0);
    expect(defaults.out).toBe(
      run('checksum', ...request, '--seed', '0', '--years', '2019').out
    );
    expect(defaults.out).not.toBe(
      run('checksum', ...request, '--seed', '1').out
    );
  });

  it('keeps the compiled program for the next command ($SNDS_SYNTH_CACHE)', () => {
    const cache = mkdtempSync(join(tmpdir(), 'snds-synth-cache-'));
    const profiles = mkdtempSync(join(tmpdir(), 'snds-synth-profiles-'));
    cpSync(DEFAULT_PROFILES, profiles, { recursive: true });
    const request = [
      'checksum',
      '--patients',
      '100',
      '--products',
      'dcir',
      '--profiles',
      profiles
    ];
    const env = { ...process.env, SNDS_SYNTH_CACHE: cache };
    const programs = () =>
      readdirSync(cache).filter(n => /^program-[0-9a-f]{64}\.json$/.test(n));
    const first = runIn(env, request);
    expect(first.code).toBe(0);
    expect(programs()).toHaveLength(1);
    const file = join(cache, programs()[0]);
    const kept = statSync(file);
    // Read, not compiled and written again: the same file, the same rows.
    const second = runIn(env, request);
    expect(second.out).toBe(first.out);
    expect(statSync(file).ino).toBe(kept.ino);
    expect(statSync(file).mtimeMs).toBe(kept.mtimeMs);
    // A profile edited in place: compiled again, other rows.
    const care = JSON.parse(readFileSync(join(profiles, 'care.json'), 'utf8'));
    care.gpVisitsPerYear = care.gpVisitsPerYear.map((v: number) => v * 3);
    writeFileSync(join(profiles, 'care.json'), JSON.stringify(care));
    const edited = runIn(env, request);
    expect(edited.code).toBe(0);
    expect(edited.out).not.toBe(first.out);
    expect(programs()).toHaveLength(2);
    // A broken profile: its message, and nothing kept.
    care.gpVisitsPerYear = 'many';
    writeFileSync(join(profiles, 'care.json'), JSON.stringify(care));
    const broken = runIn(env, request);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('care.json');
    expect(programs()).toHaveLength(2);
    // off: compiled every time, nothing kept, not even in the working folder.
    const home = mkdtempSync(join(tmpdir(), 'snds-synth-home-'));
    const off = runIn(
      { ...process.env, SNDS_SYNTH_CACHE: 'off', XDG_CACHE_HOME: home },
      ['checksum', '--patients', '100', '--products', 'beneficiaire'],
      home
    );
    expect(off.code).toBe(0);
    expect(off.out.startsWith('{') && readdirSync(home).length === 0).toBe(
      true
    );
  });

  it('says what it does on a terminal, and nothing through a pipe', () => {
    const out = mkdtempSync(join(tmpdir(), 'snds-synth-tty-'));
    const args = [
      'generate',
      '--patients',
      '1000',
      '--products',
      'beneficiaire',
      '--format',
      'csv'
    ];
    const quoted = [process.execPath, CLI, ...args, '--out', join(out, 'tty')]
      .map(a => `'${a.replace(/'/g, "'\\''")}'`)
      .join(' ');
    // script(1) runs the command on a pseudo-terminal: stderr is a tty there.
    const tty = spawnSync('script', ['-qec', quoted, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, SNDS_SYNTH_CACHE: CACHE }
    });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toContain(
      'snds-synth: generating 1,000 patients, 2019, seed 0…'
    );
    expect(tty.stdout).toContain(
      `snds-synth: writing 2 tables as csv to ${join(out, 'tty')}…`
    );
    const piped = run(...args, '--out', join(out, 'piped'));
    expect(piped.code).toBe(0);
    expect(piped.err).toBe('');
    expect(piped.out).toContain('2 tables');
  });

  it('refuses a --profiles folder that holds no profiles', () => {
    const r = run('checksum', '--profiles', tmpdir());
    expect(r.code).toBe(2);
    expect(r.err).toContain('--profiles takes a folder of generator profiles');
  });

  it('generates from the profiles of --profiles: more GP visits, more ER_PRS_F lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'snds-synth-profiles-'));
    cpSync(DEFAULT_PROFILES, dir, { recursive: true });
    const care = JSON.parse(readFileSync(join(dir, 'care.json'), 'utf8'));
    care.gpVisitsPerYear = care.gpVisitsPerYear.map((v: number) => v * 3);
    writeFileSync(join(dir, 'care.json'), JSON.stringify(care));
    const request = ['--patients', '100', '--seed', '1', '--products', 'dcir'];
    const rows = (...extra: string[]) => {
      const r = run('checksum', ...request, ...extra);
      expect(r.err).toBe('');
      return JSON.parse(r.out).ER_PRS_F[0] as number;
    };
    const shipped = rows();
    const tripled = rows('--profiles', dir);
    expect(tripled).toBeGreaterThan(shipped * 1.3);
  });
});
