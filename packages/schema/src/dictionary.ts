/** Lookups over the dictionary data, with did-you-mean errors for unknown names. */
import { UnknownNameError } from './errors.js';
import type {
  IColumn,
  IDictionaryData,
  IDictionaryStats,
  ILink,
  INomenclature,
  INomenclatureLink,
  IProduct,
  ITable
} from './model.js';
import { suggest } from './suggest.js';
import { parseConcreteName } from './table_names.js';

export interface IResolvedTable {
  table: ITable;
  /** The year when the name was a per-year one, e.g. 2019 for `T_MCO19C`. */
  year?: number;
}

export class SndsDictionary {
  private readonly tablesByName = new Map<string, ITable>();
  private readonly columnsByTable = new Map<string, Map<string, IColumn>>();
  private readonly nomenclaturesByName = new Map<string, INomenclature>();
  private readonly productsByName = new Map<string, IProduct>();
  private readonly linksByTable = new Map<string, ILink[]>();
  private readonly nomenclatureLinksByTable = new Map<
    string,
    INomenclatureLink[]
  >();
  private readonly tablesByColumn = new Map<string, ITable[]>();

  constructor(readonly data: IDictionaryData) {
    for (const table of data.tables) {
      this.tablesByName.set(table.name.toUpperCase(), table);
      const columns = new Map<string, IColumn>();
      for (const column of table.columns) {
        const key = column.name.toUpperCase();
        columns.set(key, column);
        const list = this.tablesByColumn.get(key) ?? [];
        list.push(table);
        this.tablesByColumn.set(key, list);
      }
      this.columnsByTable.set(table.name, columns);
      this.linksByTable.set(table.name, []);
      this.nomenclatureLinksByTable.set(table.name, []);
    }
    for (const nomenclature of data.nomenclatures) {
      this.nomenclaturesByName.set(
        nomenclature.name.toUpperCase(),
        nomenclature
      );
    }
    for (const product of data.products) {
      this.productsByName.set(product.name.toUpperCase(), product);
    }
    for (const link of data.links) {
      this.linksByTable.get(link.from)?.push(link);
      if (link.to !== link.from) {
        this.linksByTable.get(link.to)?.push(link);
      }
    }
    for (const link of data.nomenclatureLinks) {
      this.nomenclatureLinksByTable.get(link.table)?.push(link);
    }
  }

  get tables(): readonly ITable[] {
    return this.data.tables;
  }

  get products(): readonly IProduct[] {
    return this.data.products;
  }

  get nomenclatures(): readonly INomenclature[] {
    return this.data.nomenclatures;
  }

  get links(): readonly ILink[] {
    return this.data.links;
  }

  stats(): IDictionaryStats {
    let columns = 0;
    let columnsWithNomenclature = 0;
    for (const table of this.data.tables) {
      columns += table.columns.length;
      for (const column of table.columns) {
        if (column.nomenclature) {
          columnsWithNomenclature++;
        }
      }
    }
    return {
      products: this.data.products.length,
      tables: this.data.tables.length,
      columns,
      links: this.data.links.length,
      nomenclatureLinks: this.data.nomenclatureLinks.length,
      nomenclatures: this.data.nomenclatures.length,
      columnsWithNomenclature
    };
  }

  /**
   * Finds a table by name, without case, accepting per-year names (`T_MCO19C` gives `T_MCOaaC`
   * and the year 2019).
   */
  resolveTable(name: string): IResolvedTable | undefined {
    const direct = this.tablesByName.get(name.trim().toUpperCase());
    if (direct) {
      return { table: direct };
    }
    const concrete = parseConcreteName(name.trim());
    if (concrete) {
      const table = this.tablesByName.get(concrete.template.toUpperCase());
      if (table && table.yearPattern) {
        return { table, year: concrete.year };
      }
    }
    return undefined;
  }

  findTable(name: string): ITable | undefined {
    return this.resolveTable(name)?.table;
  }

  /** The table, or an `UnknownNameError` suggesting close names. */
  table(name: string): ITable {
    const table = this.findTable(name);
    if (!table) {
      throw new UnknownNameError('table', name, this.suggestTables(name));
    }
    return table;
  }

  suggestTables(name: string): string[] {
    const concrete = parseConcreteName(name);
    const query = concrete ? concrete.template : name;
    return suggest(
      query,
      this.data.tables.map(table => table.name)
    );
  }

  findColumn(table: string, column: string): IColumn | undefined {
    const resolved = this.findTable(table);
    return resolved
      ? this.columnsByTable.get(resolved.name)?.get(column.toUpperCase())
      : undefined;
  }

  column(table: string, column: string): IColumn {
    const resolved = this.table(table);
    const found = this.columnsByTable
      .get(resolved.name)
      ?.get(column.toUpperCase());
    if (!found) {
      throw new UnknownNameError(
        'column',
        column,
        suggest(
          column,
          resolved.columns.map(c => c.name)
        ),
        ` in ${resolved.name}`
      );
    }
    return found;
  }

  /** Tables that have a column of this name. */
  tablesWithColumn(column: string): readonly ITable[] {
    return this.tablesByColumn.get(column.toUpperCase()) ?? [];
  }

  findNomenclature(name: string): INomenclature | undefined {
    return this.nomenclaturesByName.get(name.trim().toUpperCase());
  }

  nomenclature(name: string): INomenclature {
    const found = this.findNomenclature(name);
    if (!found) {
      throw new UnknownNameError(
        'nomenclature',
        name,
        suggest(
          name,
          this.data.nomenclatures.map(n => n.name)
        )
      );
    }
    return found;
  }

  findProduct(name: string): IProduct | undefined {
    return this.productsByName.get(name.trim().toUpperCase());
  }

  /** Table-to-table links that start or end at `table`. */
  linksOf(table: string): readonly ILink[] {
    return this.linksByTable.get(this.table(table).name) ?? [];
  }

  nomenclatureLinksOf(table: string): readonly INomenclatureLink[] {
    return this.nomenclatureLinksByTable.get(this.table(table).name) ?? [];
  }
}
