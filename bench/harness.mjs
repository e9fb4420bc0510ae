// Shared by the bench scripts: the results file, the printed table, Chromium,
// the served site.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/chromium.mjs';

export { CHROMIUM, CHROMIUM_ARGS };

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const LITE_SITE = join(ROOT, 'build', 'lite');

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

/** A private copy of the lite site: a rebuild during the run would break it. */
export function copySite() {
  const dir = mkdtempSync(join(tmpdir(), 'snds-bench-site-'));
  cpSync(LITE_SITE, dir, { recursive: true });
  return dir;
}

/**
 * Runs `use(page, context)` in Chromium with a fresh, empty profile, which is
 * deleted afterwards; a reload in `use` finds that profile's caches.
 */
export async function withFreshProfile(use) {
  const profile = mkdtempSync(join(tmpdir(), 'snds-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    return await use(page, context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** scripts/serve.py serving `site` on `port`, resolved once it prints its URL. */
export async function serveSite(site, port) {
  const server = spawn(
    join(ROOT, '.venv', 'bin', 'python'),
    [join(ROOT, 'scripts', 'serve.py'), site, '--port', String(port)],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  );
  await new Promise((resolve, reject) => {
    server.stdout.once('data', resolve);
    server.once('exit', code => reject(new Error(`server exited ${code}`)));
  });
  return server;
}
