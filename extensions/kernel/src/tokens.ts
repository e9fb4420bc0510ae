export const PLUGIN_ID = '@snds-lab/kernel-extension:plugin';

/** Where the site build puts the DuckDB-WASM bridge, relative to the base URL. */
export const ENGINE_PATH = 'static/snds-engine/snds-engine.mjs';
