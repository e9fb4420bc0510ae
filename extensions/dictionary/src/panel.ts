import type { TranslationBundle } from '@jupyterlab/translation';
import {
  SidePanel,
  ToolbarButton,
  caretLeftIcon,
  listIcon
} from '@jupyterlab/ui-components';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import { renderColumn } from './column_view';
import { h } from './elements';
import { joinGraphIcon, sndsIcon } from './icon';
import type { DictionaryModel } from './model';
import { SearchResults } from './search_view';
import { renderTable } from './table_view';
import { SndsDictionary, type ISndsDictionary } from './tokens';
import { renderTree } from './tree_view';
import type { IViewContext } from './view_context';

/** Data credit required by the Licence Ouverte 2.0 of the SNDS schema. */
export const SCHEMA_CREDIT =
  'Schéma et SNDS synthétique, Health Data Hub / DREES lab santé, ' +
  'gitlab.com/healthdatahub/synthetic-snds, mise à jour du 2021-04-19 ' +
  '(Licence Ouverte 2.0).';

/**
 * The results while nothing is searched: out of sight but styled and laid out (not
 * `display: none`), so that the first keystroke does not style them all again.
 */
const IDLE = 'jp-mod-idle';

export interface IPanelActions {
  insertSelect(table: string): void;
  insertJoin(from: string, to: string): void;
  showGraph(options?: { from?: string; to?: string }): void;
}

/** The left-sidebar panel titled SNDS: search, browse, tables and columns. */
export class DictionaryPanel extends SidePanel implements ISndsDictionary {
  constructor(
    private readonly model: DictionaryModel,
    private readonly trans: TranslationBundle,
    private readonly actions: IPanelActions
  ) {
    super({ translator: undefined });
    this.id = 'snds-dictionary';
    this.addClass('jp-SndsDictionary');
    this.title.icon = sndsIcon;
    this.title.caption = trans.__('SNDS dictionary');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', trans.__('SNDS dictionary'));

    this.toolbar.addItem(
      'back',
      new ToolbarButton({
        icon: caretLeftIcon,
        tooltip: trans.__('Back'),
        label: '',
        onClick: () => this.back()
      })
    );
    this.toolbar.addItem(
      'browse',
      new ToolbarButton({
        icon: listIcon,
        tooltip: trans.__('Browse products and tables'),
        onClick: () => this.showView({ kind: 'browse' })
      })
    );
    this.toolbar.addItem(
      'graph',
      new ToolbarButton({
        icon: joinGraphIcon,
        label: trans.__('Join graph'),
        tooltip: trans.__('Open the join graph'),
        onClick: () => this.actions.showGraph()
      })
    );

    const searchBox = new Widget();
    searchBox.addClass('jp-SndsDictionary-searchBox');
    this.input = h('input', {
      type: 'search',
      class: 'jp-mod-styled',
      placeholder: trans.__('Search tables, variables, codes…'),
      'aria-label': trans.__('Search the SNDS dictionary'),
      autocomplete: 'off',
      spellcheck: 'false'
    });
    searchBox.node.append(h('h2', {}, trans.__('SNDS dictionary')), this.input);
    this.header.addWidget(searchBox);

    this.body = new Widget();
    this.body.addClass('jp-SndsDictionary-body');
    this.body.title.label = 'SNDS';
    this.addWidget(this.body);

    this.context = {
      model,
      trans,
      show: view => this.showView(view),
      insertSelect: t => this.actions.insertSelect(t),
      insertJoin: (f, t) => this.actions.insertJoin(f, t),
      showGraph: o => this.actions.showGraph(o)
    };
    this.results = new SearchResults(this.context);
    // Both stay in the page: a keystroke only refills the results.
    this.results.node.classList.add(IDLE);
    this.viewNode = h('div', { class: 'jp-SndsDictionary-view' });
    this.body.node.append(this.results.node, this.viewNode);
    this.input.setAttribute('aria-controls', this.results.id);
    this.input.addEventListener('input', () => this.onInput());
    this.input.addEventListener('keydown', event => this.onSearchKey(event));
    this.input.addEventListener('focus', () => void this.model.load());
    model.valuesChanged.connect(() => {
      if (this.model.isLoaded && this.input.value.trim()) {
        this.renderSearch();
      }
    });
  }

  readonly changed = new Signal<this, void>(this);

  get ready(): Promise<void> {
    return this.model.load();
  }

  get view(): SndsDictionary.View {
    return this.current;
  }

  get query(): string {
    return this.input.value;
  }

  async openTable(name: string): Promise<void> {
    await this.model.load();
    const table = this.model.dictionary.table(name);
    this.clearSearch();
    this.showView({ kind: 'table', table: table.name });
  }

  async openColumn(table: string, column: string): Promise<void> {
    await this.model.load();
    const t = this.model.dictionary.table(table);
    const c = this.model.dictionary.column(t.name, column);
    this.clearSearch();
    this.showView({ kind: 'column', table: t.name, column: c.name });
  }

  async search(query: string): Promise<void> {
    this.input.value = query;
    await this.model.load();
    this.loadValueIndexWhenIdle();
    this.renderSearch();
    this.changed.emit();
  }

  /** Restores a saved state (view and search text) quietly: a stale name shows Browse. */
  async restore(state: {
    view?: SndsDictionary.View;
    query?: string;
  }): Promise<void> {
    await this.model.load();
    const view = state.view ?? { kind: 'browse' };
    try {
      if (view.kind === 'table') {
        this.model.dictionary.table(view.table);
      } else if (view.kind === 'column') {
        this.model.dictionary.column(view.table, view.column);
      }
      this.current = view;
    } catch {
      this.current = { kind: 'browse' };
    }
    this.input.value = state.query ?? '';
    this.render();
  }

  /** Shows a view, keeping the previous one for Back. */
  showView(view: SndsDictionary.View): void {
    if (JSON.stringify(view) !== JSON.stringify(this.current)) {
      this.history.push(this.current);
    }
    this.current = view;
    if (this.input.value) {
      this.clearSearch();
    }
    this.render();
    this.changed.emit();
  }

  focusSearch(): void {
    this.input.focus();
    this.input.select();
  }

  protected onAfterShow(): void {
    if (!this.model.isLoaded || !this.viewNode.hasChildNodes()) {
      this.render();
    }
  }

  private back(): void {
    const previous = this.history.pop();
    if (previous) {
      this.current = previous;
      this.clearSearch();
      this.render();
      this.changed.emit();
    }
  }

  private clearSearch(): void {
    this.input.value = '';
    this.input.removeAttribute('aria-activedescendant');
  }

  private onInput(): void {
    if (!this.model.isLoaded) {
      this.render();
      return;
    }
    this.render();
    this.changed.emit();
  }

  private onSearchKey(event: KeyboardEvent): void {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        const id = this.results.move(event.key === 'ArrowDown' ? 1 : -1);
        if (id) {
          this.input.setAttribute('aria-activedescendant', id);
        }
        break;
      }
      case 'Enter':
        if (this.input.value.trim()) {
          this.results.openActive();
        }
        break;
      case 'Escape':
        if (this.input.value) {
          this.clearSearch();
          this.render();
          this.changed.emit();
        } else {
          this.viewNode.querySelector<HTMLElement>('[tabindex="0"]')?.focus();
        }
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  private renderSearch(): void {
    this.input.removeAttribute('aria-activedescendant');
    this.results.update(this.input.value);
    this.showResults(true);
  }

  private showResults(on: boolean): void {
    if (this.results.node.classList.contains(IDLE) === on) {
      this.results.node.classList.toggle(IDLE, !on);
      this.viewNode.hidden = on;
    }
  }

  private render(): void {
    const node = this.viewNode;
    if (!this.model.isLoaded) {
      this.showResults(false);
      this.shownView = '';
      node.replaceChildren(
        h(
          'p',
          { role: 'status', class: 'jp-SndsDictionary-muted' },
          this.trans.__('Loading the SNDS dictionary…')
        )
      );
      // One re-render when the load ends, however many times this ran meanwhile.
      if (!this.waiting) {
        this.waiting = true;
        this.model.load().then(
          () => {
            this.waiting = false;
            this.render();
          },
          (error: Error) => {
            this.waiting = false;
            this.showResults(false);
            this.shownView = '';
            node.replaceChildren(
              h(
                'p',
                { role: 'alert', class: 'jp-SndsDictionary-error' },
                error.message
              )
            );
          }
        );
      }
      return;
    }
    this.loadValueIndexWhenIdle();
    if (this.input.value.trim()) {
      this.renderSearch();
      return;
    }
    const view = this.current;
    const key = JSON.stringify(view);
    this.showResults(false);
    this.body.node.scrollTop = 0;
    // Back from a search to the same view: show it as it was, not rebuilt.
    if (key === this.shownView) {
      return;
    }
    this.shownView = key;
    let content: HTMLElement;
    try {
      content =
        view.kind === 'table'
          ? renderTable(this.context, view.table)
          : view.kind === 'column'
            ? renderColumn(this.context, view.table, view.column)
            : renderTree(this.context, this.expanded);
    } catch (error) {
      content = h(
        'p',
        { role: 'alert', class: 'jp-SndsDictionary-error' },
        (error as Error).message
      );
    }
    const credit = h('p', { class: 'jp-SndsDictionary-credit' }, SCHEMA_CREDIT);
    node.replaceChildren(content, credit);
  }

  /** Fetches the index of all nomenclature values once the page is idle: search needs it later. */
  private loadValueIndexWhenIdle(): void {
    if (this.valueIndexAsked) {
      return;
    }
    this.valueIndexAsked = true;
    const load = () => void this.model.loadValueIndex();
    if (typeof requestIdleCallback === 'function') {
      requestIdleCallback(load, { timeout: 3000 });
    } else {
      setTimeout(load, 500);
    }
  }

  private valueIndexAsked = false;
  private waiting = false;
  /** The view whose content the view node holds (JSON), or ''. */
  private shownView = '';
  private current: SndsDictionary.View = { kind: 'browse' };
  private readonly history: SndsDictionary.View[] = [];
  private readonly expanded = new Set<string>();
  private readonly input: HTMLInputElement;
  private readonly body: Widget;
  private readonly viewNode: HTMLElement;
  private readonly results: SearchResults;
  private readonly context: IViewContext;
}
