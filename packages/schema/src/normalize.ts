/**
 * Turns the raw Table Schema files of the SNDS schema into the dictionary model, normalising the
 * quirks of the source and collecting every problem instead of stopping at the first one.
 *
 * Quirks handled (see SOURCE.md of the shared data):
 * - keys (`primaryKey`, `foreignKeys[].fields`, `reference.fields`) given as a string or an array;
 * - `nomenclature` set to `-` for none, or written `NOM:COLONNE`;
 * - nomenclatures declared both as a column attribute and as a `foreignKeys` entry;
 * - lower-case column names (CARTOGRAPHIE) and keys spelled with another case (`ETA_NUM_ePMSI`);
 * - per-year PMSI / CARTOGRAPHIE names (`T_MCOaaX`, `CT_IDE_AAAA_GN`);
 * - key columns typed `integer` on one side and `string` on the other (kept, the SQL casts);
 * - `length` given as a string, a number or null;
 * - nomenclature field names double-encoded (`LibellÃ© ATC2` for `Libellé ATC2`).
 *
 * This module is browser-safe: the Node importer reads the files and hands their text here.
 */
import { parseCsv, CsvSyntaxError } from './csv.js';
import { linkKind } from './domain.js';
import type { IImportIssue } from './errors.js';
import {
  FIELD_TYPES,
  SOURCE_INFO,
  type FieldType,
  type IColumn,
  type IColumnConstraints,
  type IDictionaryData,
  type ILink,
  type INomenclature,
  type INomenclatureField,
  type INomenclatureLink,
  type INomenclatureValues,
  type IProduct,
  type ITable
} from './model.js';
import { suggest } from './suggest.js';
import { yearPatternOf } from './table_names.js';

/** A table schema file: its path relative to the schema folder and its text. */
export interface ISourceFile {
  path: string;
  text: string;
}

/** A nomenclature schema file and, when present, its CSV values. */
export interface INomenclatureSourceFile extends ISourceFile {
  csv?: ISourceFile;
}

export interface INormalizeResult {
  data: IDictionaryData;
  values: Map<string, INomenclatureValues>;
  /** Errors and warnings, every one of them. */
  issues: IImportIssue[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const NO_NOMENCLATURE = new Set(['', '-']);
const NOMENCLATURE_DESCRIPTION = 'Nomenclature';
const BIDIRECTIONAL_DESCRIPTION = 'Bidirectionnel';
/** How many bad CSV lines of one file to name before summing up the rest. */
const MAX_LINE_ISSUES = 5;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}

const MOJIBAKE = /[\u00c2\u00c3][\u0080-\u00bf]/;

/** Repairs UTF-8 text that was decoded as Latin-1 once ("LibellÃ©" → "Libellé"). */
export function repairMojibake(text: string): string {
  if (!MOJIBAKE.test(text)) {
    return text;
  }
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) {
      return text;
    }
    bytes[i] = code;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return text;
  }
}

/** Reads a key given as a string or an array of strings; undefined when it is neither. */
export function keyList(value: unknown): string[] | undefined {
  if (typeof value === 'string') {
    return value === '' ? [] : [value];
  }
  if (Array.isArray(value) && value.every(item => typeof item === 'string')) {
    return value as string[];
  }
  return undefined;
}

/** `-` → none; `IR_SEX_V:SEX_COD` → nomenclature and column; `IR_NAT_V` → nomenclature only. */
export function parseNomenclatureAttribute(
  value: string
): { name: string; column?: string } | undefined {
  const trimmed = value.trim();
  if (NO_NOMENCLATURE.has(trimmed)) {
    return undefined;
  }
  const colon = trimmed.indexOf(':');
  if (colon < 0) {
    return { name: trimmed };
  }
  const name = trimmed.slice(0, colon).trim();
  const column = trimmed.slice(colon + 1).trim();
  return column === '' ? { name } : { name, column };
}

function basename(path: string): string {
  const file = path.slice(path.lastIndexOf('/') + 1);
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

/** Folder under `nomenclatures/`, e.g. `ORAVAL`. */
function nomenclatureSource(path: string): string {
  const parts = path.split('/');
  const at = parts.indexOf('nomenclatures');
  return at >= 0 && parts.length > at + 2
    ? parts[at + 1]
    : parts.length > 1
      ? parts[parts.length - 2]
      : '';
}

interface IRawForeignKey {
  index: number;
  fields: string[];
  resource: string;
  referenceFields: string[];
  description: string;
}

interface IParsedTable {
  table: ITable;
  foreignKeys: IRawForeignKey[];
  /** Upper-cased column name → column. */
  byName: Map<string, IColumn>;
  /** Column attribute `NOM:COL` as written, before checking it. */
  attributes: Map<IColumn, { name: string; column?: string }>;
}

interface IParsedNomenclature {
  nomenclature: INomenclature;
  file: INomenclatureSourceFile;
  fieldsByName: Map<string, INomenclatureField>;
}

class IssueList {
  readonly items: IImportIssue[] = [];

  error(file: string, message: string, table?: string, field?: string): void {
    this.items.push({ severity: 'error', file, table, field, message });
  }

  warning(file: string, message: string, table?: string, field?: string): void {
    this.items.push({ severity: 'warning', file, table, field, message });
  }
}

function parseJsonFile(file: ISourceFile, issues: IssueList): unknown {
  try {
    return JSON.parse(file.text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    issues.error(
      file.path,
      `is not valid JSON (${reason}); fix the syntax or remove the file`
    );
    return undefined;
  }
}

function optionalString(
  raw: JsonObject,
  key: string,
  issues: IssueList,
  file: string,
  table?: string,
  field?: string
): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    issues.error(
      file,
      `"${key}" must be a string, not ${describeJson(value)}`,
      table,
      field
    );
    return undefined;
  }
  return value;
}

function optionalStringList(
  raw: JsonObject,
  key: string,
  issues: IssueList,
  file: string,
  table?: string,
  field?: string
): string[] | undefined {
  const value = raw[key];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  const list = keyList(value);
  if (!list) {
    issues.error(
      file,
      `"${key}" must be a string or an array of strings, not ${describeJson(value)}`,
      table,
      field
    );
    return undefined;
  }
  const kept = list.filter(item => item !== '');
  return kept.length > 0 ? kept : undefined;
}

function parseConstraints(
  raw: Json | undefined,
  issues: IssueList,
  file: string,
  table: string,
  field: string
): IColumnConstraints | undefined {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  if (!isObject(raw)) {
    issues.error(
      file,
      `"constraints" must be an object, not ${describeJson(raw)}`,
      table,
      field
    );
    return undefined;
  }
  const out: IColumnConstraints = {};
  for (const key of [
    'minLength',
    'maxLength',
    'minimum',
    'maximum',
    'decimals'
  ] as const) {
    const value = raw[key];
    if (value === undefined || value === null) {
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      issues.error(
        file,
        `constraint "${key}" must be a number, not ${describeJson(value)}`,
        table,
        field
      );
      continue;
    }
    out[key] = value;
  }
  if (typeof raw.pattern === 'string') {
    out.pattern = raw.pattern;
  }
  if (typeof raw.required === 'boolean') {
    out.required = raw.required;
  }
  if (Array.isArray(raw.enum)) {
    out.enum = raw.enum.map(item => String(item));
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function parseField(
  raw: Json,
  index: number,
  issues: IssueList,
  file: string,
  table: string
):
  | { column: IColumn; attribute?: { name: string; column?: string } }
  | undefined {
  if (!isObject(raw)) {
    issues.error(
      file,
      `field #${index + 1} must be an object, not ${describeJson(raw)}`,
      table
    );
    return undefined;
  }
  const name = raw.name;
  if (typeof name !== 'string' || name.trim() === '') {
    issues.error(
      file,
      `field #${index + 1} has no "name"; give every field a column name`,
      table
    );
    return undefined;
  }
  let ok = true;
  const type = raw.type;
  if (
    typeof type !== 'string' ||
    !(FIELD_TYPES as readonly string[]).includes(type)
  ) {
    issues.error(
      file,
      `"type" ${describeJson(type)} is not a Table Schema type; use one of ${FIELD_TYPES.join(', ')}`,
      table,
      name
    );
    ok = false;
  }
  const description = raw.description;
  if (
    description !== undefined &&
    description !== null &&
    typeof description !== 'string'
  ) {
    // Reported, but the column is kept so that links to it are still checked.
    issues.error(
      file,
      `"description" must be a string, not ${describeJson(description)}`,
      table,
      name
    );
  }
  let length: string | undefined;
  const rawLength = raw.length;
  if (typeof rawLength === 'number') {
    length = String(rawLength);
  } else if (typeof rawLength === 'string') {
    length = rawLength.trim() === '' ? undefined : rawLength.trim();
  } else if (rawLength !== undefined && rawLength !== null) {
    issues.error(
      file,
      `"length" must be a string like "9" or "11,2", not ${describeJson(rawLength)}`,
      table,
      name
    );
  }
  if (length !== undefined && !/^\d+(,\d+)?$/.test(length)) {
    issues.error(
      file,
      `"length" "${length}" is neither a width ("9") nor digits,decimals ("11,2")`,
      table,
      name
    );
    length = undefined;
  }
  let attribute: { name: string; column?: string } | undefined;
  const rawNomenclature = raw.nomenclature;
  if (typeof rawNomenclature === 'string') {
    attribute = parseNomenclatureAttribute(rawNomenclature);
  } else if (rawNomenclature !== undefined && rawNomenclature !== null) {
    issues.error(
      file,
      `"nomenclature" must be a string (a name, NAME:COLUMN or "-"), not ${describeJson(rawNomenclature)}`,
      table,
      name
    );
  }
  if (!ok) {
    return undefined;
  }
  const column: IColumn = {
    name,
    description: typeof description === 'string' ? description.trim() : '',
    type: type as FieldType
  };
  if (length !== undefined) {
    column.length = length;
  }
  const format = optionalString(raw, 'format', issues, file, table, name);
  if (format && format !== 'default') {
    column.format = format;
  }
  const constraints = parseConstraints(
    raw.constraints,
    issues,
    file,
    table,
    name
  );
  if (constraints) {
    column.constraints = constraints;
  }
  const trueValues = optionalStringList(
    raw,
    'trueValues',
    issues,
    file,
    table,
    name
  );
  const falseValues = optionalStringList(
    raw,
    'falseValues',
    issues,
    file,
    table,
    name
  );
  if (trueValues) {
    column.trueValues = trueValues;
  }
  if (falseValues) {
    column.falseValues = falseValues;
  }
  const dateCreated = optionalString(
    raw,
    'dateCreated',
    issues,
    file,
    table,
    name
  );
  const dateDeleted = optionalString(
    raw,
    'dateDeleted',
    issues,
    file,
    table,
    name
  );
  const dateMissing = optionalStringList(
    raw,
    'dateMissing',
    issues,
    file,
    table,
    name
  );
  const observation = optionalString(
    raw,
    'observation',
    issues,
    file,
    table,
    name
  );
  const rule = optionalString(raw, 'regle_gestion', issues, file, table, name);
  const oracleType = optionalString(
    raw,
    'type_oracle',
    issues,
    file,
    table,
    name
  );
  if (dateCreated) {
    column.dateCreated = dateCreated;
  }
  if (dateDeleted) {
    column.dateDeleted = dateDeleted;
  }
  if (dateMissing) {
    column.dateMissing = dateMissing;
  }
  if (observation?.trim()) {
    column.observation = observation.trim();
  }
  if (rule?.trim()) {
    column.rule = rule.trim();
  }
  if (oracleType) {
    column.oracleType = oracleType;
  }
  return { column, attribute };
}

function parseForeignKeys(
  raw: Json | undefined,
  issues: IssueList,
  file: string,
  table: string
): IRawForeignKey[] {
  if (raw === undefined || raw === null) {
    return [];
  }
  if (!Array.isArray(raw)) {
    issues.error(
      file,
      `"foreignKeys" must be an array, not ${describeJson(raw)}`,
      table
    );
    return [];
  }
  const out: IRawForeignKey[] = [];
  raw.forEach((entry, index) => {
    const where = `foreign key #${index + 1}`;
    if (!isObject(entry)) {
      issues.error(
        file,
        `${where} must be an object, not ${describeJson(entry)}`,
        table
      );
      return;
    }
    const fields = keyList(entry.fields);
    const reference = entry.reference;
    const label = fields && fields.length > 0 ? fields.join(', ') : undefined;
    if (!fields || fields.length === 0) {
      issues.error(
        file,
        `${where}: "fields" must be a column name or an array of column names, not ${describeJson(entry.fields)}`,
        table,
        label
      );
      return;
    }
    if (!isObject(reference)) {
      issues.error(
        file,
        `${where}: "reference" must be an object with "resource" and "fields"`,
        table,
        label
      );
      return;
    }
    const resource = reference.resource;
    if (typeof resource !== 'string' || resource === '') {
      issues.error(
        file,
        `${where}: "reference.resource" must name a table or a nomenclature`,
        table,
        label
      );
      return;
    }
    const referenceFields = keyList(reference.fields);
    if (!referenceFields || referenceFields.length === 0) {
      issues.error(
        file,
        `${where}: "reference.fields" must be a column name or an array of column names, not ${describeJson(reference.fields)}`,
        table,
        label
      );
      return;
    }
    if (referenceFields.length !== fields.length) {
      issues.error(
        file,
        `${where}: ${fields.length} column(s) (${fields.join(', ')}) reference ${referenceFields.length} column(s) of ${resource} (${referenceFields.join(', ')}); give as many on each side`,
        table,
        label
      );
      return;
    }
    const description =
      typeof entry.description === 'string' ? entry.description.trim() : '';
    out.push({ index, fields, resource, referenceFields, description });
  });
  return out;
}

/**
 * The JSON object of a Table Schema file and its declared name, or undefined
 * after reporting why not. A name that differs from the file's is a warning.
 */
function readNamedSchema(
  file: ISourceFile,
  issues: IssueList,
  kind: 'table' | 'nomenclature'
): { raw: JsonObject; name: string } | undefined {
  const raw = parseJsonFile(file, issues);
  if (raw === undefined) {
    return undefined;
  }
  if (!isObject(raw)) {
    issues.error(
      file.path,
      `must hold a Table Schema object, not ${describeJson(raw)}`
    );
    return undefined;
  }
  const name = raw.name;
  if (typeof name !== 'string' || name.trim() === '') {
    issues.error(
      file.path,
      `has no ${kind} "name"; add one (the file name is ${basename(file.path)})`
    );
    return undefined;
  }
  if (name !== basename(file.path)) {
    issues.warning(
      file.path,
      `declares ${kind} ${name} in a file named ${basename(file.path)}.json`,
      name
    );
  }
  return { raw, name };
}

function parseTable(
  file: ISourceFile,
  issues: IssueList
): IParsedTable | undefined {
  const named = readNamedSchema(file, issues, 'table');
  if (!named) {
    return undefined;
  }
  const { raw, name } = named;
  const product = raw.produit;
  if (typeof product !== 'string' || product.trim() === '') {
    issues.error(
      file.path,
      `has no "produit" (the SNDS product the table belongs to)`,
      name
    );
  }
  const title = optionalString(raw, 'title', issues, file.path, name) ?? '';
  if (!Array.isArray(raw.fields)) {
    issues.error(
      file.path,
      `"fields" must be an array of columns, not ${describeJson(raw.fields)}`,
      name
    );
    return undefined;
  }
  const columns: IColumn[] = [];
  const byName = new Map<string, IColumn>();
  const attributes = new Map<IColumn, { name: string; column?: string }>();
  raw.fields.forEach((rawField, index) => {
    const parsed = parseField(rawField, index, issues, file.path, name);
    if (!parsed) {
      return;
    }
    const key = parsed.column.name.toUpperCase();
    const previous = byName.get(key);
    if (previous) {
      issues.error(
        file.path,
        `column ${parsed.column.name} is declared twice (also as ${previous.name}); remove one`,
        name,
        parsed.column.name
      );
      return;
    }
    byName.set(key, parsed.column);
    columns.push(parsed.column);
    if (parsed.attribute) {
      attributes.set(parsed.column, parsed.attribute);
    }
  });
  const primaryKey: string[] = [];
  if (raw.primaryKey !== undefined && raw.primaryKey !== null) {
    const list = keyList(raw.primaryKey);
    if (!list) {
      issues.error(
        file.path,
        `"primaryKey" must be a column name or an array of them, not ${describeJson(raw.primaryKey)}`,
        name
      );
    } else {
      for (const key of list) {
        const column = byName.get(key.toUpperCase());
        if (!column) {
          issues.error(
            file.path,
            `primary key column ${key} is not a field of the table` +
              didYouMean(
                key,
                columns.map(c => c.name)
              ),
            name,
            key
          );
        } else {
          primaryKey.push(column.name);
        }
      }
    }
  }
  const foreignKeys = parseForeignKeys(
    raw.foreignKeys,
    issues,
    file.path,
    name
  );
  const history = isObject(raw.history) ? raw.history : {};
  const table: ITable = {
    name,
    title: title.trim(),
    product: typeof product === 'string' ? product.trim() : '',
    columns,
    primaryKey,
    source: file.path
  };
  const yearPattern = yearPatternOf(name);
  if (yearPattern) {
    table.yearPattern = yearPattern;
  }
  const scope = optionalString(raw, 'champ', issues, file.path, name);
  if (scope?.trim()) {
    table.scope = scope.trim();
  }
  const observation = optionalString(
    raw,
    'observation',
    issues,
    file.path,
    name
  );
  if (observation?.trim()) {
    table.observation = observation.trim();
  }
  if (typeof history.dateCreated === 'string' && history.dateCreated) {
    table.dateCreated = history.dateCreated;
  }
  if (typeof history.dateDeleted === 'string' && history.dateDeleted) {
    table.dateDeleted = history.dateDeleted;
  }
  const missing = keyList(history.dateMissing)?.filter(Boolean);
  if (missing && missing.length > 0) {
    table.dateMissing = missing;
  }
  return { table, foreignKeys, byName, attributes };
}

function didYouMean(name: string, candidates: Iterable<string>): string {
  const close = suggest(name, candidates);
  return close.length > 0 ? `; did you mean ${close.join(', ')}?` : '';
}

function parseNomenclature(
  file: INomenclatureSourceFile,
  issues: IssueList
): IParsedNomenclature | undefined {
  const named = readNamedSchema(file, issues, 'nomenclature');
  if (!named) {
    return undefined;
  }
  const { raw, name } = named;
  if (!Array.isArray(raw.fields) || raw.fields.length === 0) {
    issues.error(
      file.path,
      `"fields" must be a non-empty array of columns`,
      name
    );
    return undefined;
  }
  const fields: INomenclatureField[] = [];
  const fieldsByName = new Map<string, INomenclatureField>();
  raw.fields.forEach((rawField, index) => {
    if (
      !isObject(rawField) ||
      typeof rawField.name !== 'string' ||
      rawField.name === ''
    ) {
      issues.error(file.path, `field #${index + 1} has no "name"`, name);
      return;
    }
    const fieldName = repairMojibake(rawField.name);
    const type = rawField.type ?? 'string';
    if (
      typeof type !== 'string' ||
      !(FIELD_TYPES as readonly string[]).includes(type)
    ) {
      issues.error(
        file.path,
        `"type" ${describeJson(type)} is not a Table Schema type`,
        name,
        fieldName
      );
      return;
    }
    const field: INomenclatureField = {
      name: fieldName,
      type: type as FieldType
    };
    const role = rawField.role;
    if (role === 'code' || role === 'label') {
      field.role = role;
    } else if (role !== undefined && role !== null) {
      issues.error(
        file.path,
        `"role" must be "code" or "label", not ${describeJson(role)}`,
        name,
        fieldName
      );
    }
    fields.push(field);
    fieldsByName.set(fieldName.toUpperCase(), field);
  });
  const codes = fields.filter(field => field.role === 'code');
  if (codes.length !== 1) {
    issues.error(
      file.path,
      codes.length === 0
        ? `no field has "role": "code"; mark the column that holds the codes`
        : `${codes.length} fields have "role": "code" (${codes.map(f => f.name).join(', ')}); keep one`,
      name
    );
    return undefined;
  }
  let primaryKey: string[] = [];
  if (raw.primaryKey !== undefined && raw.primaryKey !== null) {
    const list = keyList(raw.primaryKey);
    if (!list) {
      issues.error(
        file.path,
        `"primaryKey" must be a column name or an array of them`,
        name
      );
    } else {
      primaryKey = list.map(
        key => fieldsByName.get(key.toUpperCase())?.name ?? key
      );
      for (const key of list) {
        if (!fieldsByName.has(key.toUpperCase())) {
          issues.error(
            file.path,
            `primary key column ${key} is not a field`,
            name,
            key
          );
        }
      }
    }
  }
  const nomenclature: INomenclature = {
    name,
    title: repairMojibake(
      typeof raw.title === 'string' ? raw.title.trim() : ''
    ),
    source: nomenclatureSource(file.path),
    fields,
    primaryKey,
    code: codes[0].name,
    labels: fields
      .filter(field => field.role === 'label')
      .map(field => field.name),
    valueCount: null
  };
  if (typeof raw.description === 'string' && raw.description.trim()) {
    nomenclature.description = repairMojibake(raw.description.trim());
  }
  return { nomenclature, file, fieldsByName };
}

function parseValues(
  parsed: IParsedNomenclature,
  issues: IssueList
): INomenclatureValues | undefined {
  const { nomenclature, file } = parsed;
  const csv = file.csv;
  if (!csv) {
    issues.warning(
      file.path,
      `has no ${basename(file.path)}.csv next to it: the nomenclature has a schema but no values`,
      nomenclature.name
    );
    return undefined;
  }
  let rows: string[][];
  try {
    rows = parseCsv(csv.text, ';');
  } catch (error) {
    const reason =
      error instanceof CsvSyntaxError ? error.message : String(error);
    issues.error(
      csv.path,
      `is not a valid semicolon-separated file: ${reason}`,
      nomenclature.name
    );
    return undefined;
  }
  if (rows.length === 0) {
    issues.error(
      csv.path,
      `is empty; it needs a header line with the field names`,
      nomenclature.name
    );
    return undefined;
  }
  const header = rows[0].map(cell => cell.trim());
  const expected = nomenclature.fields.map(field => field.name);
  const same =
    header.length === expected.length &&
    header.every((cell, i) => cell === expected[i]);
  if (!same) {
    // Accept the same names in another order or case, which the positions below absorb.
    const upper = new Map(header.map((cell, i) => [cell.toUpperCase(), i]));
    const missing = expected.filter(name => !upper.has(name.toUpperCase()));
    if (missing.length > 0 || header.length !== expected.length) {
      issues.error(
        csv.path,
        `header (${header.join(';')}) does not match the fields of ${basename(file.path)}.json (${expected.join(';')})`,
        nomenclature.name
      );
      return undefined;
    }
  }
  const position = new Map(header.map((cell, i) => [cell.toUpperCase(), i]));
  const order = expected.map(
    name => position.get(name.toUpperCase()) as number
  );
  const out: string[][] = [];
  let bad = 0;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.length === 1 && row[0] === '') {
      continue;
    }
    if (row.length !== header.length) {
      bad++;
      if (bad <= MAX_LINE_ISSUES) {
        issues.error(
          csv.path,
          `line ${r + 1} has ${row.length} cells where the header has ${header.length}`,
          nomenclature.name
        );
      }
      continue;
    }
    out.push(same ? row : order.map(i => row[i]));
  }
  if (bad > MAX_LINE_ISSUES) {
    issues.error(
      csv.path,
      `${bad - MAX_LINE_ISSUES} more lines have the wrong number of cells`,
      nomenclature.name
    );
  }
  nomenclature.valueCount = out.length;
  const columns = expected;
  return {
    name: nomenclature.name,
    columns,
    code: columns.indexOf(nomenclature.code),
    labels: nomenclature.labels.map(label => columns.indexOf(label)),
    rows: out
  };
}

/**
 * Normalises table and nomenclature files into the dictionary. Never throws on bad input: the
 * problems are in `issues` (severity "error" means the data is not usable as is).
 */
export function normalizeSchema(
  tableFiles: readonly ISourceFile[],
  nomenclatureFiles: readonly INomenclatureSourceFile[]
): INormalizeResult {
  const issues = new IssueList();

  const nomenclatures = new Map<string, IParsedNomenclature>();
  const values = new Map<string, INomenclatureValues>();
  for (const file of [...nomenclatureFiles].sort((a, b) =>
    cmp(a.path, b.path)
  )) {
    const parsed = parseNomenclature(file, issues);
    if (!parsed) {
      continue;
    }
    const name = parsed.nomenclature.name;
    const previous = nomenclatures.get(name);
    if (previous) {
      issues.error(
        file.path,
        `nomenclature ${name} is also declared in ${previous.file.path}; keep one`,
        name
      );
      continue;
    }
    nomenclatures.set(name, parsed);
    const list = parseValues(parsed, issues);
    if (list) {
      values.set(name, list);
    }
  }

  const tables = new Map<string, IParsedTable>();
  const tablesUpper = new Map<string, IParsedTable>();
  for (const file of [...tableFiles].sort((a, b) => cmp(a.path, b.path))) {
    const parsed = parseTable(file, issues);
    if (!parsed) {
      continue;
    }
    const name = parsed.table.name;
    const previous = tablesUpper.get(name.toUpperCase());
    if (previous) {
      issues.error(
        file.path,
        `table ${name} is also declared in ${previous.table.source}; keep one`,
        name
      );
      continue;
    }
    tables.set(name, parsed);
    tablesUpper.set(name.toUpperCase(), parsed);
  }

  const links: ILink[] = [];
  const nomenclatureLinks: INomenclatureLink[] = [];
  const nomenclatureNames = [...nomenclatures.keys()];
  const tableNames = [...tables.keys()];

  for (const parsed of tables.values()) {
    const { table, byName } = parsed;
    const file = table.source;
    const columnNames = table.columns.map(column => column.name);
    const fromForeignKey = new Map<IColumn, INomenclatureLink>();

    for (const fk of parsed.foreignKeys) {
      const resolved: IColumn[] = [];
      for (const field of fk.fields) {
        const column = byName.get(field.toUpperCase());
        if (!column) {
          issues.error(
            file,
            `foreign key #${fk.index + 1} uses column ${field}, which the table does not have` +
              didYouMean(field, columnNames),
            table.name,
            field
          );
        } else {
          resolved.push(column);
        }
      }
      if (resolved.length !== fk.fields.length) {
        continue;
      }
      const targetTable =
        tables.get(fk.resource) ?? tablesUpper.get(fk.resource.toUpperCase());
      const targetNomenclature = nomenclatures.get(fk.resource);
      const isNomenclature =
        targetNomenclature !== undefined &&
        (targetTable === undefined ||
          fk.description === NOMENCLATURE_DESCRIPTION);
      if (isNomenclature) {
        if (resolved.length !== 1) {
          issues.error(
            file,
            `foreign key #${fk.index + 1} links ${resolved.length} columns to nomenclature ${fk.resource}; a nomenclature link has one column`,
            table.name,
            fk.fields.join(', ')
          );
          continue;
        }
        const column = resolved[0];
        const target = targetNomenclature.fieldsByName.get(
          fk.referenceFields[0].toUpperCase()
        );
        if (!target) {
          issues.error(
            file,
            `foreign key #${fk.index + 1} references column ${fk.referenceFields[0]} of nomenclature ${fk.resource}, which has no such column` +
              didYouMean(
                fk.referenceFields[0],
                targetNomenclature.nomenclature.fields.map(f => f.name)
              ),
            table.name,
            column.name
          );
          continue;
        }
        const link: INomenclatureLink = {
          table: table.name,
          column: column.name,
          nomenclature: targetNomenclature.nomenclature.name,
          nomenclatureColumn: target.name
        };
        if (fromForeignKey.has(column)) {
          issues.warning(
            file,
            `nomenclature foreign key for ${column.name} is declared twice`,
            table.name,
            column.name
          );
          continue;
        }
        fromForeignKey.set(column, link);
        nomenclatureLinks.push(link);
        continue;
      }
      if (!targetTable) {
        const close = suggest(fk.resource, [
          ...tableNames,
          ...nomenclatureNames
        ]);
        issues.error(
          file,
          `foreign key #${fk.index + 1} references ${fk.resource}, which is neither a table nor a nomenclature` +
            (close.length > 0
              ? `; did you mean ${close.join(', ')}?`
              : `; add its schema or fix the name`),
          table.name,
          fk.fields.join(', ')
        );
        continue;
      }
      const toColumns: string[] = [];
      for (const field of fk.referenceFields) {
        const column = targetTable.byName.get(field.toUpperCase());
        if (!column) {
          issues.error(
            file,
            `foreign key #${fk.index + 1} references column ${field} of ${targetTable.table.name}, which has no such column` +
              didYouMean(
                field,
                targetTable.table.columns.map(c => c.name)
              ),
            table.name,
            fk.fields.join(', ')
          );
        } else {
          toColumns.push(column.name);
        }
      }
      if (toColumns.length !== fk.referenceFields.length) {
        continue;
      }
      if (fk.description === NOMENCLATURE_DESCRIPTION) {
        issues.warning(
          file,
          `foreign key #${fk.index + 1} is described as a nomenclature but references table ${targetTable.table.name}; kept as a table link`,
          table.name
        );
      }
      const fromColumns = resolved.map(column => column.name);
      links.push({
        id: links.length,
        from: table.name,
        fromColumns,
        to: targetTable.table.name,
        toColumns,
        kind: linkKind(fromColumns),
        bidirectional: fk.description === BIDIRECTIONAL_DESCRIPTION
      });
    }

    // Column attributes: the nomenclature written on the column itself.
    for (const column of table.columns) {
      const attribute = parsed.attributes.get(column);
      const declared = fromForeignKey.get(column);
      if (!attribute) {
        if (declared) {
          column.nomenclature = {
            name: declared.nomenclature,
            column: declared.nomenclatureColumn
          };
        }
        continue;
      }
      const target = nomenclatures.get(attribute.name);
      if (!target) {
        issues.error(
          file,
          `names nomenclature ${attribute.name}, which is missing from nomenclatures/` +
            didYouMean(attribute.name, nomenclatureNames),
          table.name,
          column.name
        );
        continue;
      }
      if (declared && declared.nomenclature !== attribute.name) {
        issues.error(
          file,
          `"nomenclature" says ${attribute.name} but its foreign key references ${declared.nomenclature}; make them agree`,
          table.name,
          column.name
        );
        continue;
      }
      let targetColumn =
        declared?.nomenclatureColumn ?? target.nomenclature.code;
      if (attribute.column) {
        const field = target.fieldsByName.get(attribute.column.toUpperCase());
        if (!field) {
          issues.error(
            file,
            `"nomenclature" ${attribute.name}:${attribute.column} names a column that ${attribute.name} does not have` +
              didYouMean(
                attribute.column,
                target.nomenclature.fields.map(f => f.name)
              ),
            table.name,
            column.name
          );
          continue;
        }
        targetColumn = field.name;
      }
      column.nomenclature = {
        name: target.nomenclature.name,
        column: targetColumn
      };
    }
  }

  const productMap = new Map<string, string[]>();
  for (const { table } of tables.values()) {
    if (!table.product) {
      continue;
    }
    const list = productMap.get(table.product) ?? [];
    list.push(table.name);
    productMap.set(table.product, list);
  }
  const products: IProduct[] = [...productMap.entries()]
    .sort((a, b) => cmp(a[0], b[0]))
    .map(([name, list]) => ({ name, tables: list.sort(cmp) }));

  const data: IDictionaryData = {
    source: { ...SOURCE_INFO },
    products,
    tables: [...tables.values()]
      .map(parsed => parsed.table)
      .sort((a, b) => cmp(a.name, b.name)),
    links,
    nomenclatureLinks,
    nomenclatures: [...nomenclatures.values()]
      .map(parsed => parsed.nomenclature)
      .sort((a, b) => cmp(a.name, b.name))
  };
  return { data, values, issues: issues.items };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
