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

/** Whether the text holds every word of the query, matched as {@link highlight} marks them. */
export function hasEveryWord(text: string, query: string): boolean {
  const folded = foldText(text);
  return foldedWords(query).every(word => folded.includes(word));
}

/**
 * The text with the query's words marked (`<mark>`), matching without case or accents, at the
 * start of a word or anywhere for names and codes.
 */
export function highlight(text: string, query: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const words = foldedWords(query);
  if (words.length === 0 || !text) {
    fragment.append(text);
    return fragment;
  }
  const folded = foldText(text);
  const marked = new Uint8Array(text.length);
  for (const word of words) {
    let at = folded.indexOf(word);
    while (at >= 0) {
      marked.fill(1, at, at + word.length);
      at = folded.indexOf(word, at + word.length);
    }
  }
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || marked[i] !== marked[start]) {
      const piece = text.slice(start, i);
      fragment.append(
        marked[start]
          ? h('mark', { class: 'jp-SndsDictionary-mark' }, piece)
          : piece
      );
      start = i;
    }
  }
  return fragment;
}
