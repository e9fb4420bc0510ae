// The datasets the lite site keeps in the browser's IndexedDB (the engine
// bridge's warm cache, packages/engine/src/warm_cache.ts), read from the page.
// Saves run in the background once the kernel is idle, so tests and benches
// wait for them before a reload. Shared by the e2e tests and bench/.

import { WARM_CACHE_DB } from '../packages/engine/lib/warm_cache.js';

/** The keys of the datasets kept, as the page sees them. */
export async function keptDatasetKeys(page) {
  return page.evaluate(
    name =>
      new Promise((resolve, reject) => {
        const req = globalThis.indexedDB.open(name);
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('entries')) {
            db.close();
            resolve([]);
            return;
          }
          const keys = db
            .transaction('entries', 'readonly')
            .objectStore('entries')
            .getAllKeys();
          keys.onsuccess = () => {
            db.close();
            resolve(keys.result.map(String));
          };
          keys.onerror = () => {
            db.close();
            reject(keys.error);
          };
        };
      }),
    WARM_CACHE_DB
  );
}

/** Waits until `count` datasets are kept; the seconds it took. */
export async function waitForKept(page, { count = 1, timeout = 120_000 } = {}) {
  const t0 = performance.now();
  for (;;) {
    const keys = await keptDatasetKeys(page);
    if (keys.length >= count) {
      return (performance.now() - t0) / 1000;
    }
    if (performance.now() - t0 > timeout) {
      throw new Error(
        `${keys.length} dataset(s) kept in the browser after ${timeout / 1000} s, ${count} expected`
      );
    }
    await page.waitForTimeout(250);
  }
}
