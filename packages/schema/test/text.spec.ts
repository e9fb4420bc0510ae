import { describe, expect, it } from 'vitest';

import { CsvSyntaxError, parseCsv } from '../src/csv.js';
import { fold, foldName, stem, terms, words } from '../src/french_text.js';
import {
  keyList,
  parseNomenclatureAttribute,
  repairMojibake
} from '../src/normalize.js';
import { editDistance, suggest } from '../src/suggest.js';

describe('parseCsv', () => {
  describe('#cells', () => {
    it('should split on semicolons and lines', () => {
      expect(parseCsv('a;b\n1;2\n')).toEqual([
        ['a', 'b'],
        ['1', '2']
      ]);
    });

    it('should read quoted cells with separators, doubled quotes and line breaks', () => {
      expect(
        parseCsv('a;b\r\n"x;y";"il dit ""oui"""\r\n"deux\nlignes";z')
      ).toEqual([
        ['a', 'b'],
        ['x;y', 'il dit "oui"'],
        ['deux\nlignes', 'z']
      ]);
    });

    it('should drop a byte-order mark and keep empty cells', () => {
      expect(parseCsv('\ufeffa;b;c\n;;\n')).toEqual([
        ['a', 'b', 'c'],
        ['', '', '']
      ]);
    });

    it('should throw a CsvSyntaxError naming the line of an unclosed quote', () => {
      expect(() => parseCsv('a;b\n1;"open\n')).toThrow(CsvSyntaxError);
      expect(() => parseCsv('a;b\n1;"open\n')).toThrow(
        /line 2 is never closed/
      );
    });
  });
});

describe('french_text', () => {
  describe('#fold', () => {
    it('should drop case, accents and ligatures', () => {
      expect(fold('Élément Œdème façade')).toBe('element oedeme facade');
      expect(foldName('ben_nir_psa')).toBe('BEN_NIR_PSA');
    });
  });

  describe('#words', () => {
    it('should drop French stop words and keep CIM-10 as one word', () => {
      expect(words("Date de décès de l'assuré (CIM-10)")).toEqual([
        'date',
        'deces',
        'assure',
        'cim10'
      ]);
    });
  });

  describe('#stem', () => {
    it('should match singular and plural, masculine and feminine', () => {
      expect(stem('medicaux')).toBe(stem('medical'));
      expect(stem('prestations')).toBe(stem('prestation'));
      expect(stem('hospitalieres')).toBe(stem('hospitalier'));
      expect(stem('professionnelle')).toBe(stem('professionnel'));
      expect(terms('Dates')).toEqual(terms('date'));
    });
  });
});

describe('normalize helpers', () => {
  describe('#keyList', () => {
    it('should accept a string or an array of strings and nothing else', () => {
      expect(keyList('A')).toEqual(['A']);
      expect(keyList(['A', 'B'])).toEqual(['A', 'B']);
      expect(keyList(3)).toBeUndefined();
      expect(keyList(['A', 3])).toBeUndefined();
    });
  });

  describe('#parseNomenclatureAttribute', () => {
    it('should read "-", NAME and NAME:COLUMN', () => {
      expect(parseNomenclatureAttribute('-')).toBeUndefined();
      expect(parseNomenclatureAttribute('')).toBeUndefined();
      expect(parseNomenclatureAttribute('IR_NAT_V')).toEqual({
        name: 'IR_NAT_V'
      });
      expect(parseNomenclatureAttribute('IR_SEX_V:SEX_COD')).toEqual({
        name: 'IR_SEX_V',
        column: 'SEX_COD'
      });
    });
  });

  describe('#repairMojibake', () => {
    it('should repair UTF-8 read as Latin-1 and leave good text alone', () => {
      expect(repairMojibake('LibellÃ© ATC2')).toBe('Libellé ATC2');
      expect(repairMojibake('Libellé ATC2')).toBe('Libellé ATC2');
    });
  });
});

describe('suggest', () => {
  describe('#editDistance', () => {
    it('should count substitutions, insertions and transpositions', () => {
      expect(editDistance('ER_PRS_X', 'ER_PRS_F')).toBe(1);
      expect(editDistance('PRS_NAT_RFE', 'PRS_NAT_REF')).toBe(1);
      expect(editDistance('ER_PHA', 'ER_PHA_F')).toBe(2);
      expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    });
  });

  describe('#suggest', () => {
    it('should put the closest names first', () => {
      expect(suggest('ER_PRS_X', ['EB_PRS_F', 'ER_PRS_F', 'IR_BEN_R'])).toEqual(
        ['ER_PRS_F', 'EB_PRS_F']
      );
      expect(suggest('zzzzzz', ['ER_PRS_F'])).toEqual([]);
    });
  });
});
