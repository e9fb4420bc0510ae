// Shared by the bench scripts: the results file, the printed table, Chromium.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's Chromium and the flags that keep it off the network. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

/** The --runs N argument of a bench script. */
export const RUNS =
  Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;

export const RESULTS = join(
  dirname(fileURLToPath(import.meta.url)),
  'results.json'
);

export function saveResults(key, figures) {
  const all = existsSync(RESULTS)
    ? JSON.parse(readFileSync(RESULTS, 'utf8'))
    : {};
  all[key] = { measuredAt: new Date().toISOString(), ...figures };
  writeFileSync(RESULTS, JSON.stringify(all, null, 2) + '\n');
}

export function printTable(title, rows) {
  const cols = Object.keys(rows[0]);
  const width = cols.map(c =>
    Math.max(c.length, ...rows.map(r => String(r[c]).length))
  );
  const line = cells =>
    cells.map((c, i) => String(c).padEnd(width[i])).join('  ');
  process.stdout.write(
    `\n${title}\n${line(cols)}\n${line(width.map(w => '-'.repeat(w)))}\n`
  );
  for (const r of rows) {
    process.stdout.write(line(cols.map(c => r[c])) + '\n');
  }
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** scripts/serve.py serving `site` on `port`, resolved once it prints its URL. */
export async function serveSite(site, port) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const server = spawn(
    join(root, '.venv', 'bin', 'python'),
    [join(root, 'scripts', 'serve.py'), site, '--port', String(port)],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  );
  await new Promise((resolve, reject) => {
    server.stdout.once('data', resolve);
    server.once('exit', code => reject(new Error(`server exited ${code}`)));
  });
  return server;
}
