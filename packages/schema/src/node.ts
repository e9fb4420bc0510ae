/** Node-only entry (`@snds-lab/schema/node`): reads the schema folder and the bundle from disk. */
export {
  importSchema,
  defaultSchemaDir,
  fingerprintSchemaDir,
  listSchemaFiles,
  type IImportResult
} from './importer.js';
export {
  writeBundle,
  readBundle,
  bundleFingerprint,
  defaultBundleDir,
  loadDictionary,
  FileNomenclatureLoader,
  DICTIONARY_FILE,
  type IBundleSizes,
  type ILoadedDictionary
} from './bundle_files.js';
export { buildBundle, type IBuildBundleResult } from './build_bundle.js';
