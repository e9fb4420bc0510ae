/** Accent- and case-folding, tokenising and light stemming of French text for search. */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const LIGATURES: Record<string, string> = {
  œ: 'oe',
  æ: 'ae',
  Œ: 'oe',
  Æ: 'ae',
  ß: 'ss'
};
const ASCII_ONLY = /^[\x20-\x7e]*$/;

/** Folded form of each Latin-1 and Latin Extended-A character (U+00C0–U+017F). */
const LATIN_FOLD: string[] = [];
for (let code = 0xc0; code <= 0x17f; code++) {
  const ch = String.fromCharCode(code).toLowerCase();
  LATIN_FOLD[code] =
    LIGATURES[ch] ?? ch.normalize('NFD').replace(COMBINING_MARKS, '');
}

function foldSlow(lower: string): string {
  return lower
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[œæß]/g, ch => LIGATURES[ch] ?? ch);
}

/** Lower case without accents: "Élément Œdème" → "element oedeme". */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  if (ASCII_ONLY.test(lower)) {
    return lower;
  }
  // French text only needs the Latin tables; anything else goes through Unicode normalisation.
  let out = '';
  let start = 0;
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    // ASCII, Latin-1 symbols (°, «, »…) and general punctuation (’, –…) are not letters: kept.
    if (code < 0xc0 || (code >= 0x2000 && code <= 0x206f)) {
      continue;
    }
    const mapped = code >= 0xc0 && code <= 0x17f ? LATIN_FOLD[code] : undefined;
    if (mapped === undefined) {
      return foldSlow(lower);
    }
    out += lower.slice(start, i) + mapped;
    start = i + 1;
  }
  return out + lower.slice(start);
}

/** Upper case without accents, for names and codes: "ben_nir_psa" → "BEN_NIR_PSA". */
export function foldName(text: string): string {
  return fold(text.trim()).toUpperCase();
}

export const FRENCH_STOPWORDS: ReadonlySet<string> = new Set([
  'a',
  'au',
  'aux',
  'avec',
  'ce',
  'ces',
  'd',
  'dans',
  'de',
  'des',
  'du',
  'en',
  'est',
  'et',
  'l',
  'la',
  'le',
  'les',
  'leur',
  'leurs',
  'n',
  'ne',
  'ou',
  'par',
  'pas',
  'pour',
  'qu',
  'que',
  'qui',
  'sa',
  'se',
  'ses',
  'son',
  'sur',
  'un',
  'une',
  'y',
  'the',
  'of'
]);

/**
 * A light French stemmer, enough to match singular and plural, masculine and feminine:
 * "hospitalières" → "hospitali", "médicaux" → "medical", "dates" → "dat".
 */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('aux')) {
    return `${w.slice(0, -3)}al`;
  }
  if (
    w.length > 3 &&
    (w.endsWith('s') || w.endsWith('x')) &&
    !w.endsWith('ss')
  ) {
    w = w.slice(0, -1);
  }
  if (w.length > 3 && w.endsWith('e')) {
    w = w.slice(0, -1);
  }
  if (w.length > 4 && w.endsWith('er')) {
    w = w.slice(0, -2);
  } else if (w.length > 4 && w.endsWith('ell')) {
    w = w.slice(0, -1);
  }
  return w;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/**
 * Words of a text, folded, without stop words. A letter-hyphen-digit sequence stays one word
 * ("CIM-10" → "cim10") since codes are written both ways.
 */
export function words(text: string): string[] {
  const folded = fold(text);
  const out: string[] = [];
  const n = folded.length;
  let i = 0;
  // A hand loop: this runs over every label of every nomenclature.
  while (i < n) {
    while (i < n && !isWordChar(folded.charCodeAt(i))) {
      i++;
    }
    if (i >= n) {
      break;
    }
    let word = '';
    let start = i;
    for (;;) {
      while (i < n && isWordChar(folded.charCodeAt(i))) {
        i++;
      }
      const prev = folded.charCodeAt(i - 1);
      const next = folded.charCodeAt(i + 1);
      if (
        folded.charCodeAt(i) === 45 &&
        prev >= 97 &&
        prev <= 122 &&
        next >= 48 &&
        next <= 57
      ) {
        word += folded.slice(start, i);
        i++;
        start = i;
        continue;
      }
      break;
    }
    word += folded.slice(start, i);
    if (!FRENCH_STOPWORDS.has(word)) {
      out.push(word);
    }
  }
  return out;
}

/** Stemmed words of a text: the terms a search index stores. */
export function terms(text: string): string[] {
  return words(text).map(stem);
}
