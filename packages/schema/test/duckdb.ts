/** A blocking DuckDB-WASM connection for tests, offline (extension autoloading off). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

interface IPrepared {
  close(): void;
}

export interface ITestConnection {
  query(sql: string): { toArray(): Record<string, unknown>[] };
  prepare(sql: string): IPrepared;
  close(): void;
}

export async function openDuckDb(): Promise<ITestConnection> {
  const duckdb = require('@duckdb/duckdb-wasm/blocking');
  const dist = dirname(
    require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm')
  );
  const db = await duckdb.createDuckDB(
    {
      mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
      eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: '' }
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME
  );
  await db.instantiate();
  const conn = db.connect() as ITestConnection;
  conn.query('SET autoload_known_extensions = false');
  conn.query('SET autoinstall_known_extensions = false');
  return conn;
}

/** Prepares `sql` (binding every name and type) and throws DuckDB's message with the SQL. */
export function prepare(conn: ITestConnection, sql: string): void {
  let statement: IPrepared;
  try {
    statement = conn.prepare(sql);
  } catch (error) {
    throw new Error(
      `DuckDB refused:\n${(error as Error).message}\n--- SQL ---\n${sql}`,
      { cause: error }
    );
  }
  statement.close();
}
