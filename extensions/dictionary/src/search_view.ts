import type { ISearchResult, SearchKind } from '@snds-lab/schema';
import { h, hasEveryWord, highlight } from './elements';
import { dragName, type IViewContext } from './view_context';

/** Few enough rows to build and lay out within a frame, enough to fill the panel. */
const LIMIT = 24;
/** Values come in a group of their own, from the index of every nomenclature value. */
const VALUE_LIMIT = 8;
/** A row shows one line: longer labels are cut before highlighting (the tooltip has them). */
const LABEL_CHARS = 140;

let resultsId = 0;

/**
 * Results of the search box, grouped by kind, as a listbox the search box drives: arrows move
 * the active option (`aria-activedescendant`), Enter opens it.
 */
export class SearchResults {
  readonly node: HTMLElement;

  constructor(private readonly context: IViewContext) {
    this.id = `jp-SndsDictionary-results-${++resultsId}`;
    this.node = h('div', {
      class: 'jp-SndsDictionary-results',
      id: this.id,
      role: 'listbox',
      'aria-label': context.trans.__('Search results')
    });
  }

  readonly id: string;

  /** Runs the query and renders the results; returns how many. */
  update(query: string): number {
    const { model, trans } = this.context;
    const results = model.search.search(query, {
      limit: LIMIT,
      valueLabels: model.search.values.size > 0
    });
    const values = model.valueIndex?.search(query, VALUE_LIMIT) ?? [];
    // Values hold every query word: they go first when no table or column does.
    const valuesFirst =
      values.length > 0 &&
      !results.some(r => hasEveryWord(`${r.name} ${r.label}`, query));
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
    this.options = [];
    this.active = -1;
    const groups = [...model.lib.groupByKind(results)];
    if (valuesFirst) {
      groups.sort(([a], [b]) => Number(b === 'value') - Number(a === 'value'));
    }
    const children: HTMLElement[] = [];
    for (const [kind, items] of groups) {
      if (items.length === 0) {
        continue;
      }
      const groupId = `${this.id}-${kind}`;
      const group = h('div', {
        role: 'group',
        'aria-labelledby': groupId,
        class: 'jp-SndsDictionary-resultGroup'
      });
      group.append(
        h(
          'div',
          {
            id: groupId,
            class: 'jp-SndsDictionary-groupTitle',
            role: 'presentation'
          },
          `${kindLabel(trans.__.bind(trans), kind)} (${items.length})`
        )
      );
      for (const result of items) {
        group.append(this.option(result, query));
      }
      children.push(group);
    }
    if (children.length === 0) {
      children.push(
        h(
          'p',
          { class: 'jp-SndsDictionary-muted', role: 'status' },
          trans.__('No table, column or value matches “%1”.', query.trim())
        )
      );
    }
    if (model.valueIndexError) {
      children.push(
        h(
          'p',
          { class: 'jp-SndsDictionary-muted', role: 'note' },
          trans.__(
            'Only the values of opened nomenclatures are searched: %1',
            model.valueIndexError
          )
        )
      );
    }
    this.node.replaceChildren(...children);
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
    const option = this.options[Math.max(this.active, 0)];
    if (!option) {
      return false;
    }
    option.open();
    return true;
  }

  private setActive(index: number): void {
    this.options[this.active]?.element.setAttribute('aria-selected', 'false');
    this.active = index;
    const { element } = this.options[index];
    element.setAttribute('aria-selected', 'true');
    element.scrollIntoView({ block: 'nearest' });
  }

  private option(result: ISearchResult, query: string): HTMLElement {
    const { context } = this;
    const index = this.options.length;
    const element = h('div', {
      role: 'option',
      id: `${this.id}-o${index}`,
      'aria-selected': 'false',
      class: `jp-SndsDictionary-result jp-mod-${result.kind}`
    });
    const where =
      result.kind === 'column'
        ? result.table
        : result.kind === 'value'
          ? result.nomenclature
          : result.kind === 'table'
            ? result.product
            : '';
    element.append(
      h(
        'span',
        { class: 'jp-SndsDictionary-name' },
        highlight(result.name, query)
      ),
      ' ',
      h(
        'span',
        {
          class: 'jp-SndsDictionary-muted',
          title: result.label.length > LABEL_CHARS ? result.label : undefined
        },
        highlight(
          result.label.length > LABEL_CHARS
            ? `${result.label.slice(0, LABEL_CHARS - 1)}…`
            : result.label,
          query
        )
      ),
      where ? h('span', { class: 'jp-SndsDictionary-where' }, where) : ''
    );
    const open = () => {
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
    };
    if (result.kind === 'table' || result.kind === 'column') {
      dragName(element, result.name);
    }
    element.addEventListener('click', open);
    this.options.push({ element, open });
    return element;
  }

  private options: { element: HTMLElement; open: () => void }[] = [];
  private active = -1;
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
