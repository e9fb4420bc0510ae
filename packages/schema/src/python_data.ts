/**
 * Writes the dictionary for the Python helper (`snds.describe`, `snds.tables`):
 * the same data as the bundle, decoded into plain JSON objects so that Python
 * reads it without a second decoder. Usage: node lib/python_data.js OUT_FILE
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBundle } from './bundle_files.js';

const out = process.argv[2];
if (!out) {
  throw new Error('usage: node lib/python_data.js OUT_FILE');
}
const bundleDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bundle');
const data = await readBundle(bundleDir);
await writeFile(out, JSON.stringify(data));
