/**
 * The SNDS dictionary model: what the importer produces, the bundle carries and every consumer
 * (search, join graph, SQL builder, sidebar, kernel helper, generator) reads.
 */

/** Table Schema field types found in the SNDS schema. */
export type FieldType =
  | 'string'
  | 'integer'
  | 'number'
  | 'date'
  | 'datetime'
  | 'year'
  | 'yearmonth'
  | 'boolean';

export const FIELD_TYPES: readonly FieldType[] = [
  'string',
  'integer',
  'number',
  'date',
  'datetime',
  'year',
  'yearmonth',
  'boolean'
];

/** A column's nomenclature: the value list and the column of that list its codes refer to. */
export interface INomenclatureRef {
  name: string;
  column: string;
}

export interface IColumnConstraints {
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  decimals?: number;
  pattern?: string;
  enum?: string[];
  required?: boolean;
}

export interface IColumn {
  /** Name as spelled in the source (the CARTOGRAPHIE tables use lower case). */
  name: string;
  description: string;
  type: FieldType;
  /** Source length: "9" for a width, "11,2" for integer digits and decimals. */
  length?: string;
  /** Table Schema format when not "default", e.g. "%d%b%Y:%H:%M:%S". */
  format?: string;
  nomenclature?: INomenclatureRef;
  constraints?: IColumnConstraints;
  /** Values that mean true / false for boolean columns, when the source says so. */
  trueValues?: string[];
  falseValues?: string[];
  dateCreated?: string;
  dateDeleted?: string;
  dateMissing?: string[];
  observation?: string;
  /** `regle_gestion` in the source. */
  rule?: string;
  /** `type_oracle` in the source. */
  oracleType?: string;
}

/** How a table name carries its year: PMSI `aa` (T_MCOaaB) or CARTOGRAPHIE `AAAA`. */
export type YearPattern = 'aa' | 'AAAA';

export interface ITable {
  /** Template name as in the source, e.g. `T_MCOaaC`, `CT_IDE_AAAA_GN`. */
  name: string;
  title: string;
  product: string;
  columns: IColumn[];
  primaryKey: string[];
  yearPattern?: YearPattern;
  /** `champ` in the source: the population the table covers. */
  scope?: string;
  observation?: string;
  dateCreated?: string;
  dateDeleted?: string;
  dateMissing?: string[];
  /** Path of the source file, relative to the schema folder. */
  source: string;
}

/**
 * What a table-to-table link means, which the join-path search uses to prefer real patient
 * links over joins through an establishment or a health professional.
 * - `record`: the same care record (DCIR 9-column key, PMSI stay key, DCIRS CLE_DCI_JNT).
 * - `patient`: the same person (BEN_NIR_PSA, BEN_IDT_ANO, NIR_ANO_17...).
 * - `reference`: a shared establishment or professional (FINESS, PS number).
 */
export type LinkKind = 'record' | 'patient' | 'reference';

export interface ILink {
  /** Position in `IDictionaryData.links`, stable for a given source. */
  id: number;
  from: string;
  fromColumns: string[];
  to: string;
  toColumns: string[];
  kind: LinkKind;
  /** The source marks the link "Bidirectionnel" (a one-to-one link). */
  bidirectional: boolean;
}

export interface INomenclatureLink {
  table: string;
  column: string;
  nomenclature: string;
  nomenclatureColumn: string;
}

export interface INomenclatureField {
  name: string;
  type: FieldType;
  role?: 'code' | 'label';
}

export interface INomenclature {
  name: string;
  title: string;
  description?: string;
  /** Source folder, e.g. `ORAVAL`, `ATIH`. */
  source: string;
  fields: INomenclatureField[];
  primaryKey: string[];
  /** The field holding the code. */
  code: string;
  /** The fields holding labels (zero, one or several). */
  labels: string[];
  /** Number of values, or null when the source has the schema but not the values. */
  valueCount: number | null;
}

export interface IProduct {
  name: string;
  tables: string[];
}

export interface ISourceInfo {
  /** The attribution the Licence Ouverte asks for. */
  credit: string;
  licence: string;
  url: string;
  updated: string;
}

export interface IDictionaryData {
  source: ISourceInfo;
  products: IProduct[];
  tables: ITable[];
  links: ILink[];
  nomenclatureLinks: INomenclatureLink[];
  nomenclatures: INomenclature[];
}

/** The values of one nomenclature, as rows of strings in `columns` order. */
export interface INomenclatureValues {
  name: string;
  columns: string[];
  /** Index of the code column in `columns`. */
  code: number;
  /** Indices of the label columns in `columns`. */
  labels: number[];
  rows: string[][];
}

export interface IDictionaryStats {
  products: number;
  tables: number;
  columns: number;
  links: number;
  nomenclatureLinks: number;
  nomenclatures: number;
  /** Columns that name a nomenclature, with or without a declared foreign key. */
  columnsWithNomenclature: number;
}

export const SOURCE_INFO: ISourceInfo = {
  credit:
    'Schéma et SNDS synthétique, Health Data Hub / DREES lab santé, gitlab.com/healthdatahub/synthetic-snds, mise à jour du 2021-04-19',
  licence: 'Licence Ouverte 2.0 (etalab-2.0)',
  url: 'https://gitlab.com/healthdatahub/synthetic-snds',
  updated: '2021-04-19'
};
