import { tableToIPC, type Table } from 'apache-arrow';
import type {
  DuckDBBindings,
  DuckDBConnection
} from '@duckdb/duckdb-wasm/blocking';
import { createTableSql } from './arrow_types.js';
import { toColumnar, type IColumnarResult } from './columnar.js';
import { EngineError, queryError } from './errors.js';
import {
  ipcFileToStream,
  isWholeStream,
  quoteIdent,
  type ITableSnapshot
} from './snapshot.js';

/**
 * Settings applied to every new database. The WASM build would otherwise
 * download parquet/json/icu from the extension repository, which is
 * unreachable offline and hangs (duckdb-wasm#2010).
 */
export const OFFLINE_SETTINGS = [
  'SET autoload_known_extensions = false',
  'SET autoinstall_known_extensions = false'
];

/**
 * The database every session works in: in memory, but with DuckDB's column compression,
 * which the default in-memory database skips. Tables take about 7 times less of the
 * 4 GB WebAssembly memory (a synthetic SNDS of 10,000 patients: 86 MB instead of 601 MB).
 */
export const SESSION_DATABASE = 'snds_lab';

/** A synchronous DuckDB-WASM session: one database, one connection. */
export class EngineSession {
  private _conn: DuckDBConnection | null;

  constructor(
    private readonly _db: DuckDBBindings,
    readonly runtime: 'node' | 'browser'
  ) {
    this._conn = _db.connect();
    for (const statement of [
      ...OFFLINE_SETTINGS,
      `ATTACH IF NOT EXISTS ':memory:' AS ${SESSION_DATABASE} (COMPRESS)`,
      `USE ${SESSION_DATABASE}`
    ]) {
      this._conn.query(statement);
    }
  }

  /** DuckDB's library version, e.g. "v1.4.3". */
  get version(): string {
    return this._db.getVersion();
  }

  get closed(): boolean {
    return this._conn === null;
  }

  private get conn(): DuckDBConnection {
    if (!this._conn) {
      throw new EngineError(
        'This DuckDB session is closed: open a new one before querying.'
      );
    }
    return this._conn;
  }

  /**
   * Runs SQL and returns the Arrow result. With `params`, the statement is
   * prepared and each `?` bound to a value. Throws EngineError with DuckDB's message.
   */
  query(sql: string, params: unknown[] = []): Table {
    try {
      if (params.length === 0) {
        return this.conn.query(sql);
      }
      const statement = this.conn.prepare(sql);
      try {
        return statement.query(...params);
      } finally {
        statement.close();
      }
    } catch (error) {
      if (error instanceof EngineError) {
        throw error;
      }
      throw queryError(error, sql);
    }
  }

  /** Runs SQL and lays the result out column by column for the Python helper. */
  queryColumnar(sql: string, params: unknown[] = []): IColumnarResult {
    return toColumnar(this.query(sql, params));
  }

  /** Appends an Arrow table to `name`, creating it when asked. */
  insertArrow(name: string, table: Table, create = true): void {
    if (table.numRows === 0) {
      // DuckDB-WASM creates nothing from a stream without record batches.
      if (create) {
        this.query(createTableSql(name, table.schema));
      }
      return;
    }
    // Serialise with our own arrow: DuckDB's copy of the library (CJS in
    // Node) does not recognise Tables built by this one, and inserts nothing.
    this.insertArrowStream(name, tableToIPC(table, 'stream'), create);
  }

  /**
   * Appends an Arrow IPC stream of one or more record batches to `name`, creating it when
   * asked: bytes another Arrow library wrote go in without being decoded here. The stream
   * must be whole: DuckDB-WASM inserts nothing, silently, from one without its end marker,
   * and takes it as the start of the next insert.
   */
  insertArrowStream(name: string, ipc: Uint8Array, create = true): void {
    if (!isWholeStream(ipc)) {
      throw new EngineError(
        `The Arrow data for ${name} is cut short, or is not an Arrow IPC stream: write the whole stream, then insert it.`,
        `insert into ${name}`
      );
    }
    try {
      this.conn.insertArrowFromIPCStream(ipc, { name, create });
    } catch (error) {
      throw queryError(error, `insert into ${name}`);
    }
  }

  /**
   * Each table's CREATE statement and rows (the Arrow IPC stream DuckDB
   * writes, never decoded), to keep them outside the engine.
   */
  snapshotTables(names: string[]): ITableSnapshot[] {
    const reader = this.pinnedReader(names);
    try {
      return names.map(name => reader.snapshot(name));
    } finally {
      reader.close();
    }
  }

  /**
   * A reader of `names` as they are now: its own connection and transaction
   * go on seeing them while this session changes or replaces them.
   */
  pinnedReader(names: string[]): PinnedReader {
    return new PinnedReader(this._db.connect(), names, this.currentDatabase());
  }

  /** The database unqualified names resolve in (USE changes it). */
  currentDatabase(): string {
    return String(this.query('SELECT current_database() AS d').toArray()[0].d);
  }
  /** Recreates tables from snapshots, replacing tables of the same names. */
  restoreTables(snapshots: ITableSnapshot[]): void {
    this.query('BEGIN TRANSACTION');
    try {
      for (const { name, ddl, ipc } of snapshots) {
        this.query(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
        this.query(ddl);
        this.insertArrowStream(name, ipc, false);
      }
      this.query('COMMIT');
    } catch (error) {
      this.query('ROLLBACK');
      throw error;
    }
  }

  /** Makes bytes readable by SQL under `name` (CSV or Arrow IPC in the browser). */
  registerFile(name: string, bytes: Uint8Array): void {
    this._db.registerFileBuffer(name, bytes);
  }

  /** Forgets a file registered under `name`, releasing its bytes. */
  dropFile(name: string): void {
    this._db.dropFile(name);
  }

  close(): void {
    this._conn?.close();
    this._conn = null;
    this._db.reset();
  }
}

/** Tables read on a second connection, inside one transaction (see pinnedReader). */
export class PinnedReader {
  private _conn: DuckDBConnection | null;
  /** Each table's CREATE statement. */
  private readonly _definitions = new Map<string, string>();

  constructor(conn: DuckDBConnection, names: string[], database: string) {
    this._conn = conn;
    try {
      conn.query(`USE ${quoteIdent(database)}`);
      conn.query('BEGIN TRANSACTION');
      // Reading the catalog starts the transaction: from here on it sees
      // the tables as they are now. duckdb_tables() writes every table's
      // statement on each call, so it is read once.
      const wanted = new Set(names);
      for (const row of conn.query(
        'SELECT table_name, sql FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = current_schema()'
      )) {
        if (wanted.has(row.table_name)) {
          this._definitions.set(row.table_name, row.sql);
        }
      }
    } catch (error) {
      this.close();
      throw queryError(error, 'BEGIN TRANSACTION');
    }
    const missing = names.find(name => !this._definitions.has(name));
    if (missing !== undefined) {
      this.close();
      throw new EngineError(`No table ${missing} to keep: it was not created.`);
    }
  }

  /** One table's CREATE statement and rows, as they were when the reader opened. */
  snapshot(name: string): ITableSnapshot {
    const ipc = this._ipc(name, `SELECT * FROM ${quoteIdent(name)}`);
    return { name, ddl: this._definitions.get(name)!, ipc };
  }

  /**
   * The rows of a table whose row ids are `from` to `from + count` (excluded), in the
   * table's order, as an Arrow IPC stream: a table too big for one result is read in
   * slices, up to its rowIdEnd.
   */
  slice(name: string, from: number, count: number): Uint8Array {
    const lo = Math.floor(from);
    const hi = lo + Math.floor(count);
    return this._ipc(
      name,
      `SELECT * FROM ${quoteIdent(name)} WHERE rowid >= ${lo} AND rowid < ${hi}`
    );
  }

  /** How many rows a table has. */
  rowCount(name: string): number {
    return this._number(name, `SELECT count(*) AS n FROM ${quoteIdent(name)}`);
  }

  /** One past a table's last row id (its row count, unless rows were deleted). */
  rowIdEnd(name: string): number {
    return this._number(
      name,
      `SELECT coalesce(max(rowid) + 1, 0) AS n FROM ${quoteIdent(name)}`
    );
  }

  /**
   * Writes a table's rows, as they were when the reader opened, to the file `path` with
   * DuckDB's COPY and its `options` (e.g. `FORMAT csv`): DuckDB streams them to the file, so
   * the table need not fit in one result. In Node `path` is a file of the machine.
   */
  copyToFile(name: string, path: string, options: string): void {
    this._query(
      name,
      `COPY (SELECT * FROM ${quoteIdent(name)}) TO '${path.replace(/'/g, "''")}' (${options})`
    );
  }

  private _number(name: string, sql: string): number {
    return Number(this._query(name, sql).toArray()[0].n);
  }

  /** The result of `sql`, a query on table `name`, on the reader's connection. */
  private _query(name: string, sql: string): Table {
    const conn = this._reading(name);
    try {
      return conn.query(sql);
    } catch (error) {
      throw queryError(error, sql);
    }
  }

  /** The result of `sql`, a query on table `name`, as an Arrow IPC stream. */
  private _ipc(name: string, sql: string): Uint8Array {
    const conn = this._reading(name);
    try {
      return ipcFileToStream(conn.useUnsafe((db, c) => db.runQuery(c, sql)));
    } catch (error) {
      throw queryError(error, sql);
    }
  }

  /** The reader's connection, to read table `name`. */
  private _reading(name: string): DuckDBConnection {
    const conn = this._conn;
    if (!conn || !this._definitions.has(name)) {
      throw new EngineError(
        `Table ${name} cannot be read: ${conn ? 'it was not asked for' : 'the reader is closed'}.`
      );
    }
    return conn;
  }

  /** Ends the transaction and the connection; what it held is released. */
  close(): void {
    const conn = this._conn;
    this._conn = null;
    if (conn) {
      try {
        conn.query('ROLLBACK');
      } catch {
        // No transaction was open.
      }
      conn.close();
    }
  }
}
