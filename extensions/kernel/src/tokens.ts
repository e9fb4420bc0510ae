export const PLUGIN_ID = '@snds-lab/kernel-extension:plugin';

/** Where the site build puts the DuckDB-WASM bridge, relative to the base URL. */
export const ENGINE_PATH = 'static/snds-engine/snds-engine.mjs';

/** Command ids, in the palette under the SNDS category. */
export namespace CommandIDs {
  export const newNotebook = 'snds:new-notebook';
  export const generate = 'snds:generate';
  export const clearCache = 'snds:clear-cache';
}

/** The Python expression that reports engine and dataset as JSON. */
export const STATUS_EXPRESSION = "__import__('snds')._status()";
