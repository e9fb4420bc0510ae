import {
  foldName,
  stem,
  words,
  type INomenclatureValues
} from '@snds-lab/schema';
import { describe, expect, it } from 'vitest';
import { encodeValueIndex, ValueSearchIndex } from '../src/value_index';

const TEXT = { foldName, stem, words };

function nomenclature(
  name: string,
  rows: [code: string, label: string][]
): INomenclatureValues {
  return {
    name,
    columns: ['CODE', 'LIBELLE'],
    code: 0,
    labels: [1],
    rows
  };
}

const CIM = nomenclature('IR_CIM_V', [
  ['E11', 'Diabète sucré de type 2'],
  ['E119', 'Diabète sucré de type 2, sans complication'],
  ['E10', 'Diabète sucré de type 1'],
  ['E232', 'Diabète insipide'],
  ['I50', 'Insuffisance cardiaque'],
  ['I50', 'Insuffisance cardiaque']
]);
const SPECIALITY = nomenclature('IR_SPE_V', [
  ['50', 'Pharmacie'],
  ['121', 'Diabétologie']
]);

function index(): ValueSearchIndex {
  return ValueSearchIndex.decode(
    encodeValueIndex([CIM, SPECIALITY], TEXT),
    TEXT
  );
}

describe('ValueSearchIndex', () => {
  describe('#decode', () => {
    it('should hold every distinct value of every nomenclature', () => {
      expect(index().size).toBe(7);
    });

    it('should reject bytes that are not a value index', () => {
      const bytes = new TextEncoder().encode('{"format": "something else"}');
      expect(() => ValueSearchIndex.decode(bytes, TEXT)).toThrow(
        /not in the expected format: rebuild it/
      );
    });

    it('should read an index that does not start on a 4-byte boundary', () => {
      const bytes = encodeValueIndex([CIM], TEXT);
      const shifted = new Uint8Array(bytes.length + 1);
      shifted.set(bytes, 1);
      const decoded = ValueSearchIndex.decode(shifted.subarray(1), TEXT);
      expect(decoded.search('E11').map(hit => hit.code)).toContain('E11');
    });
  });

  describe('#search', () => {
    it('should find a code exactly, whatever its case', () => {
      const [first] = index().search('e11');
      expect(first).toEqual({
        nomenclature: 'IR_CIM_V',
        code: 'E11',
        label: 'Diabète sucré de type 2',
        match: 'exact'
      });
    });

    it('should list the codes a code-like query starts', () => {
      const hits = index().search('E1');
      expect(hits.filter(h => h.match === 'prefix').map(h => h.code)).toEqual([
        'E10',
        'E11',
        'E119'
      ]);
    });

    it('should find labels by words, without accents, shortest label first', () => {
      const hits = index().search('diabete sucre');
      expect(hits.map(h => h.code)).toEqual(['E10', 'E11', 'E119']);
      expect(hits.every(h => h.match === 'words')).toBe(true);
    });

    it('should take the last word as the start of a word', () => {
      const hits = index().search('insuffisance card');
      expect(hits).toHaveLength(1);
      expect(hits[0].code).toBe('I50');
      expect(
        index()
          .search('diab')
          .map(h => h.code)
      ).toContain('121');
    });

    it('should need every word of the query', () => {
      expect(index().search('diabete cardiaque')).toEqual([]);
    });

    it('should not look for a name with underscores in labels', () => {
      expect(index().search('BEN_NIR')).toEqual([]);
    });

    it('should stop at the limit', () => {
      expect(index().search('diab', 2)).toHaveLength(2);
    });

    it('should give the same answers on the next query (marks are reset)', () => {
      const values = index();
      const first = values.search('diabete type');
      values.search('pharmacie');
      expect(values.search('diabete type')).toEqual(first);
    });
  });
});
