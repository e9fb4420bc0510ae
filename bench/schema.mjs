// Benchmark of @snds-lab/schema: search latency, index build time and join-path time, each
// against a naive baseline measured in the same run, plus MiniSearch and FlexSearch on the same
// corpus and queries (the evidence for using a hand-written index).
//
//   npm run build -w @snds-lab/schema && node bench/schema.mjs [--passes N] [--no-libs]
//
// Prints a table and merges its figures into bench/results.json under "schema".
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const schemaPackage = join(root, 'packages', 'schema');
const lib = join(schemaPackage, 'lib');
const argv = process.argv.slice(2);
const passes = Number(argv[argv.indexOf('--passes') + 1]) || 5;
const withLibs = !argv.includes('--no-libs');

if (!existsSync(join(lib, 'index.js'))) {
  console.error(
    'bench/schema.mjs: packages/schema/lib is missing; run `npm run build -w @snds-lab/schema` first.'
  );
  process.exit(1);
}
const { DictionarySearch, JoinGraph, fold, words } = await import(
  pathToFileURL(join(lib, 'index.js')).href
);
const { loadDictionary } = await import(
  pathToFileURL(join(lib, 'node.js')).href
);

// ---------------------------------------------------------------------------------------------
// Measurement helpers

function percentile(sorted, p) {
  if (sorted.length === 0) {
    return NaN;
  }
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1
  );
  return sorted[Math.max(0, index)];
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    mean
  };
}

/** Times `run(query)` for every query, `passes` times after one warm-up pass. */
function timeQueries(queries, run) {
  for (const q of queries) {
    run(q);
  }
  const samples = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const q of queries) {
      const start = performance.now();
      run(q);
      samples.push(performance.now() - start);
    }
  }
  return summary(samples);
}

function timeBuild(build, runs = 15, warmups = 3) {
  for (let i = 0; i < warmups; i++) {
    build();
  }
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    build();
    samples.push(performance.now() - start);
  }
  return summary(samples);
}

/** Share of queries with an `expect` whose expected kind:name is in the first three results. */
function top3(queries, answer) {
  const judged = queries.filter(q => q.expect);
  const hits = judged.filter(q =>
    answer(q.q).slice(0, 3).includes(q.expect)
  ).length;
  return {
    hits,
    of: judged.length,
    rate: judged.length ? hits / judged.length : NaN
  };
}

const ms = value => (Number.isFinite(value) ? value.toFixed(3) : '-');

// ---------------------------------------------------------------------------------------------
// Corpus

const { dictionary, loader, origin } = await loadDictionary();
const data = dictionary.data;
const queryFile = JSON.parse(
  readFileSync(join(here, 'schema_queries.json'), 'utf8')
);
const queries = queryFile.queries;
if (queries.length < 200) {
  throw new Error(
    `bench/schema_queries.json has ${queries.length} queries; the bench needs at least 200`
  );
}
const queryTexts = queries.map(q => q.q);

/** The structural documents, the same the index holds, for the baseline and the libraries. */
const docs = [];
for (const product of data.products) {
  docs.push({ kind: 'product', name: product.name, label: product.name });
}
for (const table of data.tables) {
  docs.push({ kind: 'table', name: table.name, label: table.title });
  for (const column of table.columns) {
    docs.push({
      kind: 'column',
      name: column.name,
      label: column.description,
      table: table.name
    });
  }
}
for (const nomenclature of data.nomenclatures) {
  docs.push({
    kind: 'nomenclature',
    name: nomenclature.name,
    label: `${nomenclature.title} ${nomenclature.description ?? ''}`
  });
}

const allValues = [];
for (const nomenclature of data.nomenclatures) {
  if (nomenclature.valueCount !== null) {
    allValues.push(await loader.load(nomenclature.name));
  }
}
const valueDocs = [];
for (const values of allValues) {
  for (const row of values.rows) {
    valueDocs.push({
      kind: 'value',
      name: row[values.code],
      label: values.labels.map(i => row[i]).join(' '),
      nomenclature: values.name
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Baseline: a naive linear scan with the same folding, ranking exact name, then prefix, then
// documents whose name or label contains every query word.

function prepareScan(list) {
  return list.map(doc => ({
    doc,
    name: doc.name.toUpperCase(),
    text: fold(`${doc.name.replace(/_/g, ' ')} ${doc.label}`)
  }));
}

function linearScan(prepared, query, limit = 20) {
  const upper = fold(query.trim()).toUpperCase();
  const tokens = words(query);
  const hits = [];
  for (const entry of prepared) {
    let score = 0;
    if (entry.name === upper) {
      score = 3;
    } else if (upper.length >= 2 && entry.name.startsWith(upper)) {
      score = 2;
    } else if (
      tokens.length > 0 &&
      tokens.every(token => entry.text.includes(token))
    ) {
      score = 1;
    }
    if (score > 0) {
      hits.push({ score, entry });
    }
  }
  hits.sort(
    (a, b) => b.score - a.score || a.entry.name.length - b.entry.name.length
  );
  return hits.slice(0, limit).map(hit => hit.entry.doc);
}

const key = doc => `${doc.kind}:${doc.name}`;

// ---------------------------------------------------------------------------------------------
// Search: the dictionary (tables, columns, nomenclatures)

const results = { engines: {} };
const structuralQueries = queries.filter(q => !q.expect?.startsWith('value:'));

const build = timeBuild(() => DictionarySearch.build(dictionary));
const search = DictionarySearch.build(dictionary);
const ours = timeQueries(queryTexts, q => search.search(q, { limit: 20 }));
const oursQuality = top3(structuralQueries, q =>
  search.search(q, { limit: 20 }).map(key)
);

const scanBuild = timeBuild(() => prepareScan(docs));
const scanDocs = prepareScan(docs);
const scan = timeQueries(queryTexts, q => linearScan(scanDocs, q));
const scanQuality = top3(structuralQueries, q =>
  linearScan(scanDocs, q).map(key)
);

results.engines.ours = { build, search: ours, top3: oursQuality };
results.engines.baseline = {
  build: scanBuild,
  search: scan,
  top3: scanQuality
};

if (withLibs) {
  const require = createRequire(join(schemaPackage, 'package.json'));
  const packageVersion = name => {
    for (
      let dir = dirname(require.resolve(name));
      dir !== dirname(dir);
      dir = dirname(dir)
    ) {
      const manifest = join(dir, 'package.json');
      if (existsSync(manifest)) {
        const json = JSON.parse(readFileSync(manifest, 'utf8'));
        if (json.name === name) {
          return json.version;
        }
      }
    }
    return '?';
  };
  const MiniSearch = (
    await import(pathToFileURL(require.resolve('minisearch')).href)
  ).default;
  const flexsearchUrl = pathToFileURL(require.resolve('flexsearch')).href;
  const FlexSearch = (await import(flexsearchUrl)).default;
  const French = (
    await import(new URL('./module/lang/fr.js', flexsearchUrl).href)
  ).default;
  const indexed = docs.map((doc, id) => ({
    id,
    name: doc.name,
    label: doc.label
  }));

  const miniOptions = {
    fields: ['name', 'label'],
    processTerm: term => {
      const folded = fold(term);
      return folded.length > 0 ? folded : null;
    },
    searchOptions: {
      boost: { name: 3 },
      prefix: true,
      fuzzy: 0.2,
      combineWith: 'AND'
    }
  };
  const miniBuild = timeBuild(
    () => {
      const index = new MiniSearch(miniOptions);
      index.addAll(indexed);
    },
    5,
    1
  );
  const mini = new MiniSearch(miniOptions);
  mini.addAll(indexed);
  const miniSearch = q => mini.search(q).slice(0, 20);
  results.engines.minisearch = {
    version: packageVersion('minisearch'),
    build: miniBuild,
    search: timeQueries(queryTexts, miniSearch),
    top3: top3(structuralQueries, q => miniSearch(q).map(r => key(docs[r.id])))
  };

  const { Document, Encoder, Charset } = FlexSearch;
  const makeFlex = () => {
    const index = new Document({
      document: {
        id: 'id',
        index: [
          { field: 'name', tokenize: 'forward' },
          { field: 'label', tokenize: 'forward' }
        ]
      },
      encoder: new Encoder(Charset.LatinBalance, French)
    });
    for (const doc of indexed) {
      index.add(doc);
    }
    return index;
  };
  const flexBuild = timeBuild(makeFlex, 5, 1);
  const flex = makeFlex();
  const flexSearch = q =>
    flex.search(q, { limit: 20, merge: true, suggest: true });
  results.engines.flexsearch = {
    version: packageVersion('flexsearch'),
    build: flexBuild,
    search: timeQueries(queryTexts, flexSearch),
    top3: top3(structuralQueries, q => flexSearch(q).map(r => key(docs[r.id])))
  };
}

// ---------------------------------------------------------------------------------------------
// Search: the dictionary plus every nomenclature value

const valueBuildSamples = [];
let withValues;
for (let i = 0; i < 3; i++) {
  const start = performance.now();
  withValues = DictionarySearch.build(dictionary);
  for (const values of allValues) {
    withValues.addValues(values);
  }
  withValues.values.prepare();
  valueBuildSamples.push(performance.now() - start);
}
const valueBuild = summary(valueBuildSamples);
const oursValues = timeQueries(queryTexts, q =>
  withValues.search(q, { limit: 20 })
);
const oursValuesQuality = top3(queries, q =>
  withValues.search(q, { limit: 20 }).map(key)
);
const scanAll = prepareScan([...docs, ...valueDocs]);
const scanValues = timeQueries(queryTexts, q => linearScan(scanAll, q));
const scanValuesQuality = top3(queries, q => linearScan(scanAll, q).map(key));
results.withValues = {
  documents: docs.length + valueDocs.length,
  ours: { build: valueBuild, search: oursValues, top3: oursValuesQuality },
  baseline: { search: scanValues, top3: scanValuesQuality }
};

const byType = {};
for (const type of [...new Set(queries.map(q => q.type))]) {
  const list = queries.filter(q => q.type === type).map(q => q.q);
  byType[type] = {
    queries: list.length,
    ours: timeQueries(list, q => withValues.search(q, { limit: 20 })).p95,
    baseline: timeQueries(list, q => linearScan(scanAll, q)).p95
  };
}
results.withValues.p95ByQueryType = byType;

// ---------------------------------------------------------------------------------------------
// Join paths: every ordered pair of the linked group, against a breadth-first search that scans
// the link list at each step (no adjacency, no weights).

const graph = new JoinGraph(dictionary);
const group = graph.components()[0];
const pairs = [];
for (const a of group) {
  for (const b of group) {
    if (a !== b) {
      pairs.push([a, b]);
    }
  }
}

function naivePath(from, to) {
  const previous = new Map([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift();
    if (node === to) {
      break;
    }
    for (const link of data.links) {
      const next =
        link.from === node ? link.to : link.to === node ? link.from : undefined;
      if (next !== undefined && !previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  const path = [];
  for (
    let node = to;
    node !== null && node !== undefined;
    node = previous.get(node)
  ) {
    path.unshift(node);
  }
  return path;
}

const graphBuild = timeBuild(() => new JoinGraph(dictionary));
const joinSamples = [];
const naiveSamples = [];
for (let pass = 0; pass < 2; pass++) {
  for (const [a, b] of pairs) {
    let start = performance.now();
    graph.findPath(a, b);
    if (pass > 0) {
      joinSamples.push(performance.now() - start);
    }
    start = performance.now();
    naivePath(a, b);
    if (pass > 0) {
      naiveSamples.push(performance.now() - start);
    }
  }
}
results.joinPath = {
  pairs: pairs.length,
  graphBuild,
  ours: summary(joinSamples),
  baseline: summary(naiveSamples),
  example: graph.path('ER_PHA_F', 'T_MCOaaC').tables
};

// ---------------------------------------------------------------------------------------------
// Report

const goals = {
  searchP95Ms: 2,
  indexBuildMs: 150,
  joinPathMs: 1
};
const pass = (value, goal) => (value <= goal ? 'ok' : 'MISSED');

const rows = [
  [
    'measure',
    'ours p50',
    'ours p95',
    'baseline p50',
    'baseline p95',
    'ratio p95',
    'goal'
  ],
  [
    `search, dictionary (${docs.length} docs, ${queries.length} queries × ${passes})`,
    ms(ours.p50),
    ms(ours.p95),
    ms(scan.p50),
    ms(scan.p95),
    `${(scan.p95 / ours.p95).toFixed(1)}×`,
    `p95 ≤ ${goals.searchP95Ms} ms ${pass(ours.p95, goals.searchP95Ms)}`
  ],
  [
    `search, + all values (${docs.length + valueDocs.length} docs)`,
    ms(oursValues.p50),
    ms(oursValues.p95),
    ms(scanValues.p50),
    ms(scanValues.p95),
    `${(scanValues.p95 / oursValues.p95).toFixed(1)}×`,
    `p95 ≤ ${goals.searchP95Ms} ms ${pass(oursValues.p95, goals.searchP95Ms)}`
  ],
  [
    'index build, dictionary',
    ms(build.p50),
    ms(build.p95),
    ms(scanBuild.p50),
    ms(scanBuild.p95),
    '-',
    `p95 ≤ ${goals.indexBuildMs} ms ${pass(build.p95, goals.indexBuildMs)}`
  ],
  [
    'index build, all values (lazy in practice)',
    ms(valueBuild.p50),
    ms(valueBuild.max),
    '-',
    '-',
    '-',
    '-'
  ],
  [
    `join path (${pairs.length} pairs)`,
    ms(results.joinPath.ours.p50),
    ms(results.joinPath.ours.p95),
    ms(results.joinPath.baseline.p50),
    ms(results.joinPath.baseline.p95),
    `${(results.joinPath.baseline.p95 / results.joinPath.ours.p95).toFixed(1)}×`,
    `p99 ≤ ${goals.joinPathMs} ms ${pass(results.joinPath.ours.p99, goals.joinPathMs)} (max ${ms(results.joinPath.ours.max)})`
  ]
];

function printTable(table) {
  const widths = table[0].map((_, i) =>
    Math.max(...table.map(row => String(row[i]).length))
  );
  for (const [n, row] of table.entries()) {
    console.log(
      row
        .map((cell, i) =>
          i === 0
            ? String(cell).padEnd(widths[i])
            : String(cell).padStart(widths[i])
        )
        .join('  ')
    );
    if (n === 0) {
      console.log(widths.map(w => '-'.repeat(w)).join('  '));
    }
  }
}

console.log(
  `\n@snds-lab/schema bench — Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}; times in ms`
);
console.log(`dictionary from ${origin.kind} ${origin.path}\n`);
printTable(rows);

console.log('\nSearch engines on the dictionary (same corpus, same queries):');
const engineRows = [
  [
    'engine',
    'build p50',
    'search p50',
    'search p95',
    'search max',
    'top-3 hits'
  ]
];
for (const [name, engine] of Object.entries(results.engines)) {
  engineRows.push([
    engine.version ? `${name} ${engine.version}` : name,
    ms(engine.build.p50),
    ms(engine.search.p50),
    ms(engine.search.p95),
    ms(engine.search.max),
    `${engine.top3.hits}/${engine.top3.of}`
  ]);
}
printTable(engineRows);

console.log('\np95 by query type, dictionary + values:');
printTable([
  ['type', 'queries', 'ours p95', 'baseline p95'],
  ...Object.entries(byType).map(([type, v]) => [
    type,
    v.queries,
    ms(v.ours),
    ms(v.baseline)
  ])
]);
console.log(`\nExample path: ${results.joinPath.example.join(' → ')}`);

const record = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  passes,
  queries: queries.length,
  documents: docs.length,
  goals,
  search: {
    p50Ms: ours.p50,
    p95Ms: ours.p95,
    baselineP50Ms: scan.p50,
    baselineP95Ms: scan.p95,
    ratioP95: scan.p95 / ours.p95
  },
  indexBuild: { p50Ms: build.p50, p95Ms: build.p95 },
  ...results
};
const resultsFile = join(here, 'results.json');
let all = {};
if (existsSync(resultsFile)) {
  try {
    all = JSON.parse(readFileSync(resultsFile, 'utf8'));
  } catch {
    all = {};
  }
}
all.schema = record;
writeFileSync(resultsFile, `${JSON.stringify(all, null, 2)}\n`);
console.log(`\nFigures merged into ${resultsFile} under "schema".`);
