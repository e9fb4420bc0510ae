/**
 * The browser's cache of generated datasets (IndexedDB), written by the
 * engine bridge in the kernel's worker (packages/engine/src/warm_cache.ts).
 * The page may delete it: the worker closes its connection after each use.
 */
export const WARM_CACHE_DB = 'snds-lab-warm-start';

/** Deletes every kept dataset; resolves once the database is gone. */
export function clearWarmCache(): Promise<void> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      resolve();
      return;
    }
    const request = indexedDB.deleteDatabase(WARM_CACHE_DB);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}
