/** Browser-safe public API of the SNDS dictionary. The Node importer is in `@snds-lab/schema/node`. */
export * from './model.js';
export * from './errors.js';
export * from './domain.js';
export { SndsDictionary, type IResolvedTable } from './dictionary.js';
export {
  encodeDictionary,
  decodeDictionary,
  encodeNomenclature,
  decodeNomenclature,
  nomenclatureFileName,
  parseNomenclatureFile,
  FetchNomenclatureLoader,
  MemoryNomenclatureLoader,
  BUNDLE_VERSION,
  DICTIONARY_FORMAT,
  NOMENCLATURE_FORMAT,
  NOMENCLATURE_VERSION,
  type IDictionaryBundle,
  type INomenclatureBundle,
  type NomenclatureColumnSlot,
  type INomenclatureLoader
} from './bundle.js';
export {
  normalizeSchema,
  keyList,
  parseNomenclatureAttribute,
  repairMojibake,
  type ISourceFile,
  type INomenclatureSourceFile,
  type INormalizeResult
} from './normalize.js';
export { parseCsv, CsvSyntaxError } from './csv.js';
export { fold, foldName, words, terms, stem } from './french_text.js';
export {
  DictionarySearch,
  ValueIndex,
  groupByKind,
  lowerBound,
  SEARCH_KINDS,
  type ISearchOptions,
  type ISearchResult,
  type MatchKind,
  type SearchKind
} from './search.js';
export { suggest, editDistance } from './suggest.js';
export { JoinGraph, type IJoinPath, type IJoinStep } from './join_graph.js';
export {
  yearPatternOf,
  parseConcreteName,
  concreteTableName,
  checkYear
} from './table_names.js';
export {
  quoteIdentifier,
  qualifiedName,
  stringLiteral,
  dateLiteral,
  DUCKDB_KEYWORDS
} from './sql_identifiers.js';
export {
  duckdbType,
  sqlTableName,
  createTableSql,
  createTablesSql,
  type ICreateTableOptions,
  type ITableNameOptions
} from './ddl.js';
export {
  SqlBuilder,
  joinCondition,
  tableAlias,
  type IAnalystFilters,
  type IAggregate,
  type IJoinOptions,
  type IPeriodFilter,
  type ISnippetOptions,
  type ISnippetTable,
  type ISqlSnippet
} from './sql_builder.js';
