/**
 * Generated data kept in the browser's IndexedDB, so that a reload or another
 * kernel loads it back instead of generating it again. IndexedDB rather than
 * OPFS: it works in every worker and on the page (the clear command runs
 * there).
 *
 * Each table's rows are stored in chunks of at most CHUNK_BYTES, one
 * transaction per table: a single 140 MB value (5,000 patients) stalls
 * Chromium's kernel worker. The dataset's entry is written last and removed
 * first, so a dataset whose write was cut short is never read.
 */
import type { EngineSession, PinnedReader } from './session.js';
import { isWholeStream, type ITableSnapshot } from './snapshot.js';

/** Shared with the kernel extension's clear command (extensions/kernel). */
export const WARM_CACHE_DB = 'snds-lab-warm-start';
const VERSION = 2;
const ENTRIES = 'entries';
/** Keyed by [dataset key, table index, part]. */
const CHUNKS = 'chunks';
/** Datasets kept; the least recently used goes first. */
export const MAX_ENTRIES = 3;
/** The largest value written in one put. */
export const CHUNK_BYTES = 16 * 1024 * 1024;

/** What is kept about one dataset, beside its tables. */
export interface IWarmEntry {
  key: string;
  /** The caller's description of the dataset, as JSON text. */
  meta: string;
  bytes: number;
  /** How many tables are kept under this key. */
  tables: number;
  savedAt: number;
  usedAt: number;
  /** Of the last restore or save: milliseconds in IndexedDB and in DuckDB. */
  storeMs?: number;
  engineMs?: number;
}

/** One stored piece of a table's rows, with the table's name and definition. */
interface IChunk {
  name: string;
  ddl: string;
  parts: number;
  ipc: Uint8Array;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    tx.onerror = () => reject(tx.error);
  });
}

/** Opens the database; callers close it after each use, so a delete is never blocked. */
function open(): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined') {
    return Promise.reject(new Error('This browser has no IndexedDB.'));
  }
  const req = indexedDB.open(WARM_CACHE_DB, VERSION);
  req.onupgradeneeded = () => {
    // Older layouts are dropped: the cache is a shortcut, not data to migrate.
    const db = req.result;
    for (const name of Array.from(db.objectStoreNames)) {
      db.deleteObjectStore(name);
    }
    db.createObjectStore(ENTRIES, { keyPath: 'key' });
    db.createObjectStore(CHUNKS);
  };
  return request(req).then(db => {
    db.onversionchange = () => db.close();
    return db;
  });
}

async function withDb<T>(use: (db: IDBDatabase) => Promise<T>): Promise<T> {
  const db = await open();
  try {
    return await use(db);
  } finally {
    db.close();
  }
}

/** The datasets kept, most recently used first. */
export function listEntries(): Promise<IWarmEntry[]> {
  return withDb(async db => {
    const tx = db.transaction(ENTRIES, 'readonly');
    const all = await request(
      tx.objectStore(ENTRIES).getAll() as IDBRequest<IWarmEntry[]>
    );
    return all.sort((a, b) => b.usedAt - a.usedAt);
  });
}

/** Every chunk of the dataset `key`, or of its table `index`. */
function chunkRange(key: string, index?: number): IDBKeyRange {
  return index === undefined
    ? IDBKeyRange.bound([key], [key, []])
    : IDBKeyRange.bound([key, index], [key, index, []]);
}

/** The pieces of one table, each at most `chunkBytes` long. */
export function splitSnapshot(
  snapshot: ITableSnapshot,
  chunkBytes = CHUNK_BYTES
): IChunk[] {
  const { name, ddl, ipc } = snapshot;
  const parts = Math.max(1, Math.ceil(ipc.byteLength / chunkBytes));
  return Array.from({ length: parts }, (_, part) => ({
    name,
    ddl,
    parts,
    ipc: ipc.slice(part * chunkBytes, (part + 1) * chunkBytes)
  }));
}

/** Whether a table's chunks are all there (each knows how many there are). */
const isComplete = (chunks: IChunk[]): boolean =>
  chunks.length > 0 && chunks.length === chunks[0].parts;

/** A table back from its pieces, in order. */
export function joinChunks(chunks: IChunk[]): ITableSnapshot {
  if (!isComplete(chunks)) {
    throw new Error('A kept table is incomplete.');
  }
  const ipc = new Uint8Array(chunks.reduce((n, c) => n + c.ipc.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    ipc.set(chunk.ipc, at);
    at += chunk.ipc.byteLength;
  }
  return { name: chunks[0].name, ddl: chunks[0].ddl, ipc };
}

/** A kept dataset's tables from their chunks, or what is wrong with them. */
function tablesOf(chunks: IChunk[][]): ITableSnapshot[] | string {
  const tables: ITableSnapshot[] = [];
  for (const [index, parts] of chunks.entries()) {
    if (!isComplete(parts)) {
      return `table ${index + 1} of ${chunks.length} is incomplete`;
    }
    const table = joinChunks(parts);
    if (!isWholeStream(table.ipc)) {
      return `the rows of ${table.name} are cut short`;
    }
    tables.push(table);
  }
  return tables;
}

/** Removes the entry (first) and then the chunks of each of `keys`. */
async function forget(db: IDBDatabase, keys: string[]): Promise<void> {
  const tx = db.transaction([ENTRIES, CHUNKS], 'readwrite');
  for (const key of keys) {
    tx.objectStore(ENTRIES).delete(key);
    tx.objectStore(CHUNKS).delete(chunkRange(key));
  }
  await done(tx);
}

/**
 * Loads the dataset kept under `key` into the session; resolves to its entry,
 * or null when none is kept. A damaged entry (a chunk missing, rows cut short)
 * is forgotten, and the session left as it was.
 */
export function restoreDataset(
  session: EngineSession,
  key: string
): Promise<IWarmEntry | null> {
  const t0 = performance.now();
  return withDb(async db => {
    const tx = db.transaction([ENTRIES, CHUNKS], 'readonly');
    const entry = (await request(tx.objectStore(ENTRIES).get(key))) as
      IWarmEntry | undefined;
    if (!entry) {
      await done(tx);
      return null;
    }
    const store = tx.objectStore(CHUNKS);
    const reads = Array.from(
      { length: entry.tables },
      (_, i) => request(store.getAll(chunkRange(key, i))) as Promise<IChunk[]>
    );
    const chunks = await Promise.all(reads);
    await done(tx);
    // A damaged entry would fail the same way at every start: it is forgotten before
    // anything of it reaches the session. Other failures (memory) leave it kept.
    const tables = tablesOf(chunks);
    if (typeof tables === 'string') {
      const forgotten = await forget(db, [key]).then(
        () => true,
        () => false
      );
      throw new Error(
        `kept dataset damaged: ${tables}${forgotten ? '; it is forgotten' : ''}`
      );
    }
    entry.usedAt = Date.now();
    const touch = db.transaction(ENTRIES, 'readwrite');
    touch.objectStore(ENTRIES).put(entry);
    await done(touch);
    const t1 = performance.now();
    session.restoreTables(tables);
    return { ...entry, storeMs: t1 - t0, engineMs: performance.now() - t1 };
  });
}

/** How a save proceeds: the size of its pieces, when it may go on, whether to stop. */
export interface ISaveOptions {
  chunkBytes?: number;
  /** Resolves when the next table may be copied (e.g. the kernel is idle); at once by default. */
  whenIdle?: () => Promise<void>;
  /** Asked before each table: true stops the save and forgets what it wrote. */
  cancelled?: () => boolean;
  /** The tables as the caller pinned them (closed by the save); pinned at the call otherwise. */
  reader?: PinnedReader;
}

/** Why a save stopped when its caller cancelled it. */
export class SaveCancelled extends Error {
  constructor(key: string) {
    super(`The save of ${key} was cancelled.`);
    this.name = 'SaveCancelled';
  }
}

/**
 * Keeps `tables` of the session under `key`, replacing what was kept there and
 * dropping the least recently used datasets beyond MAX_ENTRIES. The tables are
 * kept as they are at the call, even when the session changes them while the
 * save waits (a transaction of its own holds them).
 */
export async function saveDataset(
  session: EngineSession,
  key: string,
  tables: string[],
  meta: string,
  options: ISaveOptions = {}
): Promise<IWarmEntry> {
  const t0 = performance.now();
  // Before any await: the copy is of the tables as they are now.
  const reader = options.reader ?? session.pinnedReader(tables);
  let engineMs = performance.now() - t0;
  let waitMs = 0;
  const now = Date.now();
  const entry: IWarmEntry = {
    key,
    meta,
    bytes: 0,
    tables: tables.length,
    savedAt: now,
    usedAt: now
  };
  const go = async (): Promise<void> => {
    const t = performance.now();
    await options.whenIdle?.();
    waitMs += performance.now() - t;
    if (options.cancelled?.()) {
      throw new SaveCancelled(key);
    }
  };
  try {
    return await withDb(async db => {
      await go();
      const read = db.transaction(ENTRIES, 'readonly');
      const all = (await request(
        read.objectStore(ENTRIES).getAll()
      )) as IWarmEntry[];
      await done(read);
      const stale = all
        .filter(e => e.key !== key)
        .sort((a, b) => b.usedAt - a.usedAt)
        .slice(MAX_ENTRIES - 1)
        .map(e => e.key);
      await forget(db, [key, ...stale]);
      try {
        // One table's copy at a time: a whole-dataset copy doubles peak memory.
        for (const [index, name] of tables.entries()) {
          await go();
          const t = performance.now();
          const snapshot = reader.snapshot(name);
          engineMs += performance.now() - t;
          entry.bytes += snapshot.ipc.byteLength;
          const tx = db.transaction(CHUNKS, 'readwrite');
          splitSnapshot(snapshot, options.chunkBytes).forEach((chunk, part) =>
            tx.objectStore(CHUNKS).put(chunk, [key, index, part])
          );
          await done(tx);
        }
        await go();
        const tx = db.transaction(ENTRIES, 'readwrite');
        tx.objectStore(ENTRIES).put(entry);
        await done(tx);
      } catch (error) {
        await forget(db, [key]).catch(() => undefined);
        throw error;
      }
      return {
        ...entry,
        engineMs,
        storeMs: performance.now() - t0 - engineMs - waitMs
      };
    });
  } finally {
    reader.close();
  }
}

/** Forgets every kept dataset. */
export function clearDatasets(): Promise<void> {
  return withDb(async db => {
    const tx = db.transaction([ENTRIES, CHUNKS], 'readwrite');
    tx.objectStore(ENTRIES).clear();
    tx.objectStore(CHUNKS).clear();
    await done(tx);
  });
}
