import { describe, expect, it } from 'vitest';
import { hasEveryWord } from '../src/elements';

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
