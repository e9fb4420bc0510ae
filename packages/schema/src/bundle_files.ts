/** Node-only: the bundle folder on disk (`dictionary.json` + `nomenclatures/<NAME>.json`). */
import { existsSync } from 'node:fs';
import {
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  writeFile
} from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gunzipSync, gzipSync } from 'node:zlib';

import {
  MemoryNomenclatureLoader,
  decodeDictionary,
  decodeNomenclature,
  encodeDictionary,
  encodeNomenclature,
  nomenclatureFileName,
  type IDictionaryBundle,
  type INomenclatureLoader
} from './bundle.js';
import { SndsDictionary } from './dictionary.js';
import { BundleFormatError } from './errors.js';
import { defaultSchemaDir, importSchema } from './importer.js';
import type { IDictionaryData, INomenclatureValues } from './model.js';

export const DICTIONARY_FILE = 'dictionary.json';

/** `packages/schema/bundle`, next to `lib/`. */
export function defaultBundleDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', 'bundle');
}

export interface IBundleSizes {
  dictionaryBytes: number;
  dictionaryGzipBytes: number;
  nomenclatureFiles: number;
  nomenclatureBytes: number;
  nomenclatureGzipBytes: number;
  largestNomenclature: { name: string; bytes: number; gzipBytes: number };
}

async function writeAtomically(
  path: string,
  text: string | Uint8Array
): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/**
 * Writes the bundle. Nomenclature files go first and `dictionary.json` last, so an interrupted
 * build never leaves a current-looking dictionary with missing nomenclatures. Files of
 * nomenclatures that no longer exist are removed.
 */
export async function writeBundle(
  directory: string,
  data: IDictionaryData,
  values: ReadonlyMap<string, INomenclatureValues>,
  fingerprint?: string
): Promise<IBundleSizes> {
  const root = resolve(directory);
  const nomenclatureDir = join(root, 'nomenclatures');
  await mkdir(nomenclatureDir, { recursive: true });
  const wanted = new Set<string>();
  let nomenclatureBytes = 0;
  let nomenclatureGzipBytes = 0;
  let largest = { name: '', bytes: 0, gzipBytes: 0 };
  for (const nomenclature of data.nomenclatures) {
    const list: INomenclatureValues = values.get(nomenclature.name) ?? {
      name: nomenclature.name,
      columns: nomenclature.fields.map(field => field.name),
      code: nomenclature.fields.findIndex(
        field => field.name === nomenclature.code
      ),
      labels: nomenclature.labels.map(label =>
        nomenclature.fields.findIndex(field => field.name === label)
      ),
      rows: []
    };
    const file = nomenclatureFileName(nomenclature.name);
    wanted.add(file.slice('nomenclatures/'.length));
    // Stored gzipped: the lite site serves files as they are, and most of a nomenclature is
    // repeated words that gzip shrinks five to ten times.
    const text = JSON.stringify(encodeNomenclature(list));
    const gzipped = gzipSync(text, { level: constants.Z_BEST_COMPRESSION });
    await writeAtomically(join(root, file), gzipped);
    const bytes = Buffer.byteLength(text);
    const gzipBytes = gzipped.length;
    nomenclatureBytes += bytes;
    nomenclatureGzipBytes += gzipBytes;
    if (bytes > largest.bytes) {
      largest = { name: nomenclature.name, bytes, gzipBytes };
    }
  }
  for (const entry of await readdir(nomenclatureDir)) {
    if (!wanted.has(entry)) {
      await rm(join(nomenclatureDir, entry), { force: true });
    }
  }
  const text = JSON.stringify(encodeDictionary(data, fingerprint));
  await writeAtomically(join(root, DICTIONARY_FILE), text);
  return {
    dictionaryBytes: Buffer.byteLength(text),
    dictionaryGzipBytes: gzipSync(text).length,
    nomenclatureFiles: data.nomenclatures.length,
    nomenclatureBytes,
    nomenclatureGzipBytes,
    largestNomenclature: largest
  };
}

/** The fingerprint recorded in a bundle, or undefined when there is no readable bundle. */
export async function bundleFingerprint(
  directory: string
): Promise<string | undefined> {
  const path = join(resolve(directory), DICTIONARY_FILE);
  if (!existsSync(path)) {
    return undefined;
  }
  try {
    const json = JSON.parse(
      await readFile(path, 'utf8')
    ) as Partial<IDictionaryBundle>;
    return typeof json.fingerprint === 'string' ? json.fingerprint : undefined;
  } catch {
    return undefined;
  }
}

export async function readBundle(directory: string): Promise<IDictionaryData> {
  const path = join(resolve(directory), DICTIONARY_FILE);
  if (!existsSync(path)) {
    throw new BundleFormatError(
      `No dictionary bundle at ${path}: build it with \`npm run build -w @snds-lab/schema\``
    );
  }
  return decodeDictionary(JSON.parse(await readFile(path, 'utf8')));
}

/** Reads `nomenclatures/<NAME>.json` from a bundle folder, once per name. */
export class FileNomenclatureLoader implements INomenclatureLoader {
  private readonly cache = new Map<string, Promise<INomenclatureValues>>();

  constructor(private readonly directory: string) {}

  load(name: string): Promise<INomenclatureValues> {
    let pending = this.cache.get(name);
    if (!pending) {
      const path = join(resolve(this.directory), nomenclatureFileName(name));
      pending = readFile(path).then(
        bytes =>
          decodeNomenclature(JSON.parse(gunzipSync(bytes).toString('utf8'))),
        () => {
          throw new BundleFormatError(
            `Nomenclature file ${path} is missing: rebuild the bundle`
          );
        }
      );
      this.cache.set(name, pending);
    }
    return pending;
  }
}

export interface ILoadedDictionary {
  dictionary: SndsDictionary;
  loader: INomenclatureLoader;
  /** Where it came from: the built bundle or the schema folder. */
  origin: { kind: 'bundle' | 'schema'; path: string };
}

/**
 * The dictionary from the built bundle when there is one, else imported from the schema folder
 * (`$SNDS_SCHEMA_DIR` or `<repo>/../shared/snds-schema`).
 */
export async function loadDictionary(
  options: { bundleDir?: string; schemaDir?: string } = {}
): Promise<ILoadedDictionary> {
  if (!options.schemaDir) {
    const bundleDir = resolve(options.bundleDir ?? defaultBundleDir());
    if (existsSync(join(bundleDir, DICTIONARY_FILE)) || options.bundleDir) {
      return {
        dictionary: new SndsDictionary(await readBundle(bundleDir)),
        loader: new FileNomenclatureLoader(bundleDir),
        origin: { kind: 'bundle', path: bundleDir }
      };
    }
  }
  const schemaDir = resolve(options.schemaDir ?? defaultSchemaDir());
  const imported = await importSchema(schemaDir);
  return {
    dictionary: new SndsDictionary(imported.data),
    loader: new MemoryNomenclatureLoader(imported.values),
    origin: { kind: 'schema', path: schemaDir }
  };
}
