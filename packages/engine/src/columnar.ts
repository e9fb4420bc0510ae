import { DataType, Type, type Table, type Vector } from 'apache-arrow';
import { duckdbTypeOf } from './arrow_types.js';

/** A logical column type that every engine maps to the same Python values. */
export type ColumnKind =
  | 'int'
  | 'bigint'
  | 'hugeint'
  | 'float'
  | 'decimal'
  | 'bool'
  | 'string'
  | 'date'
  | 'timestamp'
  | 'other';

/**
 * A query result laid out column by column, in plain JS values that cross
 * into Python cheaply: typed arrays become memoryviews, arrays become lists.
 */
export interface IColumnarResult {
  names: string[];
  /** DuckDB's type name for display, e.g. "INTEGER", "DECIMAL(10,2)". */
  types: string[];
  kinds: ColumnKind[];
  numRows: number;
  /** One entry per column; typed arrays for numeric kinds, arrays otherwise. */
  columns: ArrayLike<unknown>[];
  /** Per column: null when every value is valid, else 1 = valid, 0 = null. */
  validity: (Uint8Array | null)[];
}

/** DuckDB sends HUGEINT (e.g. sum of BIGINT) as Arrow decimal(38, 0). */
function isHugeint(type: DataType): boolean {
  return (type as any).scale === 0 && (type as any).precision === 38;
}

function kindOf(type: DataType): ColumnKind {
  switch (type.typeId) {
    case Type.Int:
      return (type as any).bitWidth === 64 ? 'bigint' : 'int';
    case Type.Float:
      return 'float';
    case Type.Decimal:
      return isHugeint(type) ? 'hugeint' : 'decimal';
    case Type.Bool:
      return 'bool';
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'string';
    case Type.Date:
      return 'date';
    case Type.Timestamp:
      return 'timestamp';
    default:
      return 'other';
  }
}

/** A readable SQL type name from the Arrow type DuckDB produced. */
function sqlTypeName(type: DataType): string {
  if (isHugeint(type)) {
    return 'HUGEINT';
  }
  return duckdbTypeOf(type) ?? String(type).toUpperCase();
}

function validityOf(vector: Vector): Uint8Array | null {
  if (vector.nullCount === 0) {
    return null;
  }
  const out = new Uint8Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    out[i] = vector.isValid(i) ? 1 : 0;
  }
  return out;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01, as Int32, whatever unit Arrow used. */
function dateDays(vector: Vector): Int32Array {
  const out = new Int32Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const v = vector.get(i);
    out[i] = v === null ? 0 : Math.round(Number(v) / DAY_MS);
  }
  return out;
}

/** Microseconds since the epoch, as Float64 (exact to 2^53 µs, year 2255). */
function timestampMicros(vector: Vector): Float64Array {
  const unit = (vector.type as any).unit as number; // 0 s, 1 ms, 2 µs, 3 ns
  const out = new Float64Array(vector.length);
  let offset = 0;
  for (const data of vector.data) {
    const values = data.values as BigInt64Array | Int32Array;
    const stride = values instanceof BigInt64Array ? 1 : 2;
    for (let i = 0; i < data.length; i++) {
      let raw: number;
      if (stride === 1) {
        raw = Number((values as BigInt64Array)[data.offset + i]);
      } else {
        const lo = (values as Int32Array)[2 * (data.offset + i)] >>> 0;
        const hi = (values as Int32Array)[2 * (data.offset + i) + 1];
        raw = hi * 2 ** 32 + lo;
      }
      out[offset + i] = [raw * 1e6, raw * 1e3, raw, raw / 1e3][unit];
    }
    offset += data.length;
  }
  return out;
}

/** Exact decimal text from Arrow's 128-bit little-endian words. */
function decimalStrings(vector: Vector): (string | null)[] {
  const scale = (vector.type as any).scale as number;
  const out: (string | null)[] = new Array(vector.length);
  let offset = 0;
  for (const data of vector.data) {
    const words = data.values as Uint32Array;
    for (let i = 0; i < data.length; i++) {
      if (!data.getValid(i)) {
        out[offset + i] = null;
        continue;
      }
      const base = 4 * (data.offset + i);
      let n = 0n;
      for (let w = 3; w >= 0; w--) {
        n = (n << 32n) | BigInt(words[base + w]);
      }
      if (n >= 1n << 127n) {
        n -= 1n << 128n;
      }
      const negative = n < 0n;
      const digits = (negative ? -n : n).toString().padStart(scale + 1, '0');
      const text =
        scale > 0
          ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
          : digits;
      out[offset + i] = negative ? `-${text}` : text;
    }
    offset += data.length;
  }
  return out;
}

function columnValues(vector: Vector, kind: ColumnKind): ArrayLike<unknown> {
  switch (kind) {
    case 'int':
    case 'float':
    case 'bigint':
      return vector.toArray() as ArrayLike<unknown>;
    case 'date':
      return dateDays(vector);
    case 'timestamp':
      return timestampMicros(vector);
    case 'decimal':
    case 'hugeint':
      return decimalStrings(vector);
    case 'string':
    case 'bool':
      return Array.from(vector.toArray() as ArrayLike<unknown>);
    default: {
      const out: unknown[] = new Array(vector.length);
      for (let i = 0; i < vector.length; i++) {
        const v = vector.get(i);
        out[i] =
          v === null
            ? null
            : typeof v === 'object'
              ? JSON.stringify(v, (_k, x) =>
                  typeof x === 'bigint' ? Number(x) : x
                )
              : String(v);
      }
      return out;
    }
  }
}

/** Lays an Arrow table out for the Python helper. */
export function toColumnar(table: Table): IColumnarResult {
  const fields = table.schema.fields;
  const result: IColumnarResult = {
    names: fields.map(f => f.name),
    types: fields.map(f => sqlTypeName(f.type)),
    kinds: fields.map(f => kindOf(f.type)),
    numRows: table.numRows,
    columns: [],
    validity: []
  };
  fields.forEach((_field, i) => {
    const vector = table.getChildAt(i)!;
    result.columns.push(columnValues(vector, result.kinds[i]));
    result.validity.push(validityOf(vector));
  });
  return result;
}
