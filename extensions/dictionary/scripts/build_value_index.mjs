// Builds the search index over every nomenclature value (code and label) from the schema
// bundle into the labextension's static folder (a build output, git-ignored). The sidebar
// fetches it once the dictionary is loaded, so that search finds the values of nomenclatures
// nobody opened. Format: src/value_index.ts.
//   node scripts/build_value_index.mjs [nomenclaturesDir] [outFile]
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeNomenclature, foldName, stem, words } from '@snds-lab/schema';
import { encodeValueIndex } from '../lib/value_index.js';

const HERE = new URL('..', import.meta.url).pathname;
const bundleDir =
  process.argv[2] ?? join(HERE, '../../packages/schema/bundle/nomenclatures');
const outFile =
  process.argv[3] ??
  join(
    HERE,
    '../snds-lab/build/labextensions/@snds-lab/dictionary-extension/static/snds-values/value-index.bin.gz'
  );

const nomenclatures = readdirSync(bundleDir)
  .filter(file => file.endsWith('.json.gz'))
  .sort()
  .map(file =>
    decodeNomenclature(
      JSON.parse(gunzipSync(readFileSync(join(bundleDir, file))).toString())
    )
  );
const bytes = encodeValueIndex(nomenclatures, { foldName, stem, words });
const gz = gzipSync(bytes, { level: 9 });
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, gz);
process.stdout.write(
  `value index: ${nomenclatures.length} nomenclatures, ${(bytes.length / 1e6).toFixed(1)} MB, ${(gz.length / 1e6).toFixed(1)} MB gzipped\n`
);
