/** Writes the compiled program (JSON) for the Python runner: `node lib/build_program.js --out FILE`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDictionary } from '@snds-lab/schema/node';
import { compileProgram } from './compile.js';
import { ProfileError, readProfiles } from './profiles.js';

export const REPO_ROOT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../..'
);
export const DEFAULT_PROFILES = resolve(REPO_ROOT, 'datasets/synth');

export async function buildProgram(profilesDir = DEFAULT_PROFILES) {
  const { dictionary, loader } = await loadDictionary();
  return compileProgram({
    dictionary,
    loader,
    profiles: readProfiles(profilesDir)
  });
}

if (
  process.argv[1] &&
  resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  const args = process.argv.slice(2);
  const out = args[args.indexOf('--out') + 1];
  const profiles = args.includes('--profiles')
    ? args[args.indexOf('--profiles') + 1]
    : DEFAULT_PROFILES;
  if (!args.includes('--out') || !out) {
    process.stderr.write(
      'usage: node lib/build_program.js --out FILE [--profiles DIR]\n'
    );
    process.exit(2);
  }
  const program = await buildProgram(profiles).catch((error: Error) => {
    if (!(error instanceof ProfileError)) {
      throw error; // a bug of ours: its stack helps
    }
    // The message says what to fix; a stack would only hide it.
    process.stderr.write(`build_program: ${error.message}\n`);
    process.exit(2);
  });
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(out, JSON.stringify(program));
  process.stdout.write(
    `synth program: ${program.steps.length} steps, ${program.tables.length} tables → ${out}\n`
  );
}
