// Builds the browser bridge that the Python helper imports inside the Pyodide
// worker: src/bridge.ts bundled with the DuckDB-WASM blocking build and
// apache-arrow, next to the wasm it loads. Output: dist/browser/.
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const duckdbDist = dirname(
  require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs')
);
const outDir = join(here, 'dist', 'browser');

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const bundle = await rolldown({
  input: { 'snds-engine': join(here, 'src', 'bridge.ts') },
  platform: 'browser',
  // The browser blocking build is not in the package's export map.
  resolve: {
    alias: {
      'duckdb-wasm-browser-blocking': join(
        duckdbDist,
        'duckdb-browser-blocking.mjs'
      )
    }
  },
  // DuckDB's Emscripten glue uses eval; nothing to act on.
  onLog: (level, log, handler) => {
    if (log.code !== 'EVAL') {
      handler(level, log);
    }
  }
});
const { output } = await bundle.write({
  dir: outDir,
  format: 'es',
  minify: true,
  entryFileNames: '[name].mjs',
  chunkFileNames: 'snds-engine-[name]-[hash].mjs'
});
await bundle.close();

// Keep only what the entry reaches (the bundler may leave an orphan chunk).
const byName = new Map(output.map(o => [o.fileName, o]));
const reached = new Set();
const visit = name => {
  if (reached.has(name) || !byName.has(name)) {
    return;
  }
  reached.add(name);
  for (const dep of byName.get(name).imports ?? []) {
    visit(dep);
  }
};
visit('snds-engine.mjs');
for (const o of output) {
  if (!reached.has(o.fileName)) {
    rmSync(join(outDir, o.fileName));
  }
}

// The eh build runs in every current browser; mvp is not shipped.
copyFileSync(
  join(duckdbDist, 'duckdb-eh.wasm'),
  join(outDir, 'duckdb-eh.wasm')
);
const size = [...reached, 'duckdb-eh.wasm']
  .map(f => statSync(join(outDir, f)).size)
  .reduce((a, b) => a + b, 0);
process.stdout.write(
  `engine bridge: ${[...reached].join(', ')} + duckdb-eh.wasm (${(size / 1e6).toFixed(1)} MB) in dist/browser\n`
);
