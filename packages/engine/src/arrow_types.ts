import {
  DataType,
  Type,
  type Decimal,
  type Float,
  type Int,
  type Schema,
  type Timestamp
} from 'apache-arrow';
import { quoteIdent } from './snapshot.js';

const FLOATS: Record<number, string> = { 0: 'FLOAT', 1: 'FLOAT', 2: 'DOUBLE' };
const TIMESTAMPS = ['TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP', 'TIMESTAMP_NS'];

/**
 * The DuckDB type DuckDB-WASM gives an Arrow column of type `type`; undefined for types
 * this project never writes (lists, structs…).
 */
export function duckdbTypeOf(type: DataType): string | undefined {
  switch (type.typeId) {
    case Type.Int: {
      const t = type as Int;
      const name = {
        8: 'TINYINT',
        16: 'SMALLINT',
        32: 'INTEGER',
        64: 'BIGINT'
      }[t.bitWidth];
      return t.isSigned ? name : `U${name}`;
    }
    case Type.Float:
      return FLOATS[(type as Float).precision];
    case Type.Decimal: {
      const t = type as Decimal;
      return `DECIMAL(${t.precision},${t.scale})`;
    }
    case Type.Bool:
      return 'BOOLEAN';
    case Type.Date:
      return 'DATE';
    case Type.Timestamp: {
      const t = type as Timestamp;
      return t.timezone ? 'TIMESTAMPTZ' : TIMESTAMPS[t.unit];
    }
    case Type.Dictionary:
      return duckdbTypeOf(
        (type as DataType & { dictionary: DataType }).dictionary
      );
    default:
      // Utf8, LargeUtf8 and anything else this project never writes.
      return 'VARCHAR';
  }
}

/** CREATE TABLE for an Arrow schema: how an empty Arrow table becomes a table. */
export function createTableSql(name: string, schema: Schema): string {
  const columns = schema.fields.map(
    f => `${quoteIdent(f.name)} ${duckdbTypeOf(f.type) ?? 'VARCHAR'}`
  );
  return `CREATE TABLE ${quoteIdent(name)} (${columns.join(', ')})`;
}
