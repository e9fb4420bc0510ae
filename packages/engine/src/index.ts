export {
  EngineSession,
  OFFLINE_SETTINGS,
  PinnedReader,
  SESSION_DATABASE
} from './session.js';
export { EngineError } from './errors.js';
export { toColumnar } from './columnar.js';
export type { ColumnKind, IColumnarResult } from './columnar.js';
export { ipcFileToStream, snapshotBytes } from './snapshot.js';
export type { ITableSnapshot } from './snapshot.js';
