/**
 * Generated data kept in the browser's IndexedDB, so that a reload or another
 * kernel loads it back instead of generating it again. IndexedDB rather than
 * OPFS: it works in every worker and on the page (the clear command runs
 * there), and one transaction stores a whole dataset or nothing.
 */
import type { EngineSession } from './session.js';
import { snapshotBytes, type ITableSnapshot } from './snapshot.js';

/** Shared with the kernel extension's clear command (extensions/kernel). */
export const WARM_CACHE_DB = 'snds-lab-warm-start';
const VERSION = 1;
const ENTRIES = 'entries';
const TABLES = 'tables';
/** Datasets kept; the least recently used goes first. */
export const MAX_ENTRIES = 3;

/** What is kept about one dataset, beside its tables. */
export interface IWarmEntry {
  key: string;
  /** The caller's description of the dataset, as JSON text. */
  meta: string;
  bytes: number;
  savedAt: number;
  usedAt: number;
  /** Of the last restore or save: milliseconds in IndexedDB and in DuckDB. */
  storeMs?: number;
  engineMs?: number;
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
    const db = req.result;
    db.createObjectStore(ENTRIES, { keyPath: 'key' });
    db.createObjectStore(TABLES);
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

/**
 * Loads the dataset kept under `key` into the session; resolves to its entry,
 * or null when none is kept.
 */
export function restoreDataset(
  session: EngineSession,
  key: string
): Promise<IWarmEntry | null> {
  const t0 = performance.now();
  return withDb(async db => {
    const tx = db.transaction([ENTRIES, TABLES], 'readwrite');
    const entries = tx.objectStore(ENTRIES);
    const entry = (await request(entries.get(key))) as IWarmEntry | undefined;
    const tables = (await request(tx.objectStore(TABLES).get(key))) as
      ITableSnapshot[] | undefined;
    if (!entry || !tables) {
      await done(tx);
      return null;
    }
    entry.usedAt = Date.now();
    entries.put(entry);
    await done(tx);
    const t1 = performance.now();
    session.restoreTables(tables);
    return { ...entry, storeMs: t1 - t0, engineMs: performance.now() - t1 };
  });
}

/**
 * Keeps `tables` of the session under `key`, replacing what was kept there and
 * dropping the least recently used datasets beyond MAX_ENTRIES.
 */
export function saveDataset(
  session: EngineSession,
  key: string,
  tables: string[],
  meta: string
): Promise<IWarmEntry> {
  const t0 = performance.now();
  const snapshots = session.snapshotTables(tables);
  const engineMs = performance.now() - t0;
  const now = Date.now();
  const entry: IWarmEntry = {
    key,
    meta,
    bytes: snapshotBytes(snapshots),
    savedAt: now,
    usedAt: now
  };
  return withDb(async db => {
    const tx = db.transaction([ENTRIES, TABLES], 'readwrite');
    const entries = tx.objectStore(ENTRIES);
    const all = (await request(entries.getAll())) as IWarmEntry[];
    const others = all
      .filter(e => e.key !== key)
      .sort((a, b) => b.usedAt - a.usedAt);
    for (const old of others.slice(MAX_ENTRIES - 1)) {
      entries.delete(old.key);
      tx.objectStore(TABLES).delete(old.key);
    }
    entries.put(entry);
    tx.objectStore(TABLES).put(snapshots, key);
    await done(tx);
    return { ...entry, engineMs, storeMs: performance.now() - t0 - engineMs };
  });
}

/** Forgets every kept dataset. */
export function clearDatasets(): Promise<void> {
  return withDb(async db => {
    const tx = db.transaction([ENTRIES, TABLES], 'readwrite');
    tx.objectStore(ENTRIES).clear();
    tx.objectStore(TABLES).clear();
    await done(tx);
  });
}
