/**
 * Builds `bundle/` from the schema folder: `node lib/build_bundle.js [--force] [--schema DIR]
 * [--out DIR]`. Skips the work when neither the inputs nor this library changed since the last
 * build.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { BUNDLE_VERSION } from './bundle.js';
import {
  bundleFingerprint,
  defaultBundleDir,
  writeBundle,
  type IBundleSizes
} from './bundle_files.js';
import { formatIssue, SchemaImportError } from './errors.js';
import {
  defaultSchemaDir,
  fingerprintSchemaDir,
  importSchema
} from './importer.js';

export interface IBuildBundleResult {
  skipped: boolean;
  schemaDir: string;
  bundleDir: string;
  fingerprint: string;
  sizes?: IBundleSizes;
  warnings: string[];
  milliseconds: number;
}

/** A hash of this library's own code, so that a changed importer rebuilds the bundle. */
async function codeFingerprint(): Promise<string> {
  const dir = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  hash.update(`bundle-v${BUNDLE_VERSION}\n`);
  const files = (await readdir(dir))
    .filter(f => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  for (const file of files) {
    hash.update(file);
    hash.update(await readFile(join(dir, file)));
  }
  return hash.digest('hex');
}

export async function buildBundle(
  options: { schemaDir?: string; bundleDir?: string; force?: boolean } = {}
): Promise<IBuildBundleResult> {
  const started = performance.now();
  const schemaDir = resolve(options.schemaDir ?? defaultSchemaDir());
  const bundleDir = resolve(options.bundleDir ?? defaultBundleDir());
  const fingerprint = await fingerprintSchemaDir(
    schemaDir,
    await codeFingerprint()
  );
  if (!options.force && (await bundleFingerprint(bundleDir)) === fingerprint) {
    return {
      skipped: true,
      schemaDir,
      bundleDir,
      fingerprint,
      warnings: [],
      milliseconds: performance.now() - started
    };
  }
  const imported = await importSchema(schemaDir);
  const sizes = await writeBundle(
    bundleDir,
    imported.data,
    imported.values,
    fingerprint
  );
  return {
    skipped: false,
    schemaDir,
    bundleDir,
    fingerprint,
    sizes,
    warnings: imported.warnings.map(formatIssue),
    milliseconds: performance.now() - started
  };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

async function main(argv: string[]): Promise<number> {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  try {
    const result = await buildBundle({
      schemaDir: value('--schema'),
      bundleDir: value('--out'),
      force: argv.includes('--force')
    });
    const out = process.stdout;
    if (result.skipped) {
      out.write(
        `snds bundle: up to date in ${result.bundleDir} (inputs unchanged; --force to rebuild)\n`
      );
      return 0;
    }
    for (const warning of result.warnings) {
      out.write(`warning: ${warning}\n`);
    }
    const s = result.sizes as IBundleSizes;
    out.write(
      `snds bundle: ${result.bundleDir} from ${result.schemaDir} in ${Math.round(result.milliseconds)} ms\n` +
        `  dictionary.json      ${kb(s.dictionaryBytes)} (${kb(s.dictionaryGzipBytes)} gzipped)\n` +
        `  nomenclatures/*.json.gz ${s.nomenclatureFiles} files, ${kb(s.nomenclatureGzipBytes)} stored (${kb(s.nomenclatureBytes)} inflated); largest ${s.largestNomenclature.name} ${kb(s.largestNomenclature.gzipBytes)}\n`
    );
    return 0;
  } catch (error) {
    const message =
      error instanceof SchemaImportError || error instanceof Error
        ? error.message
        : String(error);
    process.stderr.write(`snds bundle: ${message}\n`);
    return 1;
  }
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(resolve(process.argv[1])).href
) {
  main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  });
}
