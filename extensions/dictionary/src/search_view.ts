import type { ISearchResult, SearchKind } from '@snds-lab/schema';
import { h, hasEveryWord, setHighlighted } from './elements';
import type { IViewContext } from './view_context';

/** Enough rows to fill the panel. */
const LIMIT = 24;
/** Values come in a group of their own, from the index of every nomenclature value. */
const VALUE_LIMIT = 8;
/**
 * A row shows one line: labels are cut to what the panel's width can show before they reach the
 * page (the tooltip has them whole), since laying out and painting the hidden rest of long labels
 * cost more than the rest of a keystroke. Pixels per character, below any font's average.
 */
const PIXELS_PER_CHAR = 5;
const LABEL_CHARS = { min: 40, max: 140 };
/**
 * Words are marked where search matches them, at word starts: a letter marked everywhere it
 * occurs ("e") meant dozens of marks a row, the costliest keystrokes to render.
 */
const MATCH_AT = 'wordStart';
/** The groups, in the order shown (values may move first). */
const KINDS: readonly SearchKind[] = [
  'product',
  'table',
  'nomenclature',
  'column',
  'value'
];

let resultsId = 0;

/** One option row, kept from keystroke to keystroke and refilled. */
interface IRow {
  readonly element: HTMLElement;
  readonly name: HTMLElement;
  readonly label: HTMLElement;
  readonly where: HTMLElement;
  result: ISearchResult | null;
}

interface IGroup {
  /** "Tables", "Columns"…, translated once. */
  readonly label: string;
  readonly element: HTMLElement;
  readonly title: HTMLElement;
  readonly rows: IRow[];
}

/**
 * Results of the search box, grouped by kind, as a listbox the search box drives: arrows move
 * the active option (`aria-activedescendant`), Enter opens it.
 *
 * A keystroke must render within a frame, so rows are reused: an update changes the text of
 * the rows that changed, and adds no elements but marks of highlighted words (and rows the
 * first time a group needs more).
 */
export class SearchResults {
  readonly node: HTMLElement;
  readonly id: string;

  constructor(private readonly context: IViewContext) {
    this.id = `jp-SndsDictionary-results-${++resultsId}`;
    this.node = h('div', {
      class: 'jp-SndsDictionary-results',
      id: this.id,
      role: 'listbox',
      'aria-label': context.trans.__('Search results')
    });
    for (const kind of KINDS) {
      const title = h('div', {
        id: `${this.id}-${kind}`,
        class: 'jp-SndsDictionary-groupTitle',
        role: 'presentation'
      });
      const element = h(
        'div',
        {
          role: 'group',
          'aria-labelledby': title.id,
          class: 'jp-SndsDictionary-resultGroup',
          hidden: true
        },
        title
      );
      const label = kindLabel(context.trans.__.bind(context.trans), kind);
      this.groups.set(kind, { label, element, title, rows: [] });
      this.node.append(element);
    }
    this.empty = h('p', {
      class: 'jp-SndsDictionary-muted',
      role: 'status',
      hidden: true
    });
    this.note = h('p', {
      class: 'jp-SndsDictionary-muted',
      role: 'note',
      hidden: true
    });
    this.node.append(this.empty, this.note);
    new ResizeObserver(([entry]) => {
      const chars = Math.min(
        LABEL_CHARS.max,
        Math.max(
          LABEL_CHARS.min,
          Math.ceil(entry.contentRect.width / PIXELS_PER_CHAR)
        )
      );
      if (chars !== this.labelChars) {
        this.labelChars = chars;
        // The cut depends on the width: refill the rows shown.
        for (const row of this.options) {
          this.setRow(row, row.result as ISearchResult, this.query);
        }
      }
    }).observe(this.node);
    this.node.addEventListener('click', event => {
      const result = this.rowOf(event.target)?.result;
      if (result) {
        this.open(result);
      }
    });
    // Tables and columns drag their name into an editor (CodeMirror takes text/plain drops).
    this.node.addEventListener('dragstart', event => {
      const result = this.rowOf(event.target)?.result;
      if (result && event.dataTransfer) {
        event.dataTransfer.setData('text/plain', result.name);
        event.dataTransfer.effectAllowed = 'copy';
      }
    });
  }

  /** Runs the query and shows the results; returns how many. */
  update(query: string): number {
    this.query = query;
    const { model, trans } = this.context;
    const results = model.search.search(query, {
      limit: LIMIT,
      valueLabels: model.search.values.size > 0
    });
    const values = model.valueIndex?.search(query, VALUE_LIMIT) ?? [];
    // Values hold every query word: they go first when no table or column does.
    const valuesFirst =
      values.length > 0 &&
      !results.some(r => hasEveryWord(`${r.name} ${r.label}`, query, MATCH_AT));
    for (const hit of values) {
      results.push({
        kind: 'value',
        name: hit.code,
        label: hit.label,
        nomenclature: hit.nomenclature,
        match: hit.match,
        score: 0
      });
    }
    this.options[this.active]?.element.setAttribute('aria-selected', 'false');
    this.options = [];
    this.active = -1;
    const byKind = model.lib.groupByKind(results);
    const valueGroup = this.groups.get('value') as IGroup;
    if (valuesFirst !== (this.node.firstChild === valueGroup.element)) {
      this.node.insertBefore(
        valueGroup.element,
        valuesFirst ? this.node.firstChild : this.empty
      );
    }
    const order = valuesFirst
      ? ['value' as const, ...KINDS.filter(k => k !== 'value')]
      : KINDS;
    for (const kind of order) {
      this.fill(kind, byKind.get(kind) ?? [], query);
    }
    show(this.empty, results.length === 0);
    setText(
      this.empty,
      results.length === 0
        ? trans.__('No table, column or value matches “%1”.', query.trim())
        : ''
    );
    const error = model.valueIndexError;
    show(this.note, error !== null);
    setText(
      this.note,
      error
        ? trans.__(
            'Only the values of opened nomenclatures are searched: %1',
            error
          )
        : ''
    );
    return results.length;
  }

  /** Moves the active option by `delta`; returns its id for `aria-activedescendant`. */
  move(delta: number): string | undefined {
    if (this.options.length === 0) {
      return undefined;
    }
    const next =
      this.active < 0
        ? delta > 0
          ? 0
          : this.options.length - 1
        : Math.min(this.options.length - 1, Math.max(0, this.active + delta));
    this.setActive(next);
    return this.options[next].element.id;
  }

  /** Opens the active option, or the first one. */
  openActive(): boolean {
    const result = this.options[Math.max(this.active, 0)]?.result;
    if (!result) {
      return false;
    }
    this.open(result);
    return true;
  }

  private setActive(index: number): void {
    this.options[this.active]?.element.setAttribute('aria-selected', 'false');
    this.active = index;
    const { element } = this.options[index];
    element.setAttribute('aria-selected', 'true');
    element.scrollIntoView({ block: 'nearest' });
  }

  /** Shows the results of one kind in its group, hiding the rows and group it does not need. */
  private fill(
    kind: SearchKind,
    items: readonly ISearchResult[],
    query: string
  ): void {
    const group = this.groups.get(kind) as IGroup;
    show(group.element, items.length > 0);
    if (items.length === 0) {
      return;
    }
    setText(group.title, `${group.label} (${items.length})`);
    items.forEach((result, i) => {
      const row = group.rows[i] ?? this.addRow(group, kind);
      show(row.element, true);
      this.setRow(row, result, query);
      this.options.push(row);
    });
    for (let i = items.length; i < group.rows.length; i++) {
      show(group.rows[i].element, false);
      group.rows[i].result = null;
    }
  }

  private addRow(group: IGroup, kind: SearchKind): IRow {
    const row: IRow = {
      element: h('div', {
        role: 'option',
        id: `${this.id}-${kind}-${group.rows.length}`,
        'aria-selected': 'false',
        class: `jp-SndsDictionary-result jp-mod-${kind}`,
        draggable: kind === 'table' || kind === 'column' ? 'true' : undefined
      }),
      name: h('span', { class: 'jp-SndsDictionary-name' }),
      label: h('span', { class: 'jp-SndsDictionary-muted' }),
      where: h('span', { class: 'jp-SndsDictionary-where' }),
      result: null
    };
    row.element.append(row.name, ' ', row.label, row.where);
    group.rows.push(row);
    group.element.append(row.element);
    this.rows.set(row.element, row);
    return row;
  }

  private setRow(row: IRow, result: ISearchResult, query: string): void {
    row.result = result;
    setHighlighted(row.name, result.name, query, MATCH_AT);
    const max = this.labelChars;
    const long = result.label.length > max;
    setHighlighted(
      row.label,
      long ? `${result.label.slice(0, max - 1)}…` : result.label,
      query,
      MATCH_AT
    );
    if (long) {
      row.label.title = result.label;
    } else if (row.label.title) {
      row.label.removeAttribute('title');
    }
    const where =
      result.kind === 'column'
        ? result.table
        : result.kind === 'value'
          ? result.nomenclature
          : result.kind === 'table'
            ? result.product
            : '';
    show(row.where, !!where);
    setText(row.where, where ?? '');
  }

  private rowOf(target: EventTarget | null): IRow | undefined {
    const option = (target as Element | null)?.closest?.('[role="option"]');
    return option ? this.rows.get(option) : undefined;
  }

  private open(result: ISearchResult): void {
    const { context } = this;
    switch (result.kind) {
      case 'table':
        context.show({ kind: 'table', table: result.name });
        break;
      case 'column':
        context.show({
          kind: 'column',
          table: result.table ?? '',
          column: result.name
        });
        break;
      case 'product':
        context.show({ kind: 'browse' });
        break;
      case 'nomenclature':
      case 'value': {
        const name =
          result.kind === 'value' ? result.nomenclature : result.name;
        const link = context.model.dictionary.data.nomenclatureLinks.find(
          l => l.nomenclature === name
        );
        if (link) {
          context.show({
            kind: 'column',
            table: link.table,
            column: link.column
          });
        }
        break;
      }
    }
  }

  private readonly groups = new Map<SearchKind, IGroup>();
  private readonly rows = new Map<Element, IRow>();
  private readonly empty: HTMLElement;
  private readonly note: HTMLElement;
  private options: IRow[] = [];
  private active = -1;
  private query = '';
  private labelChars = LABEL_CHARS.max;
}

/** Shows or hides an element, touching it only on a change. */
function show(element: HTMLElement, visible: boolean): void {
  if (element.hidden === visible) {
    element.hidden = !visible;
  }
}

/** Sets an element's text, touching it only on a change. */
function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) {
    element.textContent = text;
  }
}

function kindLabel(__: (text: string) => string, kind: SearchKind): string {
  switch (kind) {
    case 'product':
      return __('Products');
    case 'table':
      return __('Tables');
    case 'nomenclature':
      return __('Nomenclatures');
    case 'column':
      return __('Columns');
    case 'value':
      return __('Nomenclature values');
  }
}
