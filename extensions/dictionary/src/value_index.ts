import { lowerBound, type INomenclatureValues } from '@snds-lab/schema';

/** What the value index needs of the schema library's French text functions. */
export interface ITextFunctions {
  foldName(text: string): string;
  words(text: string): string[];
  stem(word: string): string;
}

/** A nomenclature value found by {@link ValueSearchIndex.search}. */
export interface IValueHit {
  nomenclature: string;
  code: string;
  label: string;
  match: 'exact' | 'prefix' | 'words';
}

const MAGIC = 0x31495653; // "SVI1", little-endian
/** The last query word stands for the words it starts, up to this many. */
const MAX_PREFIX_TERMS = 64;

type Sections = {
  nomenclature: Uint16Array;
  codeOffsets: Uint32Array;
  codeBytes: Uint8Array;
  labelOffsets: Uint32Array;
  labelBytes: Uint8Array;
  codeOrder: Uint32Array;
  postingStarts: Uint32Array;
  postings: Uint32Array;
};

const SECTION_TYPES = {
  nomenclature: Uint16Array,
  codeOffsets: Uint32Array,
  codeBytes: Uint8Array,
  labelOffsets: Uint32Array,
  labelBytes: Uint8Array,
  codeOrder: Uint32Array,
  postingStarts: Uint32Array,
  postings: Uint32Array
} as const;

interface IHeader {
  nomenclatures: string[];
  /** Label word stems, sorted, joined with line breaks. */
  terms: string;
  count: number;
  sections: Record<keyof Sections, [offset: number, length: number]>;
}

function packStrings(list: readonly string[]): {
  offsets: Uint32Array;
  bytes: Uint8Array;
} {
  const encoder = new TextEncoder();
  const parts = list.map(s => encoder.encode(s));
  const offsets = new Uint32Array(list.length + 1);
  for (let i = 0; i < parts.length; i++) {
    offsets[i + 1] = offsets[i] + parts[i].length;
  }
  const bytes = new Uint8Array(offsets[list.length]);
  parts.forEach((part, i) => bytes.set(part, offsets[i]));
  return { offsets, bytes };
}

/**
 * Encodes every value (code and labels) of these nomenclatures into one binary file: typed
 * arrays the browser uses in place, with no parsing. Value ids run in rank order (shorter
 * labels first), so the first ids of a posting list are its best hits.
 */
export function encodeValueIndex(
  nomenclatures: readonly INomenclatureValues[],
  text: ITextFunctions
): Uint8Array {
  const values: { nomenclature: number; code: string; label: string }[] = [];
  nomenclatures.forEach((n, id) => {
    const seen = new Set<string>();
    for (const row of n.rows) {
      // One space between words: some labels have runs of spaces.
      const code = (row[n.code] ?? '').trim();
      const label = n.labels
        .map(i => row[i]?.replace(/\s+/g, ' ').trim())
        .filter(Boolean)
        .join(' — ');
      const key = `${code}\n${label}`;
      if ((code || label) && !seen.has(key)) {
        seen.add(key);
        values.push({ nomenclature: id, code, label });
      }
    }
  });
  values.sort(
    (a, b) =>
      a.label.length - b.label.length ||
      compare(a.code, b.code) ||
      a.nomenclature - b.nomenclature
  );
  const keys = values.map(v => text.foldName(v.code));
  const codeOrder = Uint32Array.from(values.keys()).sort(
    (a, b) => compare(keys[a], keys[b]) || a - b
  );
  const postingLists = new Map<string, number[]>();
  values.forEach((value, id) => {
    for (const term of new Set(text.words(value.label).map(text.stem))) {
      let list = postingLists.get(term);
      if (!list) {
        postingLists.set(term, (list = []));
      }
      list.push(id);
    }
  });
  const terms = [...postingLists.keys()].sort(compare);
  const postingStarts = new Uint32Array(terms.length + 1);
  terms.forEach((term, i) => {
    postingStarts[i + 1] =
      postingStarts[i] + (postingLists.get(term) as number[]).length;
  });
  const postings = new Uint32Array(postingStarts[terms.length]);
  terms.forEach((term, i) =>
    postings.set(postingLists.get(term) as number[], postingStarts[i])
  );
  const codes = packStrings(values.map(v => v.code));
  const labels = packStrings(values.map(v => v.label));
  const sections: Sections = {
    nomenclature: Uint16Array.from(values, v => v.nomenclature),
    codeOffsets: codes.offsets,
    codeBytes: codes.bytes,
    labelOffsets: labels.offsets,
    labelBytes: labels.bytes,
    codeOrder,
    postingStarts,
    postings
  };

  // Layout: magic, header length, header JSON, then each section on a 4-byte boundary.
  const placed = {} as IHeader['sections'];
  let offset = 0;
  for (const name of Object.keys(SECTION_TYPES) as (keyof Sections)[]) {
    placed[name] = [offset, sections[name].length];
    offset += align(sections[name].byteLength);
  }
  const header: IHeader = {
    nomenclatures: nomenclatures.map(n => n.name),
    terms: terms.join('\n'),
    count: values.length,
    sections: placed
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const start = 8 + align(headerBytes.length);
  const out = new Uint8Array(start + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  for (const name of Object.keys(SECTION_TYPES) as (keyof Sections)[]) {
    const array = sections[name];
    out.set(
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength),
      start + placed[name][0]
    );
  }
  return out;
}

/** Search over every nomenclature value: codes by exact or prefix match, labels by words. */
export class ValueSearchIndex {
  /** Reads an index made by {@link encodeValueIndex}; throws on any other bytes. */
  static decode(bytes: Uint8Array, text: ITextFunctions): ValueSearchIndex {
    const copy =
      bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes.slice());
    const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
    if (copy.byteLength < 8 || view.getUint32(0, true) !== MAGIC) {
      throw new Error(
        'The nomenclature value index is not in the expected format: rebuild it with scripts/build.sh'
      );
    }
    const headerLength = view.getUint32(4, true);
    const header = JSON.parse(
      new TextDecoder().decode(copy.subarray(8, 8 + headerLength))
    ) as IHeader;
    const start = copy.byteOffset + 8 + align(headerLength);
    const sections = {} as Record<string, ArrayLike<number>>;
    for (const [name, type] of Object.entries(SECTION_TYPES)) {
      const [offset, length] = header.sections[name as keyof Sections];
      sections[name] = new type(
        copy.buffer as ArrayBuffer,
        start + offset,
        length
      );
    }
    return new ValueSearchIndex(header, sections as Sections, text);
  }

  private constructor(
    header: IHeader,
    private readonly s: Sections,
    private readonly text: ITextFunctions
  ) {
    this.nomenclatures = header.nomenclatures;
    this.terms = header.terms ? header.terms.split('\n') : [];
    this.size = header.count;
    this.marks = new Uint8Array(header.count);
  }

  /** How many values the index holds. */
  readonly size: number;

  /** At most `limit` values: exact codes, then codes it starts, then labels with every word. */
  search(query: string, limit = 20): IValueHit[] {
    const trimmed = query.trim();
    if (!trimmed || limit <= 0) {
      return [];
    }
    const hits: IValueHit[] = [];
    const seen = new Set<number>();
    const add = (id: number, match: IValueHit['match']): void => {
      if (!seen.has(id)) {
        seen.add(id);
        hits.push(this.hit(id, match));
      }
    };
    const singleToken = !/\s/.test(trimmed);
    if (singleToken) {
      const key = this.text.foldName(trimmed);
      // Code prefixes only for queries that look like codes: "E1", "AHQ", not "pharmacie".
      const codeLike = /\d/.test(trimmed) || trimmed === trimmed.toUpperCase();
      const order = this.s.codeOrder;
      for (
        let i = this.lowerBoundCode(key);
        i < order.length && hits.length < limit;
        i++
      ) {
        const code = this.text.foldName(this.code(order[i]));
        if (code === key) {
          add(order[i], 'exact');
        } else if (codeLike && key.length >= 2 && code.startsWith(key)) {
          add(order[i], 'prefix');
        } else {
          break;
        }
      }
    }
    // Labels are French words: a table or column name (with "_") is not looked for in them.
    if (hits.length < limit && !(singleToken && trimmed.includes('_'))) {
      for (const id of this.wordHits(trimmed, limit - hits.length + 1)) {
        if (hits.length >= limit) {
          break;
        }
        add(id, 'words');
      }
    }
    return hits;
  }

  /** Value ids whose label has every query word (the last one may be a word start), best first. */
  private wordHits(query: string, limit: number): number[] {
    const queryWords = this.text.words(query);
    if (queryWords.length === 0) {
      return [];
    }
    const lists: number[][] = [];
    queryWords.forEach((word, i) => {
      const stemmed = this.text.stem(word);
      const terms: number[] = [];
      let exact = lowerBound(this.terms, stemmed);
      if (this.terms[exact] === stemmed) {
        terms.push(exact);
      } else {
        exact = -1;
      }
      if (i === queryWords.length - 1 && word.length >= 2) {
        for (
          let t = lowerBound(this.terms, word);
          t < this.terms.length &&
          this.terms[t].startsWith(word) &&
          terms.length < MAX_PREFIX_TERMS;
          t++
        ) {
          if (t !== exact) {
            terms.push(t);
          }
        }
      }
      lists.push(terms);
    });
    if (lists.some(terms => terms.length === 0)) {
      return [];
    }
    const { postingStarts, postings } = this.s;
    const length = (terms: number[]) =>
      terms.reduce((n, t) => n + postingStarts[t + 1] - postingStarts[t], 0);
    lists.sort((a, b) => length(a) - length(b));
    // marks[id] counts the words an id has, in order; touched ids are reset at the end.
    const marks = this.marks;
    let candidates: number[] = [];
    lists.forEach((terms, round) => {
      const next: number[] = [];
      for (const t of terms) {
        for (let p = postingStarts[t]; p < postingStarts[t + 1]; p++) {
          const id = postings[p];
          if (marks[id] === round) {
            marks[id] = round + 1;
            next.push(id);
          }
        }
      }
      for (const id of candidates) {
        if (marks[id] === round) {
          marks[id] = 0;
        }
      }
      candidates = next;
    });
    for (const id of candidates) {
      marks[id] = 0;
    }
    // Ids are in rank order: the smallest are the best.
    return candidates.sort((a, b) => a - b).slice(0, limit);
  }

  private hit(id: number, match: IValueHit['match']): IValueHit {
    return {
      nomenclature: this.nomenclatures[this.s.nomenclature[id]],
      code: this.code(id),
      label: this.string(this.s.labelOffsets, this.s.labelBytes, id),
      match
    };
  }

  private code(id: number): string {
    return this.string(this.s.codeOffsets, this.s.codeBytes, id);
  }

  private string(offsets: Uint32Array, bytes: Uint8Array, id: number): string {
    return this.decoder.decode(bytes.subarray(offsets[id], offsets[id + 1]));
  }

  private lowerBoundCode(key: string): number {
    const order = this.s.codeOrder;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.text.foldName(this.code(order[mid])) < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private readonly nomenclatures: string[];
  private readonly terms: string[];
  private readonly marks: Uint8Array;
  private readonly decoder = new TextDecoder();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function align(n: number): number {
  return (n + 3) & ~3;
}
