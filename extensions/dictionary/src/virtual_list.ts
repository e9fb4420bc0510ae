/**
 * A list that renders only the rows in view, so that CIM-10's 18,000 codes scroll and filter
 * as fast as a short list. Rows have one fixed height.
 */
export class VirtualList<T> {
  readonly node: HTMLDivElement;

  /** Builds the element of one row. */
  render: (item: T, index: number) => HTMLElement;

  constructor(
    private readonly options: {
      label: string;
      rowHeight: number;
      render: (item: T, index: number) => HTMLElement;
    }
  ) {
    this.render = options.render;
    this.node = document.createElement('div');
    this.node.className = 'jp-SndsDictionary-virtualList';
    this.node.setAttribute('role', 'list');
    this.node.setAttribute('aria-label', options.label);
    this.node.tabIndex = 0;
    this.spacer = document.createElement('div');
    this.spacer.className = 'jp-SndsDictionary-virtualSpacer';
    this.node.append(this.spacer);
    this.node.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(this.node);
  }

  /** The items shown, replacing the previous ones and scrolling to the top. */
  set items(items: readonly T[]) {
    this.list = items;
    this.node.setAttribute('aria-rowcount', String(items.length));
    this.spacer.style.height = `${items.length * this.options.rowHeight}px`;
    this.node.scrollTop = 0;
    this.renderRows();
  }

  get items(): readonly T[] {
    return this.list;
  }

  private schedule(): void {
    if (this.frame === 0) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.renderRows();
      });
    }
  }

  private renderRows(): void {
    const { rowHeight } = this.options;
    const height = this.node.clientHeight || rowHeight * 20;
    const first = Math.max(0, Math.floor(this.node.scrollTop / rowHeight) - 5);
    const last = Math.min(
      this.list.length,
      Math.ceil((this.node.scrollTop + height) / rowHeight) + 5
    );
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const row = this.render(this.list[i], i);
      row.setAttribute('role', 'listitem');
      row.setAttribute('aria-setsize', String(this.list.length));
      row.setAttribute('aria-posinset', String(i + 1));
      row.style.top = `${i * rowHeight}px`;
      row.style.height = `${rowHeight}px`;
      rows.push(row);
    }
    this.spacer.replaceChildren(...rows);
  }

  private list: readonly T[] = [];
  private frame = 0;
  private readonly spacer: HTMLDivElement;
}
