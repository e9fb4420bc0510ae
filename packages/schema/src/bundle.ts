/**
 * The bundle the browser loads: `dictionary.json` (every table, column, key, link and
 * nomenclature description) and one `nomenclatures/<NAME>.json` per nomenclature, loaded lazily.
 *
 * Records are written as positional arrays with trailing empty slots dropped, and names that
 * repeat (types, products, tables, nomenclatures) as indices: well under two thirds of the size
 * of the same data as objects (most of what is left is French descriptions). Browser-safe.
 */
import { BundleFormatError } from './errors.js';
import {
  FIELD_TYPES,
  type FieldType,
  type IColumn,
  type IColumnConstraints,
  type IDictionaryData,
  type ILink,
  type INomenclature,
  type INomenclatureField,
  type INomenclatureValues,
  type ISourceInfo,
  type ITable,
  type LinkKind,
  type YearPattern
} from './model.js';
import { yearPatternOf } from './table_names.js';

export const DICTIONARY_FORMAT = 'snds-dictionary';
export const NOMENCLATURE_FORMAT = 'snds-nomenclature';
export const BUNDLE_VERSION = 1;
/** Version 2: columnar, each column constant, plain or dictionary-coded; files gzipped. */
export const NOMENCLATURE_VERSION = 2;

const LINK_KINDS: readonly LinkKind[] = ['record', 'patient', 'reference'];
const ROLES = ['', 'code', 'label'] as const;

type Slot = string | number | boolean | null | Slot[];

const CONSTRAINT_KEYS = [
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'decimals',
  'pattern',
  'enum',
  'required'
] as const;

function encodeConstraints(constraints: IColumnConstraints | undefined): Slot {
  if (!constraints) {
    return null;
  }
  return trim(CONSTRAINT_KEYS.map(key => (constraints[key] ?? null) as Slot));
}

function decodeConstraints(
  slot: Slot | undefined
): IColumnConstraints | undefined {
  if (!Array.isArray(slot)) {
    return undefined;
  }
  const out: Record<string, unknown> = {};
  CONSTRAINT_KEYS.forEach((key, i) => {
    if (slot[i] !== null && slot[i] !== undefined) {
      out[key] = slot[i];
    }
  });
  return out as IColumnConstraints;
}

export interface IDictionaryBundle {
  format: typeof DICTIONARY_FORMAT;
  version: number;
  /** Fingerprint of the inputs the bundle was built from. */
  fingerprint?: string;
  source: ISourceInfo;
  products: string[];
  nomenclatures: Slot[][];
  tables: Slot[][];
  links: Slot[][];
  nomenclatureLinks: Slot[][];
}

/**
 * One column of a nomenclature: a string when every row holds it, the values in row order, or
 * the distinct values plus, per row, the index of its value written in `width` characters of
 * {@link INDEX_DIGITS} (half the size of a JSON number array, and faster to parse).
 */
export type NomenclatureColumnSlot =
  string | string[] | { values: string[]; index: string; width: number };

export interface INomenclatureBundle {
  format: typeof NOMENCLATURE_FORMAT;
  version: number;
  name: string;
  columns: string[];
  code: number;
  labels: number[];
  /** Number of rows. */
  length: number;
  /** One slot per column, in the order of `columns`. */
  values: NomenclatureColumnSlot[];
}

/** Printable ASCII from `#` to `~` without the backslash: no character needs escaping in JSON. */
const INDEX_DIGITS = Array.from({ length: 0x7f - 0x23 }, (_, i) =>
  String.fromCharCode(0x23 + i)
)
  .filter(c => c !== '\\')
  .join('');
const INDEX_BASE = INDEX_DIGITS.length;
const DIGIT_VALUE = new Map([...INDEX_DIGITS].map((c, i) => [c, i]));

function encodeColumn(cells: string[]): NomenclatureColumnSlot {
  const distinct = new Map<string, number>();
  for (const cell of cells) {
    if (!distinct.has(cell)) {
      distinct.set(cell, distinct.size);
    }
  }
  if (distinct.size <= 1) {
    return cells[0] ?? '';
  }
  let width = 1;
  while (INDEX_BASE ** width < distinct.size) {
    width++;
  }
  const values = [...distinct.keys()];
  const dictionaryCost =
    values.reduce((n, v) => n + v.length + 3, 0) + cells.length * width;
  const plainCost = cells.reduce((n, v) => n + v.length + 3, 0);
  if (plainCost <= dictionaryCost) {
    return cells;
  }
  const digits: string[] = new Array(cells.length);
  cells.forEach((cell, row) => {
    let n = distinct.get(cell)!;
    let text = '';
    for (let k = 0; k < width; k++) {
      text = INDEX_DIGITS[n % INDEX_BASE] + text;
      n = Math.floor(n / INDEX_BASE);
    }
    digits[row] = text;
  });
  return { values, index: digits.join(''), width };
}

function decodeColumn(
  slot: NomenclatureColumnSlot | undefined,
  length: number,
  where: string
): string[] {
  if (typeof slot === 'string') {
    return new Array<string>(length).fill(slot);
  }
  if (Array.isArray(slot) && slot.length === length) {
    return slot;
  }
  if (
    slot &&
    !Array.isArray(slot) &&
    Array.isArray(slot.values) &&
    typeof slot.index === 'string' &&
    slot.index.length === length * slot.width
  ) {
    const out = new Array<string>(length);
    const { values, index, width } = slot;
    for (let row = 0, at = 0; row < length; row++) {
      let n = 0;
      for (let k = 0; k < width; k++, at++) {
        n = n * INDEX_BASE + (DIGIT_VALUE.get(index[at]) ?? 0);
      }
      out[row] = values[n] ?? '';
    }
    return out;
  }
  throw new BundleFormatError(
    `${where} is malformed; rebuild it with \`npm run build -w @snds-lab/schema\``
  );
}

function trim(record: Slot[]): Slot[] {
  let end = record.length;
  while (end > 0) {
    const last = record[end - 1];
    if (
      last === null ||
      last === '' ||
      (Array.isArray(last) && last.length === 0)
    ) {
      end--;
    } else {
      break;
    }
  }
  return record.slice(0, end);
}

function str(value: Slot | undefined): string {
  return typeof value === 'string' ? value : '';
}

function strList(value: Slot | undefined): string[] {
  return Array.isArray(value) ? (value as string[]) : [];
}

function num(value: Slot | undefined, fallback = -1): number {
  return typeof value === 'number' ? value : fallback;
}

function typeIndex(type: FieldType): number {
  return FIELD_TYPES.indexOf(type);
}

function typeAt(index: Slot | undefined, where: string): FieldType {
  const type = FIELD_TYPES[num(index)];
  if (!type) {
    throw new BundleFormatError(
      `${where}: unknown type index ${String(index)}; rebuild the bundle`
    );
  }
  return type;
}

/** Encodes the dictionary for `dictionary.json`. */
export function encodeDictionary(
  data: IDictionaryData,
  fingerprint?: string
): IDictionaryBundle {
  const products = data.products.map(product => product.name);
  const productIndex = new Map(products.map((name, i) => [name, i]));
  const tableIndex = new Map(data.tables.map((table, i) => [table.name, i]));
  const nomenclatureIndex = new Map(
    data.nomenclatures.map((nomenclature, i) => [nomenclature.name, i])
  );
  const codeOf = new Map(data.nomenclatures.map(n => [n.name, n.code]));

  const nomenclatures = data.nomenclatures.map(n =>
    trim([
      n.name,
      n.title,
      n.source,
      n.fields.map(f =>
        trim([f.name, typeIndex(f.type), ROLES.indexOf(f.role ?? '')])
      ),
      n.primaryKey,
      n.code,
      n.labels,
      n.valueCount,
      n.description ?? ''
    ])
  );

  const tables = data.tables.map(table =>
    trim([
      table.name,
      table.title,
      productIndex.get(table.product) ?? -1,
      table.primaryKey,
      table.columns.map(column => {
        const nomenclature = column.nomenclature;
        // Slots most columns fill come first, so that trailing empty ones can be dropped.
        return trim([
          column.name,
          column.description,
          typeIndex(column.type),
          column.length ?? '',
          column.oracleType ?? '',
          column.dateCreated ?? '',
          encodeConstraints(column.constraints),
          nomenclature
            ? (nomenclatureIndex.get(nomenclature.name) ?? -1)
            : null,
          // The column is left out when it is the nomenclature's code column, the usual case.
          nomenclature && nomenclature.column !== codeOf.get(nomenclature.name)
            ? nomenclature.column
            : '',
          column.format ?? '',
          column.dateDeleted ?? '',
          column.dateMissing ?? [],
          column.observation ?? '',
          column.rule ?? '',
          column.trueValues ?? [],
          column.falseValues ?? []
        ]);
      }),
      table.scope ?? '',
      table.observation ?? '',
      table.dateCreated ?? '',
      table.dateDeleted ?? '',
      table.dateMissing ?? [],
      table.source
    ])
  );

  const links = data.links.map(link =>
    trim([
      tableIndex.get(link.from) ?? -1,
      link.fromColumns,
      tableIndex.get(link.to) ?? -1,
      link.toColumns,
      LINK_KINDS.indexOf(link.kind),
      link.bidirectional ? 1 : 0
    ])
  );

  const nomenclatureLinks = data.nomenclatureLinks.map(link => [
    tableIndex.get(link.table) ?? -1,
    link.column,
    nomenclatureIndex.get(link.nomenclature) ?? -1,
    link.nomenclatureColumn
  ]);

  const bundle: IDictionaryBundle = {
    format: DICTIONARY_FORMAT,
    version: BUNDLE_VERSION,
    source: data.source,
    products,
    nomenclatures,
    tables,
    links,
    nomenclatureLinks
  };
  if (fingerprint) {
    bundle.fingerprint = fingerprint;
  }
  return bundle;
}

function checkHeader(
  value: unknown,
  format: string,
  what: string,
  version = BUNDLE_VERSION
): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    throw new BundleFormatError(
      `${what} is not a JSON object; rebuild it with \`npm run build -w @snds-lab/schema\``
    );
  }
  const header = value as { format?: unknown; version?: unknown };
  if (header.format !== format) {
    throw new BundleFormatError(
      `${what} has format ${JSON.stringify(header.format)}, expected "${format}"; is it the right file?`
    );
  }
  if (header.version !== version) {
    throw new BundleFormatError(
      `${what} is version ${String(header.version)} but this library reads version ${version}; rebuild it with \`npm run build -w @snds-lab/schema\``
    );
  }
}

/** Decodes `dictionary.json` (parsed) back into the dictionary data. */
export function decodeDictionary(bundle: unknown): IDictionaryData {
  checkHeader(bundle, DICTIONARY_FORMAT, 'dictionary bundle');
  const b = bundle as unknown as IDictionaryBundle;
  const nomenclatures: INomenclature[] = b.nomenclatures.map((r, i) => {
    const fields: INomenclatureField[] = (r[3] as Slot[][]).map(f => {
      const field: INomenclatureField = {
        name: str(f[0]),
        type: typeAt(f[1], `nomenclature #${i}`)
      };
      const role = ROLES[num(f[2], 0)];
      if (role) {
        field.role = role;
      }
      return field;
    });
    const nomenclature: INomenclature = {
      name: str(r[0]),
      title: str(r[1]),
      source: str(r[2]),
      fields,
      primaryKey: strList(r[4]),
      code: str(r[5]),
      labels: strList(r[6]),
      valueCount: typeof r[7] === 'number' ? r[7] : null
    };
    if (str(r[8])) {
      nomenclature.description = str(r[8]);
    }
    return nomenclature;
  });
  const nomenclatureAt = (
    index: Slot | undefined,
    where: string
  ): INomenclature => {
    const found = nomenclatures[num(index)];
    if (!found) {
      throw new BundleFormatError(
        `${where}: unknown nomenclature index ${String(index)}; rebuild the bundle`
      );
    }
    return found;
  };

  const tables: ITable[] = b.tables.map(r => {
    const name = str(r[0]);
    const columns: IColumn[] = (r[4] as Slot[][]).map(c => {
      const column: IColumn = {
        name: str(c[0]),
        description: str(c[1]),
        type: typeAt(c[2], `${name}.${str(c[0])}`)
      };
      const optional: [keyof IColumn, Slot | undefined][] = [
        ['length', c[3]],
        ['oracleType', c[4]],
        ['dateCreated', c[5]],
        ['format', c[9]],
        ['dateDeleted', c[10]],
        ['observation', c[12]],
        ['rule', c[13]]
      ];
      for (const [key, value] of optional) {
        if (str(value)) {
          (column as unknown as Record<string, string>)[key] = str(value);
        }
      }
      const constraints = decodeConstraints(c[6]);
      if (constraints) {
        column.constraints = constraints;
      }
      if (typeof c[7] === 'number') {
        const nomenclature = nomenclatureAt(c[7], `${name}.${column.name}`);
        column.nomenclature = {
          name: nomenclature.name,
          column: str(c[8]) || nomenclature.code
        };
      }
      if (strList(c[11]).length > 0) {
        column.dateMissing = strList(c[11]);
      }
      if (strList(c[14]).length > 0) {
        column.trueValues = strList(c[14]);
      }
      if (strList(c[15]).length > 0) {
        column.falseValues = strList(c[15]);
      }
      return column;
    });
    const table: ITable = {
      name,
      title: str(r[1]),
      product: b.products[num(r[2])] ?? '',
      columns,
      primaryKey: strList(r[3]),
      source: str(r[10])
    };
    const yearPattern: YearPattern | undefined = yearPatternOf(name);
    if (yearPattern) {
      table.yearPattern = yearPattern;
    }
    if (str(r[5])) {
      table.scope = str(r[5]);
    }
    if (str(r[6])) {
      table.observation = str(r[6]);
    }
    if (str(r[7])) {
      table.dateCreated = str(r[7]);
    }
    if (str(r[8])) {
      table.dateDeleted = str(r[8]);
    }
    if (strList(r[9]).length > 0) {
      table.dateMissing = strList(r[9]);
    }
    return table;
  });
  const tableAt = (index: Slot | undefined, where: string): ITable => {
    const found = tables[num(index)];
    if (!found) {
      throw new BundleFormatError(
        `${where}: unknown table index ${String(index)}; rebuild the bundle`
      );
    }
    return found;
  };

  const links: ILink[] = b.links.map((r, id) => ({
    id,
    from: tableAt(r[0], `link #${id}`).name,
    fromColumns: strList(r[1]),
    to: tableAt(r[2], `link #${id}`).name,
    toColumns: strList(r[3]),
    kind: LINK_KINDS[num(r[4], 0)] ?? 'record',
    bidirectional: r[5] === 1
  }));

  const nomenclatureLinks = b.nomenclatureLinks.map((r, i) => ({
    table: tableAt(r[0], `nomenclature link #${i}`).name,
    column: str(r[1]),
    nomenclature: nomenclatureAt(r[2], `nomenclature link #${i}`).name,
    nomenclatureColumn: str(r[3])
  }));

  const products = b.products.map(product => ({
    name: product,
    tables: tables
      .filter(table => table.product === product)
      .map(table => table.name)
  }));

  return {
    source: b.source,
    products,
    tables,
    links,
    nomenclatureLinks,
    nomenclatures
  };
}

export function encodeNomenclature(
  values: INomenclatureValues
): INomenclatureBundle {
  return {
    format: NOMENCLATURE_FORMAT,
    version: NOMENCLATURE_VERSION,
    name: values.name,
    columns: values.columns,
    code: values.code,
    labels: values.labels,
    length: values.rows.length,
    values: values.columns.map((_, i) =>
      encodeColumn(values.rows.map(row => row[i] ?? ''))
    )
  };
}

export function decodeNomenclature(bundle: unknown): INomenclatureValues {
  checkHeader(
    bundle,
    NOMENCLATURE_FORMAT,
    'nomenclature bundle',
    NOMENCLATURE_VERSION
  );
  const b = bundle as unknown as INomenclatureBundle;
  const length = typeof b.length === 'number' ? b.length : -1;
  const columns = b.columns.map((column, i) =>
    decodeColumn(
      b.values?.[i],
      length,
      `nomenclature bundle ${b.name}, column ${column}`
    )
  );
  const rows: string[][] = new Array(Math.max(length, 0));
  for (let row = 0; row < length; row++) {
    rows[row] = columns.map(cells => cells[row]);
  }
  return {
    name: b.name,
    columns: b.columns,
    code: b.code,
    labels: b.labels,
    rows
  };
}

const GZIP_MAGIC = [0x1f, 0x8b];

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/**
 * Parses a nomenclature file's bytes: gzip (as written) or already inflated, for servers that
 * send `.gz` files with `Content-Encoding: gzip`. Uses the `DecompressionStream` of browsers and
 * Node 18+.
 */
export async function parseNomenclatureFile(
  bytes: Uint8Array
): Promise<unknown> {
  let data = bytes;
  if (isGzip(bytes)) {
    const stream = new Blob([bytes as BlobPart])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'));
    data = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return JSON.parse(new TextDecoder().decode(data));
}

/** File name of a nomenclature in the bundle folder (names are plain identifiers). */
export function nomenclatureFileName(name: string): string {
  return `nomenclatures/${encodeURIComponent(name)}.json.gz`;
}

/** Where the lazily loaded nomenclature values come from (files in Node, fetch in a browser). */
export interface INomenclatureLoader {
  load(name: string): Promise<INomenclatureValues>;
}

/** Loads nomenclature files with `fetch` from the bundle's base URL. */
export class FetchNomenclatureLoader implements INomenclatureLoader {
  private readonly cache = new Map<string, Promise<INomenclatureValues>>();

  constructor(
    private readonly baseUrl: string,
    private readonly fetcher: (url: string) => Promise<{
      ok: boolean;
      status: number;
      arrayBuffer?(): Promise<ArrayBuffer>;
      json?(): Promise<unknown>;
    }> = url => fetch(url)
  ) {}

  load(name: string): Promise<INomenclatureValues> {
    let pending = this.cache.get(name);
    if (!pending) {
      // Plain joining works for absolute and page-relative base URLs alike.
      const url = `${this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`}${nomenclatureFileName(name)}`;
      pending = this.fetcher(url).then(async response => {
        if (!response.ok) {
          throw new BundleFormatError(
            `Nomenclature ${name} could not be loaded from ${url} (HTTP ${response.status})`
          );
        }
        const parsed = response.arrayBuffer
          ? await parseNomenclatureFile(
              new Uint8Array(await response.arrayBuffer())
            )
          : await response.json?.();
        return decodeNomenclature(parsed);
      });
      pending.catch(() => this.cache.delete(name));
      this.cache.set(name, pending);
    }
    return pending;
  }
}

/** Serves nomenclature values already in memory (e.g. straight from the importer). */
export class MemoryNomenclatureLoader implements INomenclatureLoader {
  constructor(
    private readonly values: ReadonlyMap<string, INomenclatureValues>
  ) {}

  async load(name: string): Promise<INomenclatureValues> {
    const found = this.values.get(name);
    if (!found) {
      throw new BundleFormatError(
        `Nomenclature ${name} has no values in this dictionary`
      );
    }
    return found;
  }
}
