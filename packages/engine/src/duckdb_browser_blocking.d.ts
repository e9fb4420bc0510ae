// The browser blocking build is not reachable through the package's export
// map; vite aliases this name to its file (see vite.config.ts).
declare module 'duckdb-wasm-browser-blocking' {
  import type {
    DuckDBBindings,
    DuckDBBundles,
    DuckDBRuntime,
    Logger
  } from '@duckdb/duckdb-wasm/blocking';
  export const BROWSER_RUNTIME: DuckDBRuntime;
  export class VoidLogger implements Logger {
    log(): void;
  }
  export function createDuckDB(
    bundles: DuckDBBundles,
    logger: Logger,
    runtime: DuckDBRuntime
  ): Promise<DuckDBBindings>;
}
