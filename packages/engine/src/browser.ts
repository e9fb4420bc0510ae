import {
  BROWSER_RUNTIME,
  createDuckDB,
  VoidLogger
} from 'duckdb-wasm-browser-blocking';
import { EngineError } from './errors.js';
import { EngineSession } from './session.js';

export interface IBrowserSessionOptions {
  /** URL of duckdb-eh.wasm (wasm exceptions; every current browser). */
  ehWasmUrl: string;
  /** URL of duckdb-mvp.wasm, for browsers without wasm exceptions. */
  mvpWasmUrl?: string;
}

/**
 * Opens an in-memory DuckDB-WASM session in this thread (a worker: the
 * blocking API must not run on a page's main thread for long queries).
 */
export async function openBrowserSession(
  options: IBrowserSessionOptions
): Promise<EngineSession> {
  const db = await createDuckDB(
    {
      mvp: {
        mainModule: options.mvpWasmUrl ?? options.ehWasmUrl,
        mainWorker: ''
      },
      eh: { mainModule: options.ehWasmUrl, mainWorker: '' }
    },
    new VoidLogger(),
    BROWSER_RUNTIME
  );
  try {
    await db.instantiate(() => undefined);
  } catch (error) {
    throw new EngineError(
      `DuckDB-WASM could not start from ${options.ehWasmUrl} (${String(error)}). ` +
        'Check that the site was built with its engine files (npm start).'
    );
  }
  db.open({});
  return new EngineSession(db, 'browser');
}
