/** DOM building for the views. Text always goes in as text nodes: data is never HTML. */
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) {
      continue;
    }
    if (name === 'class') {
      element.className = String(value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.append(
      typeof child === 'string' ? document.createTextNode(child) : child
    );
  }
}

const foldedChars = new Map<string, string>();

/** Case- and accent-insensitive form of one character, so positions stay aligned. */
function foldChar(c: string): string {
  let folded = foldedChars.get(c);
  if (folded === undefined) {
    folded = c
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .charAt(0);
    foldedChars.set(c, folded);
  }
  return folded;
}

/** The folded text, one character for one: ASCII only needs lower case. */
function foldText(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) {
    return text.toLowerCase();
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    out += foldChar(text[i]);
  }
  return out;
}

function foldedWords(query: string): string[] {
  return query
    .split(/[\s,;:()'"/]+/)
    .map(foldText)
    .filter(w => w.length > 0);
}

/** How a query word matches: anywhere, or only at the start of a word ("_" parts a name). */
export type MatchAt = 'anywhere' | 'wordStart';

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The positions of `word` in the folded text, as `at` wants them. */
function* positions(folded: string, word: string, at: MatchAt) {
  for (let i = folded.indexOf(word); i >= 0; i = folded.indexOf(word, i + 1)) {
    if (at === 'anywhere' || i === 0 || !WORD_CHAR.test(folded[i - 1])) {
      yield i;
    }
  }
}

/** Whether the text holds every word of the query, matched as {@link matchRanges} marks them. */
export function hasEveryWord(
  text: string,
  query: string,
  at: MatchAt = 'anywhere'
): boolean {
  const folded = foldText(text);
  return foldedWords(query).every(
    word => !positions(folded, word, at).next().done
  );
}

/** Where the query's words are in the text, without case or accents: `[start, end)` pairs. */
export function matchRanges(
  text: string,
  query: string,
  at: MatchAt = 'anywhere'
): number[] {
  const words = foldedWords(query);
  const ranges: number[] = [];
  if (words.length === 0 || !text) {
    return ranges;
  }
  const folded = foldText(text);
  const covered = new Uint8Array(text.length + 1);
  for (const word of words) {
    for (const i of positions(folded, word, at)) {
      covered.fill(1, i, i + word.length);
    }
  }
  for (let i = 0; i < text.length; i++) {
    if (covered[i] && (i === 0 || !covered[i - 1])) {
      ranges.push(i);
    }
    if (covered[i] && !covered[i + 1]) {
      ranges.push(i + 1);
    }
  }
  return ranges;
}

/** The text cut at the ranges' ends: plain and marked pieces in turn. */
function pieces(
  text: string,
  ranges: readonly number[]
): { text: string; mark: boolean }[] {
  const out: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    if (ranges[i] > at) {
      out.push({ text: text.slice(at, ranges[i]), mark: false });
    }
    out.push({ text: text.slice(ranges[i], ranges[i + 1]), mark: true });
    at = ranges[i + 1];
  }
  if (at < text.length || !text) {
    out.push({ text: text.slice(at), mark: false });
  }
  return out;
}

function marked(text: string, ranges: readonly number[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const piece of pieces(text, ranges)) {
    fragment.append(
      piece.mark
        ? h('mark', { class: 'jp-SndsDictionary-mark' }, piece.text)
        : piece.text
    );
  }
  return fragment;
}

/** The text with the query's words marked (`<mark>`), as {@link matchRanges} finds them. */
export function highlight(text: string, query: string): DocumentFragment {
  return marked(text, matchRanges(text, query));
}

const highlighted = new WeakMap<Element, string>();

/**
 * Shows the highlighted text in `element`. Keystroke after keystroke the marks mostly stay in
 * place: the text nodes are then updated rather than replaced, which saves a style pass.
 */
export function setHighlighted(
  element: Element,
  text: string,
  query: string,
  at: MatchAt = 'anywhere'
): void {
  const ranges = matchRanges(text, query, at);
  const key = `${ranges.join(',')}|${text}`;
  if (highlighted.get(element) === key) {
    return;
  }
  highlighted.set(element, key);
  const parts = pieces(text, ranges);
  const nodes = element.childNodes;
  const same =
    nodes.length === parts.length &&
    parts.every(
      (piece, i) =>
        (nodes[i].nodeType === Node.TEXT_NODE) === !piece.mark &&
        (!piece.mark || nodes[i].firstChild?.nodeType === Node.TEXT_NODE)
    );
  if (!same) {
    element.replaceChildren(marked(text, ranges));
    return;
  }
  parts.forEach((piece, i) => {
    const node = (piece.mark ? nodes[i].firstChild : nodes[i]) as Text;
    if (node.data !== piece.text) {
      node.data = piece.text;
    }
  });
}
