/**
 * Node-only: reads a folder of SNDS Table Schema files and nomenclatures and returns the
 * dictionary. Layout: `schemas/<PRODUIT>/<TABLE>.json` and `nomenclatures/<SOURCE>/<NOM>.json`
 * with `<NOM>.csv` beside it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { SchemaImportError, type IImportIssue } from './errors.js';
import type { IDictionaryData, INomenclatureValues } from './model.js';
import {
  normalizeSchema,
  type INomenclatureSourceFile,
  type ISourceFile
} from './normalize.js';

export interface IImportResult {
  directory: string;
  data: IDictionaryData;
  values: Map<string, INomenclatureValues>;
  /** Warnings only: errors make `importSchema` throw. */
  warnings: IImportIssue[];
}

/** The repository root: the nearest folder above this module whose package.json has workspaces. */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const json = JSON.parse(readFileSync(manifest, 'utf8')) as {
          workspaces?: unknown;
        };
        if (json.workspaces) {
          return dir;
        }
      } catch {
        // Not a readable manifest: keep climbing.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) {
      return process.cwd();
    }
    dir = parent;
  }
}

/** `$SNDS_SCHEMA_DIR`, else `<repository root>/../shared/snds-schema`. */
export function defaultSchemaDir(): string {
  const fromEnv = process.env.SNDS_SCHEMA_DIR;
  if (fromEnv && fromEnv.trim() !== '') {
    return resolve(fromEnv);
  }
  return resolve(repositoryRoot(), '..', 'shared', 'snds-schema');
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(current: string): Promise<void> {
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else if (entry.isFile()) {
        out.push(path);
      }
    }
  }
  await walk(dir);
  return out.sort();
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** The files the import reads, relative to `directory`, in a stable order. */
export async function listSchemaFiles(
  directory: string
): Promise<{ tables: string[]; nomenclatures: string[] }> {
  const root = resolve(directory);
  const schemas = join(root, 'schemas');
  const nomenclatures = join(root, 'nomenclatures');
  const tables = existsSync(schemas)
    ? (await listFiles(schemas)).filter(f => f.endsWith('.json'))
    : [];
  const noms = existsSync(nomenclatures)
    ? (await listFiles(nomenclatures)).filter(
        f => f.endsWith('.json') || f.endsWith('.csv')
      )
    : [];
  return {
    tables: tables.map(f => toPosix(relative(root, f))),
    nomenclatures: noms.map(f => toPosix(relative(root, f)))
  };
}

/**
 * A fingerprint of the inputs (paths, sizes, modification times): equal fingerprints mean the
 * bundle built from them is still current.
 */
export async function fingerprintSchemaDir(
  directory: string,
  extra = ''
): Promise<string> {
  const root = resolve(directory);
  const { tables, nomenclatures } = await listSchemaFiles(root);
  const hash = createHash('sha256');
  hash.update(extra);
  for (const file of [...tables, ...nomenclatures]) {
    const info = await stat(join(root, file));
    hash.update(`${file}\t${info.size}\t${Math.round(info.mtimeMs)}\n`);
  }
  return hash.digest('hex');
}

/**
 * Imports the schema folder. Throws `SchemaImportError` listing every malformed or inconsistent
 * file when there is at least one error; warnings come back in the result.
 */
export async function importSchema(
  directory: string = defaultSchemaDir()
): Promise<IImportResult> {
  const root = resolve(directory);
  if (!existsSync(join(root, 'schemas'))) {
    throw new SchemaImportError(root, [
      {
        severity: 'error',
        file: 'schemas/',
        message: `folder not found in ${root}; point SNDS_SCHEMA_DIR at the SNDS schema folder (the one holding schemas/ and nomenclatures/)`
      }
    ]);
  }
  const { tables, nomenclatures } = await listSchemaFiles(root);
  const read = async (path: string): Promise<ISourceFile> => ({
    path,
    text: await readFile(join(root, path), 'utf8')
  });
  const tableFiles = await Promise.all(tables.map(read));
  const csvPaths = new Set(nomenclatures.filter(f => f.endsWith('.csv')));
  const jsonPaths = nomenclatures.filter(f => f.endsWith('.json'));
  const nomenclatureFiles: INomenclatureSourceFile[] = await Promise.all(
    jsonPaths.map(async path => {
      const file: INomenclatureSourceFile = await read(path);
      const csvPath = path.replace(/\.json$/, '.csv');
      if (csvPaths.has(csvPath)) {
        file.csv = await read(csvPath);
        csvPaths.delete(csvPath);
      }
      return file;
    })
  );
  const { data, values, issues } = normalizeSchema(
    tableFiles,
    nomenclatureFiles
  );
  for (const orphan of csvPaths) {
    issues.push({
      severity: 'warning',
      file: orphan,
      message: 'has values but no JSON schema beside it; it is ignored'
    });
  }
  if (issues.some(issue => issue.severity === 'error')) {
    throw new SchemaImportError(root, issues);
  }
  return { directory: root, data, values, warnings: issues };
}
