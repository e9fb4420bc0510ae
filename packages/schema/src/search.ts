/**
 * Full-text search over the dictionary: products, tables, columns, nomenclatures, and the values
 * of the nomenclatures loaded so far.
 *
 * Ranking has tiers, in this order:
 * 1. exact name or code (`PRS_NAT_REF`, `ER_PHA_F`, `T_MCO19C`, a CIM-10 code);
 * 2. name or code prefix (`ER_PH` → `ER_PHA_F`);
 * 3. fuzzy name, when the query looks like a name and nothing above matched
 *    (`PRS_NAT_RFE` → `PRS_NAT_REF`);
 * 4. words: every query word matches a word of a title, description or label, exactly, by prefix
 *    or (dictionary only) within one or two typos; scored by field and rarity;
 * 5. fuzzy name, for queries that do not look like names.
 * Inside a tier, tables come before nomenclatures, columns and values, and columns of the most
 * linked tables first.
 *
 * A query `/regex/` scans names and labels with that regular expression instead.
 *
 * The index is hand-written. On this corpus it builds faster than MiniSearch and FlexSearch,
 * answers within the same time, and puts the expected answer in its first three results more
 * often: the tiers above need exact and prefix name lookups that the libraries do not rank that
 * way (figures in bench/schema.mjs and the package README).
 */
import type { INomenclatureLoader } from './bundle.js';
import type { SndsDictionary } from './dictionary.js';
import { foldName, stem, words } from './french_text.js';
import type { INomenclatureValues } from './model.js';
import { editDistance, typoBudget } from './suggest.js';
import { parseConcreteName } from './table_names.js';

export type SearchKind =
  'product' | 'table' | 'column' | 'nomenclature' | 'value';
export type MatchKind = 'exact' | 'prefix' | 'words' | 'fuzzy' | 'regex';

export const SEARCH_KINDS: readonly SearchKind[] = [
  'product',
  'table',
  'nomenclature',
  'column',
  'value'
];

export interface ISearchResult {
  kind: SearchKind;
  /** Product, table, column or nomenclature name, or the value's code. */
  name: string;
  /** Title, description or value label. */
  label: string;
  /** Where it lives: the product of a table or column. */
  product?: string;
  /** The table of a column. */
  table?: string;
  /** The nomenclature of a value. */
  nomenclature?: string;
  match: MatchKind;
  score: number;
}

export interface ISearchOptions {
  /** At most this many results (default 20). */
  limit?: number;
  /** Only these kinds. */
  kinds?: readonly SearchKind[];
  /** Values only from these nomenclatures. */
  nomenclatures?: readonly string[];
  /** Only tables and columns of this product. */
  product?: string;
  /** Only columns of this table (and the table itself). */
  table?: string;
  /** Match words of value labels, not only codes (default true). */
  valueLabels?: boolean;
}

const TIER_EXACT = 4000;
const TIER_PREFIX = 3000;
const TIER_FUZZY_NAME = 2000;
const TIER_WORDS = 1000;
/** Value labels rank below the dictionary's own words: the dictionary is what is searched first. */
const TIER_VALUE_WORDS = 600;
const TIER_FUZZY_LOW = 500;

const KIND_BONUS: Record<SearchKind, number> = {
  product: 60,
  table: 50,
  nomenclature: 40,
  column: 30,
  value: 20
};

/** Table titles are short and say what the table is: they weigh most. */
const FIELD_TABLE_TITLE = 3;
const FIELD_NAME = 2;
const FIELD_TITLE = 2;
const FIELD_TEXT = 1;
const MATCH_EXACT = 1;
const MATCH_PREFIX = 0.6;
const MATCH_FUZZY = 0.4;
/** Prefix searches stop after this many names or terms. */
const MAX_PREFIX_EXPANSION = 400;
/** Values have a far larger vocabulary: fewer expansions, and only for the last word. */
const MAX_VALUE_PREFIX_EXPANSION = 50;
const DEFAULT_LIMIT = 20;

const KIND_CODES: SearchKind[] = [
  'product',
  'table',
  'nomenclature',
  'column',
  'value'
];

/** The first index of `sorted` whose entry is not below `key`. */
export function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** Which of 32 character buckets a word uses. */
function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    mask |= 1 << (word.charCodeAt(i) & 31);
  }
  return mask;
}

function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Words bucketed by length, with their letter masks. One edit changes the letters a word uses
 * in at most two buckets, so a mask differing in more than 2 × max buckets rules a word out
 * before the edit distance is computed: most of the vocabulary never gets that far.
 */
class FuzzyVocabulary {
  private readonly byLength: { words: string[]; masks: number[] }[] = [];

  constructor(words: Iterable<string>) {
    for (const word of words) {
      const bucket = (this.byLength[word.length] ??= { words: [], masks: [] });
      bucket.words.push(word);
      bucket.masks.push(letterMask(word));
    }
  }

  near(word: string, max: number): { word: string; distance: number }[] {
    const mask = letterMask(word);
    const out: { word: string; distance: number }[] = [];
    for (
      let len = Math.max(1, word.length - max);
      len <= word.length + max;
      len++
    ) {
      const bucket = this.byLength[len];
      if (!bucket) {
        continue;
      }
      for (let i = 0; i < bucket.words.length; i++) {
        if (bitCount(mask ^ bucket.masks[i]) > 2 * max) {
          continue;
        }
        const distance = editDistance(word, bucket.words[i], max);
        if (distance <= max) {
          out.push({ word: bucket.words[i], distance });
        }
      }
    }
    return out;
  }
}

/** A vocabulary with postings: doc ids and, per doc, the best field weight. */
class TermIndex {
  private readonly postings = new Map<
    string,
    { docs: number[]; weights: number[] }
  >();
  private sorted: string[] | undefined;
  private fuzzy: FuzzyVocabulary | undefined;

  add(term: string, doc: number, weight: number): void {
    let entry = this.postings.get(term);
    if (!entry) {
      entry = { docs: [], weights: [] };
      this.postings.set(term, entry);
      this.sorted = undefined;
      this.fuzzy = undefined;
    }
    const last = entry.docs.length - 1;
    if (last >= 0 && entry.docs[last] === doc) {
      if (weight > entry.weights[last]) {
        entry.weights[last] = weight;
      }
      return;
    }
    entry.docs.push(doc);
    entry.weights.push(weight);
  }

  get(term: string): { docs: number[]; weights: number[] } | undefined {
    return this.postings.get(term);
  }

  /** Sorts the vocabulary now rather than at the first prefix or fuzzy query. */
  prepare(): void {
    this.sorted ??= [...this.postings.keys()].sort();
    this.fuzzy ??= new FuzzyVocabulary(this.postings.keys());
  }

  /** Terms starting with `prefix`, at most `max`. */
  withPrefix(prefix: string, max: number): string[] {
    const sorted = (this.sorted ??= [...this.postings.keys()].sort());
    const out: string[] = [];
    for (
      let i = lowerBound(sorted, prefix);
      i < sorted.length && out.length < max;
      i++
    ) {
      if (!sorted[i].startsWith(prefix)) {
        break;
      }
      out.push(sorted[i]);
    }
    return out;
  }

  /** Terms within `max` edits of `term`. */
  near(term: string, max: number): string[] {
    this.fuzzy ??= new FuzzyVocabulary(this.postings.keys());
    return this.fuzzy.near(term, max).map(entry => entry.word);
  }
}

/** Folded names (or codes) to doc ids, for exact, prefix and fuzzy name lookups. */
class NameIndex {
  private readonly docs = new Map<string, number[]>();
  private sorted: string[] | undefined;
  private fuzzy: FuzzyVocabulary | undefined;

  add(key: string, doc: number): void {
    const list = this.docs.get(key);
    if (list) {
      list.push(doc);
    } else {
      this.docs.set(key, [doc]);
      this.sorted = undefined;
      this.fuzzy = undefined;
    }
  }

  get(key: string): number[] | undefined {
    return this.docs.get(key);
  }

  /** Sorts names now; `fuzzy` also buckets them for typo lookups (not needed for codes). */
  prepare(fuzzy = true): void {
    this.sorted ??= [...this.docs.keys()].sort();
    if (fuzzy) {
      this.fuzzy ??= new FuzzyVocabulary(this.docs.keys());
    }
  }

  /** Names that start with `prefix` (the prefix itself excluded), at most `max`. */
  withPrefix(prefix: string, max = MAX_PREFIX_EXPANSION): string[] {
    const sorted = (this.sorted ??= [...this.docs.keys()].sort());
    const out: string[] = [];
    for (
      let i = lowerBound(sorted, prefix);
      i < sorted.length && out.length < max;
      i++
    ) {
      if (!sorted[i].startsWith(prefix)) {
        break;
      }
      if (sorted[i] !== prefix) {
        out.push(sorted[i]);
      }
    }
    return out;
  }

  /** Names within `max` edits of `key`, `key` itself excluded. */
  near(key: string, max: number): { word: string; distance: number }[] {
    this.fuzzy ??= new FuzzyVocabulary(this.docs.keys());
    return this.fuzzy.near(key, max).filter(entry => entry.distance > 0);
  }
}

/** Best score and match per doc for one query. */
class Hits {
  readonly scores = new Map<number, number>();
  readonly matches = new Map<number, MatchKind>();

  offer(id: number, match: MatchKind, score: number): void {
    const previous = this.scores.get(id);
    if (previous === undefined || score > previous) {
      this.scores.set(id, score);
      this.matches.set(id, match);
    }
  }

  get size(): number {
    return this.scores.size;
  }

  /** The `limit` best ids: score first, then `compare` for ties. */
  top(limit: number, compare: (a: number, b: number) => number): number[] {
    let ids = [...this.scores.keys()];
    if (ids.length > limit * 4) {
      // Cut at the limit-th best score before the full comparison sort.
      const values = Float64Array.from(this.scores.values()).sort();
      const threshold = values[values.length - limit];
      ids = ids.filter(id => (this.scores.get(id) as number) >= threshold);
    }
    ids.sort(
      (a, b) =>
        (this.scores.get(b) as number) - (this.scores.get(a) as number) ||
        compare(a, b)
    );
    return ids.slice(0, limit);
  }
}

interface IQueryWord {
  word: string;
  stem: string;
}

interface IWordOptions {
  /** Expand by prefix every word of 3+ letters ('all') or only the last one ('last'). */
  prefix: 'all' | 'last';
  maxPrefix: number;
  /** Try terms within one or two edits for a word that matches nothing. */
  fuzzy: boolean;
  /** When no doc has every word, rank docs by how many words they have. */
  orFallback: boolean;
}

/** The terms a query word matches, with their match weight. */
function expandWord(
  index: TermIndex,
  { word, stem: s }: IQueryWord,
  last: boolean,
  options: IWordOptions
): { terms: [string, number][]; size: number } {
  const terms: [string, number][] = [];
  let size = 0;
  const add = (term: string, weight: number): void => {
    const posting = index.get(term);
    if (posting && !terms.some(([t]) => t === term)) {
      terms.push([term, weight]);
      size += posting.docs.length;
    }
  };
  add(s, MATCH_EXACT);
  add(word, MATCH_EXACT);
  if (s.length >= 3 && (options.prefix === 'all' || last)) {
    for (const term of index.withPrefix(s, options.maxPrefix)) {
      add(term, MATCH_PREFIX);
    }
  }
  if (terms.length === 0 && options.fuzzy && word.length >= 4) {
    for (const term of index.near(s, word.length >= 9 ? 2 : 1)) {
      add(term, MATCH_FUZZY);
    }
  }
  return { terms, size };
}

/**
 * Scores the docs having every query word (AND): the rarest word gives the candidates, the others
 * only filter and add to them, so a common word costs a scan of its postings and nothing more.
 */
function scoreWords(
  index: TermIndex,
  queryWords: readonly IQueryWord[],
  docCount: number,
  accept: (doc: number) => boolean,
  options: IWordOptions
): Map<number, number> {
  if (queryWords.length === 0) {
    return new Map();
  }
  const expanded = queryWords.map((word, i) =>
    expandWord(index, word, i === queryWords.length - 1, options)
  );
  const scoreOf = (
    terms: [string, number][],
    keep: (doc: number) => boolean
  ): Map<number, number> => {
    const scores = new Map<number, number>();
    for (const [term, matchWeight] of terms) {
      const posting = index.get(term) as { docs: number[]; weights: number[] };
      const idf = Math.log(1 + docCount / posting.docs.length);
      for (let i = 0; i < posting.docs.length; i++) {
        const doc = posting.docs[i];
        if (!keep(doc)) {
          continue;
        }
        const value = posting.weights[i] * matchWeight * idf;
        const previous = scores.get(doc);
        if (previous === undefined || value > previous) {
          scores.set(doc, value);
        }
      }
    }
    return scores;
  };
  const order = [...expanded].sort((a, b) => a.size - b.size);
  let result =
    order[0].size > 0
      ? scoreOf(order[0].terms, accept)
      : new Map<number, number>();
  for (let i = 1; i < order.length && result.size > 0; i++) {
    const current = result;
    const scores = scoreOf(order[i].terms, doc => current.has(doc));
    result = new Map();
    for (const [doc, score] of scores) {
      result.set(doc, (current.get(doc) as number) + score);
    }
  }
  if (result.size > 0 || queryWords.length === 1 || !options.orFallback) {
    return result;
  }
  // OR: docs with more of the words first, scaled below any full match.
  const counts = new Map<number, { hits: number; total: number }>();
  for (const { terms } of expanded) {
    for (const [doc, score] of scoreOf(terms, accept)) {
      const entry = counts.get(doc);
      if (entry) {
        entry.hits++;
        entry.total += score;
      } else {
        counts.set(doc, { hits: 1, total: score });
      }
    }
  }
  for (const [doc, { hits, total }] of counts) {
    result.set(doc, (total * hits) / (queryWords.length * 2));
  }
  return result;
}

function queryWords(text: string): IQueryWord[] {
  return words(text).map(word => ({ word, stem: stem(word) }));
}

/** A query is name-like when it is one token with an underscore, or typed in capitals. */
function looksLikeName(query: string): boolean {
  if (/\s/.test(query)) {
    return false;
  }
  return (
    query.includes('_') ||
    (query.length >= 3 && query === query.toUpperCase() && /[A-Z]/.test(query))
  );
}

function parseRegex(query: string): RegExp | undefined {
  const match = /^\/(.+)\/([a-z]*)$/.exec(query);
  if (!match) {
    return undefined;
  }
  try {
    return new RegExp(
      match[1],
      match[2].includes('i') ? match[2] : `${match[2]}i`
    );
  } catch {
    return undefined;
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Best first: score, then the caller's importance, then name and place. */
function rank(
  results: ISearchResult[],
  importance: (result: ISearchResult) => number,
  limit: number
): ISearchResult[] {
  results.sort(
    (a, b) =>
      b.score - a.score ||
      importance(b) - importance(a) ||
      compareText(a.name, b.name) ||
      compareText(
        a.table ?? a.nomenclature ?? '',
        b.table ?? b.nomenclature ?? ''
      )
  );
  return results.slice(0, limit);
}

/**
 * An index over the values (code and labels) of the nomenclatures added to it. Build it lazily,
 * for the nomenclatures a user searches; label words are indexed at the first word query.
 */
export class ValueIndex {
  private readonly codes = new NameIndex();
  private readonly labelTerms = new TermIndex();
  private readonly valueNomenclature: number[] = [];
  private readonly valueRow: number[] = [];
  private readonly loaded: INomenclatureValues[] = [];
  private readonly loadedNames = new Map<string, number>();
  private labelsIndexed = 0;

  has(name: string): boolean {
    return this.loadedNames.has(name);
  }

  get names(): string[] {
    return [...this.loadedNames.keys()];
  }

  get size(): number {
    return this.valueRow.length;
  }

  add(values: INomenclatureValues): void {
    if (this.loadedNames.has(values.name)) {
      return;
    }
    const nomenclatureId = this.loaded.length;
    this.loaded.push(values);
    this.loadedNames.set(values.name, nomenclatureId);
    const { rows, code } = values;
    for (let r = 0; r < rows.length; r++) {
      const id = this.valueRow.length;
      this.valueNomenclature.push(nomenclatureId);
      this.valueRow.push(r);
      const codeText = rows[r][code];
      if (codeText) {
        this.codes.add(foldName(codeText), id);
      }
    }
  }

  /**
   * Sorts codes now, and indexes label words unless `labels` is false, so that the first query
   * is as fast as the next ones.
   */
  prepare(options: { labels?: boolean } = {}): void {
    this.codes.prepare(false);
    if (options.labels ?? true) {
      this.indexLabels();
      this.labelTerms.prepare();
    }
  }

  private indexLabels(): void {
    for (; this.labelsIndexed < this.valueRow.length; this.labelsIndexed++) {
      const id = this.labelsIndexed;
      const values = this.loaded[this.valueNomenclature[id]];
      const row = values.rows[this.valueRow[id]];
      // The code is a word too: "E11 diabète" finds E11 "Diabète sucré de type 2".
      const code = row[values.code];
      if (code) {
        for (const word of words(code)) {
          this.labelTerms.add(word, id, FIELD_NAME);
        }
      }
      for (const labelIndex of values.labels) {
        const label = row[labelIndex];
        if (label) {
          for (const word of words(label)) {
            this.labelTerms.add(stem(word), id, FIELD_TITLE);
          }
        }
      }
    }
  }

  private code(id: number): string {
    const values = this.loaded[this.valueNomenclature[id]];
    return values.rows[this.valueRow[id]][values.code];
  }

  private result(id: number, match: MatchKind, score: number): ISearchResult {
    const values = this.loaded[this.valueNomenclature[id]];
    const row = values.rows[this.valueRow[id]];
    const label = values.labels
      .map(i => row[i])
      .filter(Boolean)
      .join(' — ');
    return {
      kind: 'value',
      name: row[values.code],
      label,
      nomenclature: values.name,
      match,
      score
    };
  }

  search(query: string, options: ISearchOptions = {}): ISearchResult[] {
    const limit = options.limit ?? DEFAULT_LIMIT;
    const trimmed = query.trim();
    if (!trimmed) {
      return [];
    }
    const only = options.nomenclatures
      ? new Set(
          options.nomenclatures
            .map(name => this.loadedNames.get(name))
            .filter(id => id !== undefined)
        )
      : undefined;
    if (only && only.size === 0) {
      return [];
    }
    const accept = (id: number): boolean =>
      !only || only.has(this.valueNomenclature[id]);
    const hits = new Hits();
    const offer = (id: number, match: MatchKind, score: number): void => {
      if (accept(id)) {
        hits.offer(id, match, score);
      }
    };
    const regex = parseRegex(trimmed);
    if (regex) {
      for (
        let id = 0;
        id < this.valueRow.length && hits.size < limit * 5;
        id++
      ) {
        if (!accept(id)) {
          continue;
        }
        const values = this.loaded[this.valueNomenclature[id]];
        const row = values.rows[this.valueRow[id]];
        if (
          regex.test(row[values.code]) ||
          values.labels.some(i => regex.test(row[i]))
        ) {
          offer(id, 'regex', TIER_WORDS);
        }
      }
    } else {
      const singleToken = !/\s/.test(trimmed);
      if (singleToken) {
        const key = foldName(trimmed);
        for (const id of this.codes.get(key) ?? []) {
          offer(id, 'exact', TIER_EXACT + KIND_BONUS.value);
        }
        // Code prefixes only for queries that look like codes: "E1", "AHQ", not "pharmacie".
        const codeLike =
          /\d/.test(trimmed) || trimmed === trimmed.toUpperCase();
        if (key.length >= 2 && codeLike) {
          for (const name of this.codes.withPrefix(key)) {
            const extra = Math.min(20, name.length - key.length);
            for (const id of this.codes.get(name) ?? []) {
              offer(id, 'prefix', TIER_PREFIX + KIND_BONUS.value + 20 - extra);
            }
          }
        }
      }
      // Labels are French words: a table or column name (with "_") is not looked for in them.
      const wantLabels =
        options.valueLabels !== false &&
        !(singleToken && trimmed.includes('_'));
      const list = wantLabels ? queryWords(trimmed) : [];
      if (list.length > 0) {
        this.indexLabels();
        const scores = scoreWords(
          this.labelTerms,
          list,
          Math.max(1, this.valueRow.length),
          accept,
          {
            prefix: 'last',
            maxPrefix: MAX_VALUE_PREFIX_EXPANSION,
            fuzzy: false,
            orFallback: false
          }
        );
        for (const [id, score] of scores) {
          offer(
            id,
            'words',
            TIER_VALUE_WORDS + KIND_BONUS.value + Math.min(score * 10, 370)
          );
        }
      }
    }
    const best = hits.top(
      limit,
      (a, b) => compareText(this.code(a), this.code(b)) || a - b
    );
    return best.map(id =>
      this.result(
        id,
        hits.matches.get(id) as MatchKind,
        hits.scores.get(id) as number
      )
    );
  }
}

/** The dictionary's search index: build once, query as the user types. */
export class DictionarySearch {
  readonly values = new ValueIndex();
  private readonly kinds: number[] = [];
  private readonly names: string[] = [];
  private readonly labels: string[] = [];
  private readonly products: string[] = [];
  private readonly tables: string[] = [];
  private readonly importance: number[] = [];
  private readonly nameIndex = new NameIndex();
  private readonly termIndex = new TermIndex();
  private readonly tableNames = new Set<string>();

  private constructor(readonly dictionary: SndsDictionary) {}

  /** Indexes products, tables, columns and nomenclatures (not their values). */
  static build(dictionary: SndsDictionary): DictionarySearch {
    const search = new DictionarySearch(dictionary);
    search.indexDictionary();
    search.nameIndex.prepare();
    search.termIndex.prepare();
    return search;
  }

  get documentCount(): number {
    return this.names.length;
  }

  private addDoc(
    kind: SearchKind,
    name: string,
    label: string,
    product: string,
    table: string,
    importance: number
  ): number {
    const id = this.names.length;
    this.kinds.push(KIND_CODES.indexOf(kind));
    this.names.push(name);
    this.labels.push(label);
    this.products.push(product);
    this.tables.push(table);
    this.importance.push(importance);
    this.nameIndex.add(foldName(name), id);
    for (const part of words(name.replace(/_/g, ' '))) {
      this.termIndex.add(stem(part), id, FIELD_NAME);
      if (part.length >= 3) {
        this.termIndex.add(part, id, FIELD_NAME);
      }
    }
    return id;
  }

  private addText(id: number, text: string | undefined, weight: number): void {
    if (!text) {
      return;
    }
    for (const word of words(text)) {
      this.termIndex.add(stem(word), id, weight);
    }
  }

  private indexDictionary(): void {
    const data = this.dictionary.data;
    const degree = new Map<string, number>();
    for (const link of data.links) {
      degree.set(link.from, (degree.get(link.from) ?? 0) + 1);
      degree.set(link.to, (degree.get(link.to) ?? 0) + 1);
    }
    const maxDegree = Math.max(1, ...degree.values());
    for (const product of data.products) {
      const id = this.addDoc(
        'product',
        product.name,
        `${product.tables.length} tables`,
        product.name,
        '',
        9
      );
      this.addText(id, product.name, FIELD_TITLE);
    }
    for (const table of data.tables) {
      this.tableNames.add(foldName(table.name));
      const weight = Math.round(
        (9 * (degree.get(table.name) ?? 0)) / maxDegree
      );
      const id = this.addDoc(
        'table',
        table.name,
        table.title,
        table.product,
        table.name,
        weight
      );
      this.addText(id, table.title, FIELD_TABLE_TITLE);
      for (const column of table.columns) {
        const columnId = this.addDoc(
          'column',
          column.name,
          column.description,
          table.product,
          table.name,
          weight
        );
        this.addText(columnId, column.description, FIELD_TITLE);
      }
    }
    for (const nomenclature of data.nomenclatures) {
      const id = this.addDoc(
        'nomenclature',
        nomenclature.name,
        nomenclature.title,
        '',
        '',
        5
      );
      this.addText(id, nomenclature.title, FIELD_TITLE);
      this.addText(id, nomenclature.description, FIELD_TEXT);
    }
  }

  private docResult(
    id: number,
    match: MatchKind,
    score: number
  ): ISearchResult {
    const kind = KIND_CODES[this.kinds[id]];
    const result: ISearchResult = {
      kind,
      name: this.names[id],
      label: this.labels[id],
      match,
      score
    };
    if (kind === 'table' || kind === 'column') {
      result.product = this.products[id];
    }
    if (kind === 'column') {
      result.table = this.tables[id];
    }
    return result;
  }

  /** Adds a nomenclature's values to the value index (idempotent). */
  addValues(values: INomenclatureValues): void {
    this.values.add(values);
  }

  /** Loads and indexes the values of these nomenclatures (all of them with 'all'). */
  async loadValues(
    names: readonly string[] | 'all',
    loader: INomenclatureLoader
  ): Promise<void> {
    const list =
      names === 'all'
        ? this.dictionary.nomenclatures
            .filter(n => n.valueCount !== null)
            .map(n => n.name)
        : names.map(name => this.dictionary.nomenclature(name).name);
    const pending = list.filter(name => !this.values.has(name));
    const loaded = await Promise.all(pending.map(name => loader.load(name)));
    for (const values of loaded) {
      this.values.add(values);
    }
    // Label words are indexed at the first word query (or by values.prepare()).
    this.values.prepare({ labels: false });
  }

  /** Searches the values of some nomenclatures, loading them first if needed. */
  async searchValues(
    query: string,
    nomenclatures: readonly string[],
    loader: INomenclatureLoader,
    options: Omit<ISearchOptions, 'nomenclatures' | 'kinds'> = {}
  ): Promise<ISearchResult[]> {
    await this.loadValues(nomenclatures, loader);
    const names = nomenclatures.map(
      name => this.dictionary.nomenclature(name).name
    );
    return this.values.search(query, { ...options, nomenclatures: names });
  }

  search(query: string, options: ISearchOptions = {}): ISearchResult[] {
    const limit = options.limit ?? DEFAULT_LIMIT;
    let trimmed = query.trim();
    if (!trimmed) {
      return [];
    }
    const kinds = options.kinds ? new Set(options.kinds) : undefined;
    let tableFilter = options.table
      ? this.dictionary.table(options.table).name
      : undefined;
    const productFilter = options.product
      ? (this.dictionary.findProduct(options.product)?.name ?? options.product)
      : undefined;

    // "ER_PRS_F montant": a table name among other words narrows the search to that table.
    if (!tableFilter && /\s/.test(trimmed)) {
      const tokens = trimmed.split(/\s+/);
      const named = tokens.filter(token =>
        this.tableNames.has(foldName(token))
      );
      if (named.length === 1 && tokens.length > 1) {
        tableFilter = this.dictionary.table(named[0]).name;
        trimmed = tokens.filter(token => token !== named[0]).join(' ');
      }
    }

    const accept = (id: number): boolean => {
      if (kinds && !kinds.has(KIND_CODES[this.kinds[id]])) {
        return false;
      }
      if (tableFilter && this.tables[id] !== tableFilter) {
        return false;
      }
      return !productFilter || this.products[id] === productFilter;
    };
    const hits = new Hits();
    const offer = (id: number, match: MatchKind, score: number): void => {
      if (accept(id)) {
        hits.offer(id, match, score);
      }
    };
    const bonus = (id: number): number =>
      KIND_BONUS[KIND_CODES[this.kinds[id]]];

    const regex = parseRegex(trimmed);
    if (regex) {
      for (let id = 0; id < this.names.length; id++) {
        if (regex.test(this.names[id]) || regex.test(this.labels[id])) {
          offer(id, 'regex', TIER_WORDS + bonus(id));
        }
      }
    } else {
      const nameLike = looksLikeName(trimmed);
      const singleToken = !/\s/.test(trimmed);
      // Whole-query name lookups; product names ("PMSI MCO") have spaces.
      const key = foldName(trimmed);
      const keys = [key];
      const concrete = singleToken ? parseConcreteName(key) : undefined;
      if (concrete) {
        keys.push(foldName(concrete.template));
      }
      for (const k of keys) {
        for (const id of this.nameIndex.get(k) ?? []) {
          offer(id, 'exact', TIER_EXACT + bonus(id));
        }
      }
      if (key.length >= 2) {
        for (const k of keys) {
          for (const name of this.nameIndex.withPrefix(k)) {
            const extra = Math.min(20, name.length - k.length);
            for (const id of this.nameIndex.get(name) ?? []) {
              offer(id, 'prefix', TIER_PREFIX + bonus(id) + 20 - extra);
            }
          }
        }
      }
      if (singleToken) {
        // Typos only when the name as typed exists nowhere.
        if (key.length >= 4 && hits.size === 0) {
          const tier = nameLike ? TIER_FUZZY_NAME : TIER_FUZZY_LOW;
          const budget = Math.min(2, typoBudget(key.length));
          for (const { word: name, distance } of this.nameIndex.near(
            key,
            budget
          )) {
            for (const id of this.nameIndex.get(name) ?? []) {
              offer(id, 'fuzzy', tier + bonus(id) - distance * 100);
            }
          }
        }
      }
      // A name with underscores that already filled the page needs no word search on its parts.
      const enough = singleToken && trimmed.includes('_') && hits.size >= limit;
      const list = enough ? [] : queryWords(trimmed);
      if (list.length > 0) {
        const scores = scoreWords(
          this.termIndex,
          list,
          this.names.length,
          accept,
          {
            prefix: 'all',
            maxPrefix: MAX_PREFIX_EXPANSION,
            fuzzy: true,
            orFallback: true
          }
        );
        for (const [id, score] of scores) {
          offer(
            id,
            'words',
            TIER_WORDS + bonus(id) + Math.min(score * 10, 900)
          );
        }
      }
    }

    const best = hits.top(
      limit,
      (a, b) =>
        this.importance[b] - this.importance[a] ||
        compareText(this.names[a], this.names[b]) ||
        compareText(this.tables[a], this.tables[b])
    );
    const results = best.map(id =>
      this.docResult(
        id,
        hits.matches.get(id) as MatchKind,
        hits.scores.get(id) as number
      )
    );
    const wantValues =
      (!kinds || kinds.has('value')) &&
      !tableFilter &&
      !productFilter &&
      this.values.size > 0;
    if (!wantValues) {
      return results;
    }
    const importance = new Map<ISearchResult, number>(
      best.map((id, i) => [results[i], this.importance[id]])
    );
    const values = this.values.search(trimmed, {
      limit,
      nomenclatures: options.nomenclatures,
      valueLabels: options.valueLabels
    });
    return rank(
      [...results, ...values],
      result => importance.get(result) ?? 0,
      limit
    );
  }
}

/** Results grouped by kind, in the order the sidebar shows them. */
export function groupByKind(
  results: readonly ISearchResult[]
): Map<SearchKind, ISearchResult[]> {
  const groups = new Map<SearchKind, ISearchResult[]>();
  for (const kind of SEARCH_KINDS) {
    const list = results.filter(result => result.kind === kind);
    if (list.length > 0) {
      groups.set(kind, list);
    }
  }
  return groups;
}
