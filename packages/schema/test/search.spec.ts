import { beforeAll, describe, expect, it } from 'vitest';

import { MemoryNomenclatureLoader } from '../src/bundle.js';
import type { SndsDictionary } from '../src/dictionary.js';
import { UnknownNameError } from '../src/errors.js';
import {
  DictionarySearch,
  groupByKind,
  ValueIndex,
  type ISearchResult
} from '../src/search.js';
import { sharedDictionary, sharedSchema } from './shared_schema.js';

const brief = (r: ISearchResult): string =>
  `${r.kind}:${r.table ?? r.nomenclature ?? ''}.${r.name}`;

describe('DictionarySearch', () => {
  let dictionary: SndsDictionary;
  let search: DictionarySearch;
  beforeAll(async () => {
    dictionary = await sharedDictionary();
    search = DictionarySearch.build(dictionary);
  });

  describe('#build', () => {
    it('should index every product, table, column and nomenclature', () => {
      expect(search.documentCount).toBe(15 + 191 + 4853 + 175);
    });
  });

  describe('#search exact names', () => {
    it('should put an exact column name first, in the most linked table first', () => {
      const results = search.search('PRS_NAT_REF');
      expect(results[0]).toMatchObject({
        kind: 'column',
        name: 'PRS_NAT_REF',
        table: 'ER_PRS_F',
        product: 'DCIR',
        match: 'exact'
      });
      const exact = results.filter(r => r.match === 'exact');
      expect(exact.length).toBe(
        dictionary.tablesWithColumn('PRS_NAT_REF').length
      );
      expect(
        results.slice(0, exact.length).every(r => r.match === 'exact')
      ).toBe(true);
    });

    it('should find a table by its exact name without case, before similar names', () => {
      const results = search.search('er_pha_f');
      expect(results[0]).toMatchObject({
        kind: 'table',
        name: 'ER_PHA_F',
        product: 'DCIR',
        match: 'exact'
      });
      expect(results[0].label).toBe('Table des données de codage de pharmacie');
    });

    it('should find a per-year table by its name for a year', () => {
      expect(search.search('T_MCO19C')[0]).toMatchObject({
        kind: 'table',
        name: 'T_MCOaaC',
        match: 'exact'
      });
    });

    it('should find a nomenclature by name', () => {
      expect(search.search('IR_NAT_V')[0]).toMatchObject({
        kind: 'nomenclature',
        name: 'IR_NAT_V',
        match: 'exact'
      });
    });
  });

  describe('#search prefixes', () => {
    it('should complete a name prefix, shortest completion first', () => {
      const results = search.search('ER_PH');
      expect(results[0]).toMatchObject({ name: 'ER_PHA_F', match: 'prefix' });
    });

    it('should rank prefix matches above word matches', () => {
      const results = search.search('BEN_NIR');
      const firstWords = results.findIndex(r => r.match === 'words');
      const lastPrefix = results.map(r => r.match).lastIndexOf('prefix');
      expect(lastPrefix).toBeGreaterThan(-1);
      if (firstWords >= 0) {
        expect(lastPrefix).toBeLessThan(firstWords);
      }
    });
  });

  describe('#search words', () => {
    it('should match French words without accents or case', () => {
      const accented = search.search('date de décès').map(brief);
      const plain = search.search('DATE DECES').map(brief);
      expect(accented).toEqual(plain);
      expect(accented).toContain('column:IR_BEN_R.BEN_DCD_DTE');
    });

    it('should require every word', () => {
      for (const result of search.search('montant remboursé', { limit: 50 })) {
        expect(result.label.toLowerCase()).toMatch(/montant/);
        expect(result.label.toLowerCase()).toMatch(/rembours/);
      }
    });

    it('should match plurals and the start of the last word', () => {
      expect(search.search('prestations').map(brief)).toEqual(
        search.search('prestation').map(brief)
      );
      expect(
        search.search('pharma', { kinds: ['table'] }).map(r => r.name)
      ).toContain('ER_PHA_F');
    });

    it('should narrow to a table named among the words', () => {
      const results = search.search('ER_PRS_F montant', { limit: 50 });
      expect(results.length).toBeGreaterThan(3);
      for (const result of results) {
        expect(result).toMatchObject({ kind: 'column', table: 'ER_PRS_F' });
      }
    });

    it('should find nomenclatures by the words of their title', () => {
      const names = search
        .search('cim10', { kinds: ['nomenclature'] })
        .map(r => r.name);
      expect(names).toEqual(expect.arrayContaining(['IR_CIM_V', 'MS_CIM_V']));
      expect(
        search.search('CIM-10', { kinds: ['nomenclature'] }).map(r => r.name)
      ).toEqual(names);
    });
  });

  describe('#search typos', () => {
    it('should forgive a typo in a column name', () => {
      expect(search.search('PRS_NAT_RFE')[0]).toMatchObject({
        name: 'PRS_NAT_REF',
        match: 'fuzzy'
      });
    });

    it('should forgive a typo in a table name', () => {
      expect(search.search('ER_PAH_F')[0]).toMatchObject({
        kind: 'table',
        name: 'ER_PHA_F',
        match: 'fuzzy'
      });
    });

    it('should forgive a typo in a French word', () => {
      const tables = search
        .search('pharmacei', { kinds: ['table'] })
        .map(r => r.name);
      expect(tables).toContain('ER_PHA_F');
    });
  });

  describe('#search options', () => {
    it('should filter by kind, product and table and respect the limit', () => {
      expect(
        search
          .search('date', { kinds: ['table'] })
          .every(r => r.kind === 'table')
      ).toBe(true);
      expect(
        search
          .search('date', { product: 'DCIR', limit: 100 })
          .every(r => r.product === 'DCIR')
      ).toBe(true);
      const inTable = search.search('date', { table: 'T_MCO18C', limit: 100 });
      expect(inTable.length).toBeGreaterThan(0);
      expect(
        inTable.every(
          r => (r.kind === 'column' ? r.table : r.name) === 'T_MCOaaC'
        )
      ).toBe(true);
      expect(search.search('date', { limit: 7 })).toHaveLength(7);
    });

    it('should say which table is unknown when filtering on one', () => {
      expect(() => search.search('date', { table: 'ER_PRS_X' })).toThrow(
        UnknownNameError
      );
      expect(() => search.search('date', { table: 'ER_PRS_X' })).toThrow(
        /did you mean ER_PRS_F/
      );
    });

    it('should run /regex/ queries over names and labels', () => {
      const results = search.search('/^PHA_.*_C13$/', { limit: 50 });
      expect(results.length).toBeGreaterThan(0);
      expect(
        results.every(
          r => /^PHA_.*_C13$/i.test(r.name) || /^PHA_.*_C13$/i.test(r.label)
        )
      ).toBe(true);
      expect(results.every(r => r.match === 'regex')).toBe(true);
    });

    it('should return nothing for an empty query', () => {
      expect(search.search('   ')).toEqual([]);
    });
  });

  describe('#values', () => {
    let withValues: DictionarySearch;
    beforeAll(async () => {
      const { values } = await sharedSchema();
      withValues = DictionarySearch.build(dictionary);
      await withValues.loadValues(
        ['MS_CIM_V', 'IR_NAT_V', 'IR_SEX_V'],
        new MemoryNomenclatureLoader(values)
      );
    });

    it('should put an exact CIM-10 code first, then its sub-codes', () => {
      const results = withValues.search('E11', { nomenclatures: ['MS_CIM_V'] });
      expect(results[0]).toMatchObject({
        kind: 'value',
        name: 'E11',
        nomenclature: 'MS_CIM_V',
        match: 'exact'
      });
      expect(results[0].label).toMatch(/^Diabète sucré/);
      expect(
        results
          .slice(1, 5)
          .every(r => r.name.startsWith('E11') && r.match === 'prefix')
      ).toBe(true);
    });

    it('should find values by the words of their label', () => {
      const results = withValues.search('diabète type 2', { kinds: ['value'] });
      expect(results.length).toBeGreaterThan(0);
      expect(results.every(r => /diab[eè]te/i.test(r.label))).toBe(true);
      expect(results.map(r => r.name)).toContain('E11');
    });

    it('should match a code and a word together', () => {
      expect(
        withValues.search('E11 diabète', { kinds: ['value'] })[0]
      ).toMatchObject({ name: 'E11' });
    });

    it('should search a nomenclature it has not loaded yet through searchValues', async () => {
      const { values } = await sharedSchema();
      const fresh = DictionarySearch.build(dictionary);
      const results = await fresh.searchValues(
        'I10',
        ['IR_CIM_V'],
        new MemoryNomenclatureLoader(values)
      );
      expect(results[0]).toMatchObject({
        kind: 'value',
        name: 'I10',
        nomenclature: 'IR_CIM_V',
        match: 'exact'
      });
      expect(fresh.values.has('IR_CIM_V')).toBe(true);
      await expect(
        fresh.searchValues(
          'x',
          ['IR_CIM_X'],
          new MemoryNomenclatureLoader(values)
        )
      ).rejects.toThrow(/Unknown nomenclature IR_CIM_X: did you mean IR_CIM_V/);
    });
  });
});

describe('ValueIndex', () => {
  describe('#search', () => {
    it('should rank exact code, then code prefix, then label words', () => {
      const index = new ValueIndex();
      index.add({
        name: 'TEST_V',
        columns: ['COD', 'LIB'],
        code: 0,
        labels: [1],
        rows: [
          ['A1', 'Premier'],
          ['A10', 'Dixième'],
          ['B2', 'Code A1 dans le libellé']
        ]
      });
      expect(index.search('a1').map(r => `${r.name}:${r.match}`)).toEqual([
        'A1:exact',
        'A10:prefix',
        'B2:words'
      ]);
    });
  });
});

describe('groupByKind', () => {
  it('should group results in sidebar order', () => {
    const results: ISearchResult[] = [
      { kind: 'column', name: 'A', label: '', match: 'exact', score: 1 },
      { kind: 'table', name: 'B', label: '', match: 'exact', score: 1 },
      { kind: 'column', name: 'C', label: '', match: 'exact', score: 1 }
    ];
    const groups = groupByKind(results);
    expect([...groups.keys()]).toEqual(['table', 'column']);
    expect(groups.get('column')?.map(r => r.name)).toEqual(['A', 'C']);
  });
});
