/**
 * Entry point of the self-hosted bridge that the Python helper loads with a
 * dynamic import inside the Pyodide worker. Built by vite into one ES module
 * with apache-arrow bundled (the blocking build imports it by bare name).
 */
import { openBrowserSession } from './browser.js';
import type { EngineSession } from './session.js';

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
