#!/usr/bin/env node
/**
 * `snds-dictionary`: the SNDS dictionary in a terminal. See the package README for the
 * commands and the `--json` shapes, which are stable.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadDictionary, type ILoadedDictionary } from './bundle_files.js';
import { duckdbType, sqlTableName, createTablesSql } from './ddl.js';
import type { SndsDictionary } from './dictionary.js';
import {
  NoJoinPathError,
  SchemaImportError,
  SqlBuildError,
  UnknownNameError,
  BundleFormatError
} from './errors.js';
import { JoinGraph, type IJoinPath } from './join_graph.js';
import {
  DictionarySearch,
  SEARCH_KINDS,
  type ISearchResult,
  type SearchKind
} from './search.js';
import { SqlBuilder, type IAnalystFilters } from './sql_builder.js';

const USAGE = `Usage: snds-dictionary <command> [options]

Commands:
  search <words...>     Search tables, columns, nomenclatures and nomenclature values
                          --limit N            at most N results (default 20)
                          --kind K[,K]         only these kinds: ${SEARCH_KINDS.join(', ')}
                          --nomenclature NAME  search the values of NAME (repeatable)
                          --values             search the values of every nomenclature
                          --no-values          never search values
                        Values are searched by default when the query holds a digit (a code).
  table <NAME>          Describe a table: columns, types, keys, links, nomenclatures
                          --year YYYY          name per-year tables for that year
  path <FROM> <TO>      The join path between two tables, with its keys
                          --sql                print the DuckDB SQL of the join
                          --year YYYY          year of per-year tables (PMSI, CARTOGRAPHIE)
                          --exclude-info       drop DPN_QLF = 71 rows
                          --valid-pmsi         keep PMSI stays with valid link return codes
                          --period START:END   care dates START..END (YYYY-MM-DD), flows + 6 months
                          --alive | --deceased filter on BEN_DCD_DTE
  ddl                   CREATE TABLE statements for every table
                          --year YYYY (default 2019)  --comments  --primary-key
  stats                 Counts of products, tables, columns, links and nomenclatures

Options:
  --json                machine-readable output (shapes documented in the README)
  --bundle DIR          read this bundle folder (default: the package's bundle/)
  --schema DIR          import this schema folder instead of reading the bundle
  -h, --help            this help
  -v, --version         the version
`;

class UsageError extends Error {}

interface IArgs {
  positional: string[];
  flags: Map<string, string[]>;
}

const VALUE_FLAGS = new Set([
  '--limit',
  '--kind',
  '--nomenclature',
  '--year',
  '--bundle',
  '--schema',
  '--period'
]);
const BOOLEAN_FLAGS = new Set([
  '--json',
  '--sql',
  '--values',
  '--no-values',
  '--exclude-info',
  '--valid-pmsi',
  '--alive',
  '--deceased',
  '--comments',
  '--primary-key',
  '--help',
  '-h',
  '--version',
  '-v'
]);

function parseArgs(argv: string[]): IArgs {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      if (VALUE_FLAGS.has(name)) {
        const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined) {
          throw new UsageError(`${name} needs a value`);
        }
        flags.set(name, [...(flags.get(name) ?? []), value]);
      } else if (BOOLEAN_FLAGS.has(name)) {
        flags.set(name, ['']);
      } else {
        throw new UsageError(`unknown option ${name}`);
      }
    } else {
      positional.push(arg);
    }
  }
  return { positional, flags };
}

function flag(args: IArgs, name: string): string | undefined {
  const values = args.flags.get(name);
  return values ? values[values.length - 1] : undefined;
}

function has(args: IArgs, name: string): boolean {
  return args.flags.has(name);
}

function integerFlag(args: IArgs, name: string): number | undefined {
  const value = flag(args, name);
  if (value === undefined) {
    return undefined;
  }
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new UsageError(
      `${name} takes a whole number from 1 up, not ${JSON.stringify(value)}`
    );
  }
  return Number(value);
}

function version(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const manifest = JSON.parse(
    readFileSync(join(here, '..', 'package.json'), 'utf8')
  ) as { version: string };
  return manifest.version;
}

/** Fixed-width columns for terminal tables; the last column is not padded. */
function table(rows: string[][]): string {
  if (rows.length === 0) {
    return '';
  }
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map(row => (row[i] ?? '').length))
  );
  return rows
    .map(row =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell.padEnd(widths[i])
        )
        .join('  ')
        .trimEnd()
    )
    .join('\n');
}

function location(result: ISearchResult): string {
  switch (result.kind) {
    case 'column':
      return `${result.product} › ${result.table}`;
    case 'table':
      return result.product ?? '';
    case 'value':
      return result.nomenclature ?? '';
    default:
      return '';
  }
}

async function commandSearch(
  args: IArgs,
  loaded: ILoadedDictionary,
  out: (text: string) => void
): Promise<number> {
  const query = args.positional.slice(1).join(' ').trim();
  if (!query) {
    throw new UsageError(
      'search needs words, e.g. snds-dictionary search date de décès'
    );
  }
  const limit = integerFlag(args, '--limit') ?? 20;
  const kindFlag = flag(args, '--kind');
  const kinds = kindFlag
    ? kindFlag.split(',').map(kind => {
        if (!(SEARCH_KINDS as readonly string[]).includes(kind)) {
          throw new UsageError(
            `unknown kind ${kind}; use ${SEARCH_KINDS.join(', ')}`
          );
        }
        return kind as SearchKind;
      })
    : undefined;
  const { dictionary, loader } = loaded;
  const search = DictionarySearch.build(dictionary);
  const named = args.flags
    .get('--nomenclature')
    ?.map(name => dictionary.nomenclature(name).name);
  const wantsValues =
    !has(args, '--no-values') && (!kinds || kinds.includes('value'));
  const codeLike = /\d/.test(query) && !/\s/.test(query);
  if (wantsValues && named) {
    await search.loadValues(named, loader);
  } else if (wantsValues && (has(args, '--values') || codeLike)) {
    await search.loadValues('all', loader);
  }
  // A code query needs the code index only; labels are indexed for word queries or on request.
  const valueLabels = !codeLike || has(args, '--values') || named !== undefined;
  const results = search.search(query, {
    limit,
    kinds,
    nomenclatures: named,
    valueLabels
  });
  if (has(args, '--json')) {
    out(JSON.stringify({ query, results }, null, 2));
    return 0;
  }
  if (results.length === 0) {
    out(`No match for "${query}".`);
    return 0;
  }
  out(
    table([
      ['KIND', 'NAME', 'WHERE', 'LABEL'],
      ...results.map(result => [
        result.kind,
        result.name,
        location(result),
        result.label
      ])
    ])
  );
  return 0;
}

function describeTable(
  dictionary: SndsDictionary,
  name: string,
  year: number | undefined
): Record<string, unknown> {
  const resolved = dictionary.resolveTable(name);
  const t = resolved?.table ?? dictionary.table(name);
  const effectiveYear = year ?? resolved?.year;
  const links = dictionary.linksOf(t.name).map(link => {
    const outgoing = link.from === t.name;
    return {
      table: outgoing ? link.to : link.from,
      direction: outgoing ? 'out' : 'in',
      columns: outgoing ? link.fromColumns : link.toColumns,
      otherColumns: outgoing ? link.toColumns : link.fromColumns,
      kind: link.kind
    };
  });
  return {
    name: t.name,
    title: t.title,
    product: t.product,
    ...(t.yearPattern ? { yearPattern: t.yearPattern } : {}),
    ...(t.yearPattern && effectiveYear !== undefined
      ? { sqlName: sqlTableName(t, { year: effectiveYear }) }
      : {}),
    ...(t.scope ? { scope: t.scope } : {}),
    ...(t.dateCreated ? { dateCreated: t.dateCreated } : {}),
    ...(t.dateDeleted ? { dateDeleted: t.dateDeleted } : {}),
    primaryKey: t.primaryKey,
    columns: t.columns.map(column => ({
      name: column.name,
      type: column.type,
      sqlType: duckdbType(column),
      description: column.description,
      ...(column.length ? { length: column.length } : {}),
      ...(column.nomenclature ? { nomenclature: column.nomenclature } : {})
    })),
    links
  };
}

function commandTable(
  args: IArgs,
  dictionary: SndsDictionary,
  out: (text: string) => void
): number {
  const name = args.positional[1];
  if (!name) {
    throw new UsageError(
      'table needs a table name, e.g. snds-dictionary table ER_PRS_F'
    );
  }
  const described = describeTable(
    dictionary,
    name,
    integerFlag(args, '--year')
  );
  if (has(args, '--json')) {
    out(JSON.stringify(described, null, 2));
    return 0;
  }
  const d = described as {
    name: string;
    title: string;
    product: string;
    sqlName?: string;
    yearPattern?: string;
    primaryKey: string[];
    columns: {
      name: string;
      type: string;
      sqlType: string;
      description: string;
      nomenclature?: { name: string };
    }[];
    links: {
      table: string;
      direction: string;
      columns: string[];
      otherColumns: string[];
      kind: string;
    }[];
  };
  const lines = [
    `${d.name}${d.sqlName ? ` (${d.sqlName})` : ''} — ${d.title}`,
    `Product: ${d.product}${d.yearPattern ? `; one table per year (${d.yearPattern})` : ''}`,
    `Primary key: ${d.primaryKey.length > 0 ? d.primaryKey.join(', ') : '(none declared)'}`,
    '',
    table([
      ['COLUMN', 'TYPE', 'DUCKDB', 'NOMENCLATURE', 'DESCRIPTION'],
      ...d.columns.map(c => [
        c.name,
        c.type,
        c.sqlType,
        c.nomenclature?.name ?? '',
        c.description
      ])
    ])
  ];
  if (d.links.length > 0) {
    lines.push(
      '',
      'Links:',
      table(
        d.links.map(link => [
          `  ${link.direction === 'out' ? '→' : '←'} ${link.table}`,
          link.kind,
          link.columns
            .map((c, i) =>
              c === link.otherColumns[i] ? c : `${c} = ${link.otherColumns[i]}`
            )
            .join(', ')
        ])
      )
    );
  }
  out(lines.join('\n'));
  return 0;
}

function pathJson(path: IJoinPath): Record<string, unknown> {
  return {
    from: path.from,
    to: path.to,
    tables: path.tables,
    cost: path.cost,
    steps: path.steps.map(step => ({
      from: step.from,
      to: step.to,
      kind: step.link.kind,
      on: step.fromColumns.map((column, i) => ({
        from: `${step.from}.${column}`,
        to: `${step.to}.${step.toColumns[i]}`
      }))
    }))
  };
}

function filtersFrom(args: IArgs): IAnalystFilters | undefined {
  const filters: IAnalystFilters = {};
  if (has(args, '--exclude-info')) {
    filters.excludeForInformation = true;
  }
  if (has(args, '--valid-pmsi')) {
    filters.validPmsiLinks = true;
  }
  const period = flag(args, '--period');
  if (period) {
    const [start, end] = period.split(':');
    if (!start || !end) {
      throw new UsageError(
        '--period takes START:END, e.g. 2019-01-01:2019-12-31'
      );
    }
    filters.period = { start, end };
  }
  if (has(args, '--alive') && has(args, '--deceased')) {
    throw new UsageError('--alive and --deceased exclude each other');
  }
  if (has(args, '--alive')) {
    filters.vitalStatus = 'alive';
  }
  if (has(args, '--deceased')) {
    filters.vitalStatus = 'deceased';
  }
  return Object.keys(filters).length > 0 ? filters : undefined;
}

function commandPath(
  args: IArgs,
  dictionary: SndsDictionary,
  out: (text: string) => void
): number {
  const [, from, to] = args.positional;
  if (!from || !to) {
    throw new UsageError(
      'path needs two tables, e.g. snds-dictionary path ER_PHA_F T_MCOaaC'
    );
  }
  const graph = new JoinGraph(dictionary);
  const resolvedFrom = dictionary.resolveTable(from);
  const resolvedTo = dictionary.resolveTable(to);
  const path = graph.path(
    resolvedFrom?.table.name ?? from,
    resolvedTo?.table.name ?? to
  );
  const wantSql = has(args, '--sql');
  const year =
    integerFlag(args, '--year') ?? resolvedFrom?.year ?? resolvedTo?.year;
  const snippet = wantSql
    ? new SqlBuilder(dictionary, graph).join(path, {
        year,
        filters: filtersFrom(args)
      })
    : undefined;
  if (has(args, '--json')) {
    out(
      JSON.stringify(
        {
          ...pathJson(path),
          ...(snippet ? { sql: snippet.sql, warnings: snippet.warnings } : {})
        },
        null,
        2
      )
    );
    return 0;
  }
  const lines: string[] = [];
  if (path.steps.length === 0) {
    lines.push(`${path.from} is the same table as ${path.to}.`);
  } else {
    lines.push(
      `${path.tables.join(' → ')}  (${path.steps.length} join${path.steps.length > 1 ? 's' : ''})`
    );
    for (const step of path.steps) {
      lines.push(
        `  ${step.from} → ${step.to} [${step.link.kind}] on ` +
          step.fromColumns
            .map((c, i) =>
              c === step.toColumns[i]
                ? c
                : `${step.from}.${c} = ${step.to}.${step.toColumns[i]}`
            )
            .join(', ')
      );
    }
  }
  if (snippet) {
    lines.push('', snippet.sql);
    for (const warning of snippet.warnings) {
      lines.push(`-- warning: ${warning}`);
    }
  }
  out(lines.join('\n'));
  return 0;
}

function errorJson(error: Error): Record<string, unknown> {
  const base: Record<string, unknown> = {
    type: error.name,
    message: error.message
  };
  if (error instanceof UnknownNameError) {
    base.kind = error.kind;
    base.name = error.unknown;
    base.suggestions = error.suggestions;
  }
  if (error instanceof NoJoinPathError) {
    base.from = error.from;
    base.to = error.to;
  }
  return { error: base };
}

/** Runs the CLI; returns the exit code. Output goes through `out` and `err`, for tests. */
export async function runCli(
  argv: string[],
  out: (text: string) => void = text => process.stdout.write(`${text}\n`),
  err: (text: string) => void = text => process.stderr.write(`${text}\n`)
): Promise<number> {
  let args: IArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    err(`snds-dictionary: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (has(args, '--version') || has(args, '-v')) {
    out(version());
    return 0;
  }
  if (has(args, '--help') || has(args, '-h') || args.positional.length === 0) {
    out(USAGE);
    return args.positional.length === 0 &&
      !has(args, '--help') &&
      !has(args, '-h')
      ? 2
      : 0;
  }
  const command = args.positional[0];
  const json = has(args, '--json');
  try {
    if (!['search', 'table', 'path', 'ddl', 'stats'].includes(command)) {
      throw new UsageError(`unknown command ${command}`);
    }
    const loaded = await loadDictionary({
      bundleDir: flag(args, '--bundle'),
      schemaDir: flag(args, '--schema')
    });
    const { dictionary } = loaded;
    switch (command) {
      case 'search':
        return await commandSearch(args, loaded, out);
      case 'table':
        return commandTable(args, dictionary, out);
      case 'path':
        return commandPath(args, dictionary, out);
      case 'ddl':
        out(
          createTablesSql(dictionary, {
            year: integerFlag(args, '--year') ?? 2019,
            comments: has(args, '--comments'),
            primaryKey: has(args, '--primary-key')
          })
        );
        return 0;
      case 'stats':
        out(
          json
            ? JSON.stringify(
                {
                  ...dictionary.stats(),
                  source: dictionary.data.source,
                  origin: loaded.origin
                },
                null,
                2
              )
            : table(
                Object.entries(dictionary.stats()).map(([key, value]) => [
                  key,
                  String(value)
                ])
              )
        );
        return 0;
    }
    return 2;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`snds-dictionary: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    const known =
      error instanceof UnknownNameError ||
      error instanceof NoJoinPathError ||
      error instanceof SqlBuildError ||
      error instanceof SchemaImportError ||
      error instanceof BundleFormatError;
    if (!known) {
      throw error;
    }
    if (json) {
      out(JSON.stringify(errorJson(error), null, 2));
    } else {
      err(`snds-dictionary: ${error.message}`);
    }
    return 1;
  }
}

function invokedDirectly(): boolean {
  try {
    return (
      Boolean(process.argv[1]) &&
      realpathSync(process.argv[1]) ===
        realpathSync(fileURLToPath(import.meta.url))
    );
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  runCli(process.argv.slice(2)).then(
    code => {
      process.exitCode = code;
    },
    error => {
      process.stderr.write(
        `snds-dictionary: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`
      );
      process.exitCode = 70;
    }
  );
}
