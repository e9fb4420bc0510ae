/**
 * Entry point of the self-hosted bridge that the Python helper loads with a
 * dynamic import inside the Pyodide worker. Built by vite into one ES module
 * with apache-arrow bundled (the blocking build imports it by bare name).
 */
import { openBrowserSession } from './browser.js';
import type { EngineSession } from './session.js';
import {
  restoreDataset as restoreKept,
  saveDataset as saveKept
} from './warm_cache.js';

export { EngineError } from './errors.js';
export type { IColumnarResult } from './columnar.js';

let pending: Promise<EngineSession> | null = null;

/**
 * The shared session of this worker, opened once. `ehWasmUrl` defaults to
 * the wasm file next to this module.
 */
export function session(ehWasmUrl?: string): Promise<EngineSession> {
  if (!pending) {
    const url = ehWasmUrl ?? new URL('./duckdb-eh.wasm', import.meta.url).href;
    pending = openBrowserSession({ ehWasmUrl: url });
    pending.catch(() => {
      pending = null;
    });
  }
  return pending;
}

/**
 * Warm start (see warm_cache.ts), for the Python helper: datasets kept in
 * IndexedDB under a key the helper builds. Entries cross as JSON text.
 */
export async function restoreDataset(key: string): Promise<string | null> {
  const entry = await restoreKept(await session(), key);
  return entry ? JSON.stringify(entry) : null;
}

export async function saveDataset(
  key: string,
  tables: string[],
  meta: string
): Promise<string> {
  return JSON.stringify(await saveKept(await session(), key, tables, meta));
}

export { clearDatasets, listEntries } from './warm_cache.js';
