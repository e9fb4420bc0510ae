/** The shared SNDS schema, imported once per test file. */
import { SndsDictionary } from '../src/dictionary.js';
import {
  defaultSchemaDir,
  importSchema,
  type IImportResult
} from '../src/importer.js';

let pending: Promise<IImportResult> | undefined;

export function sharedSchema(): Promise<IImportResult> {
  pending ??= importSchema(defaultSchemaDir());
  return pending;
}

export async function sharedDictionary(): Promise<SndsDictionary> {
  return new SndsDictionary((await sharedSchema()).data);
}
