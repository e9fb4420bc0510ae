import { describe, expect, it } from 'vitest';
import { hasEveryWord, matchRanges } from '../src/elements';

describe('hasEveryWord', () => {
  it('should match words without case or accents', () => {
    expect(hasEveryWord('E11 Diabète sucré de type 2', 'DIABETE Sucre')).toBe(
      true
    );
  });

  it('should need every word of the query', () => {
    expect(
      hasEveryWord('RSF_TYP Type de forfait', 'diabète sucré type 2')
    ).toBe(false);
  });

  it('should take punctuation as a word break in the query', () => {
    expect(hasEveryWord('Montant remboursé', 'montant,rembourse')).toBe(true);
  });
});

describe('matchRanges', () => {
  it('should find each word without case or accents, at its place in the text', () => {
    const text = 'Montant remboursé de la prestation';
    const ranges = matchRanges(text, 'REMBOURSE presta');
    expect(ranges).toEqual([8, 17, 24, 30]);
    expect(text.slice(ranges[0], ranges[1])).toBe('remboursé');
  });

  it('should merge overlapping and adjacent matches into one range', () => {
    expect(matchRanges('ER_PRS_F', 'er_p prs')).toEqual([0, 6]);
  });

  it('should mark every occurrence of a word', () => {
    expect(matchRanges('BEN_NIR_PSA BEN_NIR', 'nir')).toEqual([4, 7, 16, 19]);
  });

  it('should find nothing for an empty query or text', () => {
    expect(matchRanges('ER_PRS_F', '  ')).toEqual([]);
    expect(matchRanges('', 'prs')).toEqual([]);
  });
});

describe('matchRanges at word starts', () => {
  it('should mark a word only where a word of the text starts with it', () => {
    const text = 'Table des prestations, E11 Diabète';
    expect(matchRanges(text, 'e', 'wordStart')).toEqual([23, 24]);
    expect(matchRanges(text, 'presta diab', 'wordStart')).toEqual([
      10, 16, 27, 31
    ]);
    expect(matchRanges(text, 'tations', 'wordStart')).toEqual([]);
    expect(matchRanges(text, 'tations')).toEqual([14, 21]);
  });

  it('should take the parts of a name as words', () => {
    expect(matchRanges('ER_PRS_F', 'prs_f', 'wordStart')).toEqual([3, 8]);
    expect(matchRanges('T_MCOaaC', 'aac', 'wordStart')).toEqual([]);
  });
});

describe('hasEveryWord at word starts', () => {
  it('should need each word at a word start', () => {
    expect(hasEveryWord('Montant remboursé', 'mont remb', 'wordStart')).toBe(
      true
    );
    expect(hasEveryWord('Montant remboursé', 'tant', 'wordStart')).toBe(false);
  });
});
