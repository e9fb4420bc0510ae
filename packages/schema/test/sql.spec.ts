import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createTableSql,
  createTablesSql,
  duckdbType,
  sqlTableName
} from '../src/ddl.js';
import type { SndsDictionary } from '../src/dictionary.js';
import { ALIVE_DEATH_DATE } from '../src/domain.js';
import { SqlBuildError, UnknownNameError } from '../src/errors.js';
import { JoinGraph, type IJoinPath } from '../src/join_graph.js';
import type { IColumn } from '../src/model.js';
import {
  SqlBuilder,
  tableAlias,
  type IAnalystFilters
} from '../src/sql_builder.js';
import { DUCKDB_KEYWORDS, quoteIdentifier } from '../src/sql_identifiers.js';
import { openDuckDb, prepare, type ITestConnection } from './duckdb.js';
import { sharedDictionary } from './shared_schema.js';

const YEAR = 2019;

function column(
  type: IColumn['type'],
  length?: string,
  constraints?: IColumn['constraints']
): IColumn {
  return { name: 'X', description: '', type, length, constraints };
}

describe('duckdbType', () => {
  it('should map every Table Schema type', () => {
    expect(duckdbType(column('string', '9'))).toBe('VARCHAR');
    expect(duckdbType(column('integer', '9', { maximum: 999999999 }))).toBe(
      'INTEGER'
    );
    expect(duckdbType(column('integer', '10'))).toBe('BIGINT');
    expect(duckdbType(column('integer'))).toBe('BIGINT');
    expect(
      duckdbType(
        column('number', '11,2', { maximum: 99999999999, decimals: 2 })
      )
    ).toBe('DECIMAL(13,2)');
    expect(duckdbType(column('number', '5,5', { maximum: 25000 }))).toBe(
      'DECIMAL(10,5)'
    );
    expect(duckdbType(column('number'))).toBe('DOUBLE');
    expect(duckdbType(column('date', '8'))).toBe('DATE');
    expect(duckdbType(column('datetime'))).toBe('TIMESTAMP');
    expect(duckdbType(column('boolean', '1'))).toBe('BOOLEAN');
    expect(duckdbType(column('year', '4'))).toBe('SMALLINT');
    expect(duckdbType(column('yearmonth', '6'))).toBe('VARCHAR');
  });

  it('should widen a decimal whose constraints need more digits than its length', () => {
    expect(duckdbType(column('number', '4,2', { maximum: 123456 }))).toBe(
      'DECIMAL(8,2)'
    );
    expect(duckdbType(column('integer', '4', { minimum: -99999999999 }))).toBe(
      'BIGINT'
    );
  });
});

describe('quoteIdentifier', () => {
  it('should quote keywords and names that are not plain, and nothing else', () => {
    expect(quoteIdentifier('ER_PRS_F')).toBe('ER_PRS_F');
    expect(quoteIdentifier('ben_nir_psa')).toBe('ben_nir_psa');
    expect(quoteIdentifier('order')).toBe('"order"');
    expect(quoteIdentifier('Libellé ATC2')).toBe('"Libellé ATC2"');
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
  });
});

describe('tableAlias', () => {
  it('should give short readable aliases', () => {
    expect(tableAlias('ER_PHA_F')).toBe('pha');
    expect(tableAlias('T_MCOaaC')).toBe('mco_c');
    expect(tableAlias('CT_IDE_AAAA_GN')).toBe('ct_ide');
    expect(tableAlias('OPEN_MEDIC')).toBe('open_medic');
  });
});

describe('SqlBuilder', () => {
  let dictionary: SndsDictionary;
  let graph: JoinGraph;
  let builder: SqlBuilder;
  let conn: ITestConnection;

  beforeAll(async () => {
    dictionary = await sharedDictionary();
    graph = new JoinGraph(dictionary);
    builder = new SqlBuilder(dictionary, graph);
    conn = await openDuckDb();
    for (const table of dictionary.tables) {
      conn.query(createTableSql(table, { year: YEAR }));
    }
  });

  afterAll(() => conn?.close());

  describe('#createTablesSql', () => {
    it('should create all 191 tables with all 4,853 columns and their types', () => {
      const tables = conn
        .query(
          "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE schema_name = 'main'"
        )
        .toArray();
      expect(tables[0].n).toBe(191);
      const columns = conn
        .query(
          "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main'"
        )
        .toArray();
      expect(columns).toHaveLength(4853);
      const byName = new Map(
        columns.map(c => [
          `${c.table_name}.${c.column_name}`,
          String(c.data_type)
        ])
      );
      for (const table of dictionary.tables) {
        const sqlName = sqlTableName(table, { year: YEAR });
        for (const c of table.columns) {
          expect(byName.get(`${sqlName}.${c.name}`)).toBe(duckdbType(c));
        }
      }
      expect(byName.get('T_MCO19B.ETA_NUM')).toBe('INTEGER');
      expect(byName.get('T_MCO19A.ETA_NUM')).toBe('VARCHAR');
      expect(byName.get('CT_IDE_2019_GN.ben_nir_psa')).toBe('VARCHAR');
      expect(byName.get('ER_PRS_F.PRS_PAI_MNT')).toMatch(/^DECIMAL/);
    });

    it('should also create them in a schema, with primary keys and French comments', () => {
      const sql = createTablesSql(dictionary, {
        year: YEAR,
        schema: 'snds',
        primaryKey: true,
        comments: true
      });
      for (const statement of sql.split(/;\n/)) {
        if (statement.trim()) {
          conn.query(statement);
        }
      }
      const pk = conn
        .query(
          "SELECT constraint_column_names AS c FROM duckdb_constraints() WHERE schema_name = 'snds' AND table_name = 'IR_BEN_R' AND constraint_type = 'PRIMARY KEY'"
        )
        .toArray();
      expect(String(pk[0].c)).toMatch(/BEN_NIR_PSA.*BEN_RNG_GEM/);
      const comment = conn
        .query(
          "SELECT comment FROM duckdb_columns() WHERE schema_name = 'snds' AND table_name = 'ER_PRS_F' AND column_name = 'BEN_DCD_DTE'"
        )
        .toArray();
      expect(comment[0].comment).toBe('Date de décès du bénéficiaire');
    });

    it('should name per-year tables for the year and ask for one when it is missing', () => {
      expect(
        createTableSql(dictionary.table('T_MCOaaB'), { year: 2019 })
      ).toMatch(/^CREATE TABLE T_MCO19B \(/);
      const again = createTableSql(dictionary.table('T_MCOaaB'), {
        year: 2019,
        ifNotExists: true
      });
      expect(again).toMatch(/^CREATE TABLE IF NOT EXISTS T_MCO19B \(/);
      conn.query(again);
      expect(
        createTableSql(dictionary.table('CT_IND_AAAA_GN'), { year: 2021 })
      ).toMatch(/^CREATE TABLE CT_IND_2021_GN \(/);
      expect(() => createTableSql(dictionary.table('T_MCOaaB'))).toThrow(
        'T_MCOaaB is a per-year table: pass a year (e.g. year: 2019 gives T_MCO19B)'
      );
    });
  });

  describe('#DUCKDB_KEYWORDS', () => {
    it('should be exactly the keywords DuckDB does not accept everywhere as names', () => {
      const rows = conn
        .query(
          "SELECT keyword_name AS k FROM duckdb_keywords() WHERE keyword_category <> 'unreserved'"
        )
        .toArray();
      expect(new Set(rows.map(r => String(r.k)))).toEqual(
        new Set(DUCKDB_KEYWORDS)
      );
    });
  });

  describe('#select', () => {
    it('should prepare a select of every table, whole and column by column', () => {
      for (const table of dictionary.tables) {
        prepare(
          conn,
          builder.select(table.name, { year: YEAR, limit: 10 }).sql
        );
        prepare(
          conn,
          builder.select(table.name, {
            year: YEAR,
            columns: table.columns.map(c => c.name)
          }).sql
        );
      }
    });

    it('should substitute the year in PMSI and CARTOGRAPHIE names', () => {
      expect(builder.select('T_MCOaaB', { year: 2019 }).sql).toBe(
        'SELECT *\nFROM T_MCO19B;'
      );
      expect(builder.select('T_MCO18B').sql).toBe('SELECT *\nFROM T_MCO18B;');
      expect(
        builder.select('CT_IDE_AAAA_GN', {
          year: 2019,
          columns: ['BEN_NIR_PSA']
        }).sql
      ).toBe('SELECT ben_nir_psa\nFROM CT_IDE_2019_GN;');
    });

    it('should qualify names with a schema', () => {
      const sql = builder.select('T_MCOaaB', {
        year: YEAR,
        schema: 'snds'
      }).sql;
      expect(sql).toBe('SELECT *\nFROM snds.T_MCO19B;');
      prepare(conn, sql);
    });

    it('should ask for a year for per-year tables, and check it', () => {
      expect(() => builder.select('T_MCOaaB')).toThrow(SqlBuildError);
      expect(() => builder.select('T_MCOaaB')).toThrow(
        /T_MCOaaB is a per-year table: pass a year/
      );
      expect(() => builder.select('T_MCOaaB', { year: 19 })).toThrow(
        /year 19 is not a four-digit year/
      );
    });

    it('should warn when the year is outside the life of the table', () => {
      expect(builder.select('T_SUPaaALD', { year: YEAR }).warnings).toEqual([
        'T_SUPaaALD ended in 2009: T_SUP19ALD may not exist for 2019'
      ]);
      expect(builder.select('T_MCOaaB', { year: YEAR }).warnings).toEqual([]);
    });

    it('should suggest names for an unknown table or column', () => {
      expect(() => builder.select('ER_PRS_X')).toThrow(UnknownNameError);
      expect(() => builder.select('ER_PRS_X')).toThrow(/did you mean ER_PRS_F/);
      expect(() =>
        builder.select('ER_PRS_F', { columns: ['PRS_NAT_RFE'] })
      ).toThrow(/did you mean PRS_NAT_REF/);
    });

    it('should prepare each analyst filter on every table that has its columns', () => {
      const filters: [IAnalystFilters, string][] = [
        [{ excludeForInformation: true }, 'DPN_QLF'],
        [{ validPmsiLinks: true }, 'NIR_RET'],
        [{ period: { start: '2019-01-01', end: '2019-12-31' } }, 'EXE_SOI_DTD'],
        [
          {
            period: { start: '2019-01-01', end: '2019-12-31', flowLagMonths: 3 }
          },
          'FLX_DIS_DTD'
        ],
        [{ vitalStatus: 'alive' }, 'BEN_DCD_DTE'],
        [{ vitalStatus: 'deceased' }, 'BEN_DCD_DTE']
      ];
      for (const [filter, needed] of filters) {
        const tables = dictionary.tables.filter(t =>
          dictionary.findColumn(t.name, needed)
        );
        expect(tables.length).toBeGreaterThan(0);
        for (const table of tables) {
          const snippet = builder.select(table.name, {
            year: YEAR,
            filters: filter
          });
          expect(snippet.sql).toMatch(/\nWHERE /);
          prepare(conn, snippet.sql);
        }
      }
    });

    it('should write the standard filters as analysts do', () => {
      const sql = builder.select('ER_PRS_F', {
        filters: {
          excludeForInformation: true,
          period: { start: '2019-01-01', end: '2019-12-31' },
          vitalStatus: 'alive'
        }
      }).sql;
      expect(sql).toContain('DPN_QLF IS DISTINCT FROM 71');
      expect(sql).toContain(
        "EXE_SOI_DTD >= DATE '2019-01-01'\n  AND EXE_SOI_DTD < DATE '2020-01-01'"
      );
      expect(sql).toContain(
        "FLX_DIS_DTD >= DATE '2019-01-01'\n  AND FLX_DIS_DTD < DATE '2020-07-01'"
      );
      expect(sql).toContain(`BEN_DCD_DTE = DATE '${ALIVE_DEATH_DATE}'`);
      const pmsi = builder.select('T_MCOaaC', {
        year: YEAR,
        filters: { validPmsiLinks: true }
      }).sql;
      // Return codes typed boolean compare to FALSE, those typed string to '0'.
      expect(pmsi).toContain('NIR_RET = FALSE');
      expect(pmsi).toContain("NAI_RET = '0'");
      expect(pmsi).toContain('SEJ_RET = FALSE');
    });

    it('should refuse a filter no table of the query can take, saying which table to add', () => {
      expect(() =>
        builder.select('ER_PHA_F', { filters: { excludeForInformation: true } })
      ).toThrow(
        /excludeForInformation filters on DPN_QLF, which none of ER_PHA_F has: start from the prestations table/
      );
      expect(() =>
        builder.select('ER_PRS_F', { filters: { validPmsiLinks: true } })
      ).toThrow(/add the PMSI link table/);
      expect(() =>
        builder.select('ER_PRS_F', {
          filters: { period: { start: '2019-02-30', end: '2019-12-31' } }
        })
      ).toThrow(/"2019-02-30" is not a date/);
    });

    it('should decode the alive date of death, whole table or column by column', () => {
      const tables = dictionary.tables.filter(t =>
        dictionary.findColumn(t.name, 'BEN_DCD_DTE')
      );
      expect(tables.map(t => t.name)).toContain('CT_DEP_AAAA_GN');
      for (const table of tables) {
        const name = dictionary.column(table.name, 'BEN_DCD_DTE').name;
        const whole = builder.select(table.name, {
          year: YEAR,
          decodeDeathDate: true
        }).sql;
        expect(whole).toContain(
          `* REPLACE (NULLIF(${name}, DATE '1600-01-01') AS ${name})`
        );
        prepare(conn, whole);
        prepare(
          conn,
          builder.select(table.name, {
            year: YEAR,
            decodeDeathDate: true,
            columns: ['BEN_DCD_DTE']
          }).sql
        );
      }
    });

    it('should sum regularisation lines with an aggregate', () => {
      const snippet = builder.select('ER_PHA_F', {
        aggregate: {
          groupBy: ['PHA_PRS_C13', 'FLX_DIS_DTD'],
          sum: ['PHA_ACT_QSN'],
          nonZero: true
        }
      });
      expect(snippet.sql).toBe(
        'SELECT PHA_PRS_C13,\n       FLX_DIS_DTD,\n       SUM(PHA_ACT_QSN) AS PHA_ACT_QSN\nFROM ER_PHA_F\nGROUP BY 1, 2\nHAVING SUM(PHA_ACT_QSN) <> 0;'
      );
      prepare(conn, snippet.sql);
      expect(() =>
        builder.select('ER_PHA_F', {
          aggregate: { groupBy: [], sum: ['PHA_CPA_PCP'] }
        })
      ).toThrow(/Cannot sum ER_PHA_F.PHA_CPA_PCP: it is string, not a number/);
    });
  });

  describe('#join', () => {
    it('should prepare the join of every link, in both directions', () => {
      for (const link of dictionary.links) {
        const forward: IJoinPath = {
          from: link.from,
          to: link.to,
          tables: [link.from, link.to],
          steps: [
            {
              from: link.from,
              to: link.to,
              fromColumns: link.fromColumns,
              toColumns: link.toColumns,
              link
            }
          ],
          cost: 1
        };
        const backward: IJoinPath = {
          from: link.to,
          to: link.from,
          tables: [link.to, link.from],
          steps: [
            {
              from: link.to,
              to: link.from,
              fromColumns: link.toColumns,
              toColumns: link.fromColumns,
              link
            }
          ],
          cost: 1
        };
        prepare(conn, builder.join(forward, { year: YEAR }).sql);
        prepare(
          conn,
          builder.join(backward, { year: YEAR, joinType: 'LEFT' }).sql
        );
      }
    });

    it('should prepare the join path from the main tables of each product to every table they reach', () => {
      const hubs = [
        'ER_PRS_F',
        'NS_PRS_F',
        'IR_BEN_R',
        'T_MCOaaB',
        'T_SSRaaB',
        'T_HADaaB',
        'T_RIPaaFB',
        'CT_IND_AAAA_GN'
      ];
      let count = 0;
      for (const hub of hubs) {
        for (const to of graph.componentOf(hub)) {
          if (to !== hub) {
            prepare(conn, builder.join([hub, to], { year: YEAR }).sql);
            count++;
          }
        }
      }
      expect(count).toBe(hubs.length * 170);
    });

    it('should join ER_PHA_F to T_MCOaaC for a year on the DCIR key and the patient links', () => {
      const snippet = builder.join(['ER_PHA_F', 'T_MCOaaC'], { year: 2019 });
      expect(snippet.tables.map(t => t.sqlName)).toEqual([
        'ER_PHA_F',
        'ER_PRS_F',
        'IR_BEN_R',
        'T_MCO19C'
      ]);
      expect(snippet.sql).toContain(
        'INNER JOIN T_MCO19C AS mco_c\n  ON ben.BEN_NIR_PSA = mco_c.NIR_ANO_17'
      );
      expect(snippet.sql).toContain('pha.REM_TYP_AFF = prs.REM_TYP_AFF');
      expect(snippet.sql.match(/ AND pha\./g)).toHaveLength(8);
      expect(snippet.warnings).toEqual([]);
      prepare(conn, snippet.sql);
    });

    it('should prepare ER_PHA_F to T_MCOaaC with every combination of filters', () => {
      const options: IAnalystFilters[] = [];
      for (let mask = 0; mask < 16; mask++) {
        options.push({
          excludeForInformation: Boolean(mask & 1),
          validPmsiLinks: Boolean(mask & 2),
          period:
            mask & 4 ? { start: '2019-01-01', end: '2019-12-31' } : undefined,
          vitalStatus: mask & 8 ? 'deceased' : undefined
        });
      }
      for (const filters of options) {
        for (const decodeDeathDate of [false, true]) {
          const snippet = builder.join(['ER_PHA_F', 'T_MCOaaC'], {
            year: YEAR,
            filters,
            decodeDeathDate,
            columns: [
              'ER_PHA_F.PHA_PRS_C13',
              'IR_BEN_R.BEN_DCD_DTE',
              'T_MCOaaC.EXE_SOI_DTD',
              'ETA_NUM'
            ]
          });
          prepare(conn, snippet.sql);
        }
      }
    });

    it('should apply the period to the table asked for', () => {
      const period = {
        start: '2019-01-01',
        end: '2019-06-30',
        table: 'T_MCOaaC'
      };
      const snippet = builder.join(['ER_PHA_F', 'T_MCOaaC'], {
        year: YEAR,
        filters: { period }
      });
      expect(snippet.sql).toContain(
        "mco_c.EXE_SOI_DTD >= DATE '2019-01-01'\n  AND mco_c.EXE_SOI_DTD < DATE '2019-07-01'"
      );
      expect(snippet.sql).toContain("pha.FLX_DIS_DTD < DATE '2020-01-01'");
      prepare(conn, snippet.sql);
      expect(() =>
        builder.join(['ER_PHA_F', 'ER_PRS_F'], {
          filters: { period: { ...period, table: 'IR_BEN_R' } }
        })
      ).toThrow(
        /period.table IR_BEN_R is not in the query or has no EXE_SOI_DTD/
      );
    });

    it('should prepare an aggregate over a join, summing regularisations per patient', () => {
      const snippet = builder.join(['ER_PHA_F', 'IR_BEN_R'], {
        filters: { excludeForInformation: true },
        aggregate: {
          groupBy: ['IR_BEN_R.BEN_NIR_PSA', 'PHA_PRS_C13'],
          sum: ['PHA_ACT_QSN'],
          nonZero: true
        },
        limit: 100
      });
      expect(snippet.sql).toContain('SUM(pha.PHA_ACT_QSN) AS PHA_ACT_QSN');
      expect(snippet.sql).toContain(
        'HAVING SUM(pha.PHA_ACT_QSN) <> 0\nLIMIT 100;'
      );
      prepare(conn, snippet.sql);
    });

    it('should cast text keys to the numeric type with TRY_CAST', () => {
      const sql = builder.join(['T_MCOaaA', 'T_MCOaaB'], { year: YEAR }).sql;
      expect(sql).toContain(
        'ON TRY_CAST(mco_a.ETA_NUM AS INTEGER) = mco_b.ETA_NUM'
      );
      expect(sql).toContain(
        'AND TRY_CAST(mco_a.RSA_NUM AS BIGINT) = mco_b.RSA_NUM'
      );
      prepare(conn, sql);
    });

    it('should match a FINESS with a leading zero where the plain join aborts on a Corsican FINESS', () => {
      conn.query(
        'CREATE TEMP TABLE T_MCO17A AS SELECT * FROM T_MCO19A LIMIT 0'
      );
      conn.query(
        'CREATE TEMP TABLE T_MCO17B AS SELECT * FROM T_MCO19B LIMIT 0'
      );
      conn.query(
        "INSERT INTO T_MCO17A (ETA_NUM, RSA_NUM) VALUES ('010008407', '0000000042'), ('2A0000001', '1')"
      );
      conn.query(
        'INSERT INTO T_MCO17B (ETA_NUM, RSA_NUM) VALUES (10008407, 42), (1, 1)'
      );
      // DuckDB casts the text side with CAST, which fails on the first code that is not a number.
      const plain =
        'SELECT a.ETA_NUM FROM T_MCO17A AS a JOIN T_MCO17B AS b ON a.ETA_NUM = b.ETA_NUM AND a.RSA_NUM = b.RSA_NUM';
      expect(() => conn.query(plain)).toThrow(
        /Could not convert string '2A0000001'/
      );
      const sql = builder.join(['T_MCOaaA', 'T_MCOaaB'], {
        year: 2017,
        columns: ['T_MCOaaA.ETA_NUM']
      }).sql;
      const rows = conn.query(sql.replace(/;$/, '')).toArray();
      expect(rows.map(r => r.ETA_NUM)).toEqual(['010008407']);
    });

    it('should follow several tables in order and give each visit its own alias', () => {
      const snippet = builder.join(['T_MCOaaA', 'T_MCOaaE', 'T_MCOaaD'], {
        year: YEAR
      });
      expect(snippet.tables.map(t => t.table)).toEqual([
        'T_MCOaaA',
        'T_MCOaaB',
        'T_MCOaaE',
        'T_MCOaaB',
        'T_MCOaaD'
      ]);
      expect(snippet.tables.map(t => t.alias)).toEqual([
        'mco_a',
        'mco_b',
        'mco_e',
        'mco_b2',
        'mco_d'
      ]);
      prepare(conn, snippet.sql);
    });

    it('should warn when a join covers only part of the key of the next table', () => {
      const snippet = builder.join(['T_MCOaaC', 'IR_BEN_R'], { year: YEAR });
      expect(snippet.warnings).toEqual([
        'T_MCOaaC → IR_BEN_R joins on BEN_NIR_PSA, part of the key of IR_BEN_R (BEN_NIR_PSA, BEN_RNG_GEM): rows may repeat'
      ]);
    });

    it('should ask which table a column belongs to when several have it', () => {
      expect(() =>
        builder.join(['ER_PHA_F', 'ER_PRS_F'], { columns: ['FLX_DIS_DTD'] })
      ).toThrow(
        'Column FLX_DIS_DTD is in ER_PHA_F and ER_PRS_F: write ER_PHA_F.FLX_DIS_DTD to choose'
      );
    });

    it('should explain a join between tables that are not connected', () => {
      expect(() => builder.join(['ER_PHA_F', 'OPEN_MEDIC'])).toThrow(
        /No join path from ER_PHA_F to OPEN_MEDIC/
      );
    });

    it('should ask for the year of the per-year tables on the path', () => {
      expect(() => builder.join(['ER_PHA_F', 'T_MCOaaC'])).toThrow(
        'T_MCOaaC is a per-year table: pass a year (e.g. --year 2019 or { year: 2019 })'
      );
      expect(builder.join(['ER_PHA_F', 'T_MCO18C']).sql).toContain(
        'T_MCO18C AS mco_c'
      );
    });
  });
});
