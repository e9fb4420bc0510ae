import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  createDuckDB,
  NODE_RUNTIME,
  VoidLogger
} from '@duckdb/duckdb-wasm/blocking';
import { EngineSession } from './session.js';

function wasmDir(): string {
  const require = createRequire(import.meta.url);
  const entry =
    require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  return dirname(entry);
}

/** Opens an in-memory DuckDB-WASM session in Node (the same engine as the browser). */
export async function openNodeSession(): Promise<EngineSession> {
  const dir = wasmDir();
  const db = await createDuckDB(
    {
      mvp: { mainModule: join(dir, 'duckdb-mvp.wasm'), mainWorker: '' },
      eh: { mainModule: join(dir, 'duckdb-eh.wasm'), mainWorker: '' }
    },
    new VoidLogger(),
    NODE_RUNTIME
  );
  await db.instantiate(() => undefined);
  db.open({});
  return new EngineSession(db, 'node');
}
