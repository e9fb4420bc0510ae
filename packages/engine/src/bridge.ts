/**
 * Entry point of the self-hosted bridge that the Python helper loads with a
 * dynamic import inside the Pyodide worker. Built by vite into one ES module
 * with apache-arrow bundled (the blocking build imports it by bare name).
 */
import { openBrowserSession } from './browser.js';
import type { EngineSession } from './session.js';
import { BackgroundKeeper, IdleGate } from './background_keep.js';
import { restoreDataset as restoreKept } from './warm_cache.js';

export { EngineError } from './errors.js';
export type { IColumnarResult } from './columnar.js';

let pending: Promise<EngineSession> | null = null;
let opened: EngineSession | null = null;

/**
 * The shared session of this worker, opened once. `ehWasmUrl` defaults to
 * the wasm file next to this module.
 */
export function session(ehWasmUrl?: string): Promise<EngineSession> {
  if (!pending) {
    const url = ehWasmUrl ?? new URL('./duckdb-eh.wasm', import.meta.url).href;
    pending = openBrowserSession({ ehWasmUrl: url });
    pending.then(
      s => {
        opened = s;
      },
      () => {
        pending = null;
      }
    );
  }
  return pending;
}

/** The kernel's cells, as the Python helper reports them (IPython events). */
const gate = new IdleGate();
const keeper = new BackgroundKeeper(gate);

export function cellStarted(): void {
  gate.cellStarted();
}

export function cellFinished(): void {
  gate.cellFinished();
}

/**
 * Warm start (see warm_cache.ts), for the Python helper: datasets kept in
 * IndexedDB under a key the helper builds. Entries cross as JSON text.
 */
export async function restoreDataset(key: string): Promise<string | null> {
  const entry = await restoreKept(await session(), key);
  return entry ? JSON.stringify(entry) : null;
}

/**
 * Starts keeping `tables` as they are now, in the background once the kernel
 * is idle (background_keep.ts); resolves to the outcome as JSON text.
 */
export function keepDataset(
  key: string,
  tables: string[],
  meta: string
): Promise<string> {
  if (!opened) {
    return Promise.resolve(
      JSON.stringify({ state: 'failed', error: 'DuckDB-WASM is not open.' })
    );
  }
  return keeper.keep(opened, key, tables, meta).then(o => JSON.stringify(o));
}

/** Stops a pending background save: its dataset is about to be replaced. */
export function cancelKeep(): void {
  keeper.cancel();
}

export { clearDatasets, listEntries } from './warm_cache.js';
