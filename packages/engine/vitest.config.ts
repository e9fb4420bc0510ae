import { defineConfig } from 'vitest/config';

// vitest only: the browser bridge is built by build_bridge.mjs.
export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts'],
    testTimeout: 60_000,
    // Opening a DuckDB-WASM session compiles the engine: over 10 s on a busy machine.
    hookTimeout: 60_000
  }
});
