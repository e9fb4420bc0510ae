/**
 * Keeping a generated dataset without making the learner wait: the copy into
 * IndexedDB (seconds for 5,000 patients) runs once the kernel is idle, one
 * table at a time, and a newer dataset's save replaces a pending one.
 */
import type { EngineSession, PinnedReader } from './session.js';
import { SaveCancelled, saveDataset, type IWarmEntry } from './warm_cache.js';

/** How long the kernel must have been idle before a table is copied. */
export const IDLE_MS = 1000;
const POLL_MS = 100;

/** Whether cells are running, as the Python helper reports it. */
export class IdleGate {
  private _busy = false;
  private _idleSince = performance.now();

  constructor(private readonly _idleMs = IDLE_MS) {}

  cellStarted(): void {
    this._busy = true;
  }

  cellFinished(): void {
    this._busy = false;
    this._idleSince = performance.now();
  }

  /** Resolves once no cell has run for the idle time. */
  whenIdle(): Promise<void> {
    return new Promise(resolve => {
      const check = (): void => {
        const wait = this._busy
          ? POLL_MS
          : this._idleSince + this._idleMs - performance.now();
        if (wait <= 0) {
          resolve();
        } else {
          setTimeout(check, Math.min(wait, POLL_MS));
        }
      };
      check();
    });
  }
}

/** What became of a background save. */
export type KeepOutcome =
  | { state: 'kept'; entry: IWarmEntry }
  | { state: 'cancelled' }
  | { state: 'failed'; error: string };

function failed(error: unknown): KeepOutcome {
  return {
    state: 'failed',
    error: String((error as Error)?.message ?? error)
  };
}

/** At most one save in the background: a newer one cancels the one pending. */
export class BackgroundKeeper {
  private _cancel: (() => void) | null = null;
  private _last: Promise<KeepOutcome> = Promise.resolve({
    state: 'cancelled'
  });

  constructor(readonly gate: IdleGate) {}

  /**
   * Starts keeping `tables` as they are now; resolves when they are kept (or
   * the save was cancelled or failed), never rejects.
   */
  keep(
    session: EngineSession,
    key: string,
    tables: string[],
    meta: string
  ): Promise<KeepOutcome> {
    this.cancel();
    // The save before this one settles first: its clean-up never meets our writes.
    const previous = this._last;
    let cancelled = false;
    let wake = (): void => undefined;
    const woken = new Promise<void>(resolve => {
      wake = resolve;
    });
    let reader: PinnedReader;
    try {
      reader = session.pinnedReader(tables);
    } catch (error) {
      this._last = Promise.resolve(failed(error));
      return this._last;
    }
    // Closing the reader at once frees the tables it holds, even while a
    // cell runs and the save cannot.
    const cancel = (): void => {
      cancelled = true;
      reader.close();
      wake();
    };
    this._cancel = cancel;
    const saving = saveDataset(session, key, tables, meta, {
      reader,
      whenIdle: async () => {
        await previous;
        await Promise.race([this.gate.whenIdle(), woken]);
      },
      cancelled: () => cancelled
    });
    this._last = saving.then(
      (entry): KeepOutcome => ({ state: 'kept', entry }),
      (error): KeepOutcome =>
        error instanceof SaveCancelled || cancelled
          ? { state: 'cancelled' }
          : failed(error)
    );
    void this._last.then(() => {
      if (this._cancel === cancel) {
        this._cancel = null;
      }
    });
    return this._last;
  }

  /** Stops the pending save, if any; what it wrote is forgotten. */
  cancel(): void {
    this._cancel?.();
    this._cancel = null;
  }
}
