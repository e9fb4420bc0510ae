import type { ITable } from '@snds-lab/schema';
import { h } from './elements';
import { dragName, type IViewContext } from './view_context';

/**
 * Products, their tables and the tables' columns as an ARIA tree with a roving tab stop:
 * arrows move, Right and Left open and close, Enter opens the table or column.
 */
export function renderTree(
  context: IViewContext,
  expanded: Set<string>
): HTMLElement {
  const { model, trans } = context;
  const tree = h('ul', {
    class: 'jp-SndsDictionary-tree',
    role: 'tree',
    'aria-label': trans.__('SNDS products and tables')
  });

  const item = (
    key: string,
    label: HTMLElement,
    level: number,
    children: (() => HTMLElement[]) | null,
    open: (() => void) | null
  ): HTMLLIElement => {
    const li = h('li', {
      role: 'treeitem',
      'aria-level': level,
      tabindex: -1,
      'data-key': key,
      class: 'jp-SndsDictionary-treeitem'
    });
    const row = h('div', { class: 'jp-SndsDictionary-treerow' });
    row.style.paddingLeft = `${(level - 1) * 14 + 4}px`;
    const caret = h('span', {
      class: 'jp-SndsDictionary-caret',
      'aria-hidden': 'true'
    });
    row.append(caret, label);
    li.append(row);
    const setOpen = (value: boolean) => {
      if (!children) {
        return;
      }
      li.setAttribute('aria-expanded', String(value));
      li.querySelector(':scope > ul')?.remove();
      if (value) {
        expanded.add(key);
        li.append(h('ul', { role: 'group' }, ...children()));
      } else {
        expanded.delete(key);
      }
    };
    if (children) {
      setOpen(expanded.has(key));
      caret.classList.add('jp-mod-caret');
    }
    (li as ITreeItem).toggle = setOpen;
    (li as ITreeItem).open = open;
    row.addEventListener('click', event => {
      event.stopPropagation();
      focusItem(tree, li);
      if (children && (!open || event.target === caret)) {
        setOpen(li.getAttribute('aria-expanded') !== 'true');
      } else {
        open?.();
      }
    });
    return li;
  };

  const columnItems = (table: ITable) =>
    table.columns.map(column => {
      const label = h(
        'span',
        { class: 'jp-SndsDictionary-label' },
        h('span', { class: 'jp-SndsDictionary-name' }, column.name),
        ' ',
        h('span', { class: 'jp-SndsDictionary-muted' }, column.description)
      );
      const li = item(`${table.name}.${column.name}`, label, 3, null, () =>
        context.show({ kind: 'column', table: table.name, column: column.name })
      );
      dragName(li, column.name);
      return li;
    });

  const tableItems = (tables: string[]) =>
    tables.map(name => {
      const table = model.dictionary.table(name);
      const label = h(
        'span',
        { class: 'jp-SndsDictionary-label' },
        h('span', { class: 'jp-SndsDictionary-name' }, table.name),
        ' ',
        h('span', { class: 'jp-SndsDictionary-muted' }, table.title),
        ' ',
        h(
          'span',
          { class: 'jp-SndsDictionary-count' },
          trans._n('%1 column', '%1 columns', table.columns.length)
        )
      );
      const li = item(
        table.name,
        label,
        2,
        () => columnItems(table),
        () => context.show({ kind: 'table', table: table.name })
      );
      dragName(li, table.name);
      return li;
    });

  for (const product of model.dictionary.data.products) {
    const label = h(
      'span',
      { class: 'jp-SndsDictionary-label' },
      h('span', { class: 'jp-SndsDictionary-product' }, product.name),
      ' ',
      h(
        'span',
        { class: 'jp-SndsDictionary-count' },
        trans._n('%1 table', '%1 tables', product.tables.length)
      )
    );
    tree.append(
      item(
        `product:${product.name}`,
        label,
        1,
        () => tableItems(product.tables),
        null
      )
    );
  }
  const first = tree.querySelector<HTMLElement>('[role="treeitem"]');
  if (first) {
    first.tabIndex = 0;
  }
  tree.addEventListener('keydown', event => onKey(tree, event));
  return tree;
}

interface ITreeItem extends HTMLLIElement {
  toggle: (open: boolean) => void;
  open: (() => void) | null;
}

function visibleItems(tree: HTMLElement): HTMLElement[] {
  return [...tree.querySelectorAll<HTMLElement>('[role="treeitem"]')].filter(
    el => !el.parentElement?.closest('[aria-expanded="false"]')
  );
}

function focusItem(tree: HTMLElement, target: HTMLElement): void {
  for (const el of tree.querySelectorAll<HTMLElement>('[tabindex="0"]')) {
    el.tabIndex = -1;
  }
  target.tabIndex = 0;
  target.focus();
}

function onKey(tree: HTMLElement, event: KeyboardEvent): void {
  const current = (event.target as HTMLElement).closest<HTMLElement>(
    '[role="treeitem"]'
  ) as ITreeItem | null;
  if (!current) {
    return;
  }
  const items = visibleItems(tree);
  const index = items.indexOf(current);
  const expandedState = current.getAttribute('aria-expanded');
  let target: HTMLElement | undefined;
  switch (event.key) {
    case 'ArrowDown':
      target = items[index + 1];
      break;
    case 'ArrowUp':
      target = items[index - 1];
      break;
    case 'Home':
      target = items[0];
      break;
    case 'End':
      target = items[items.length - 1];
      break;
    case 'ArrowRight':
      if (expandedState === 'false') {
        current.toggle(true);
      } else if (expandedState === 'true') {
        target = items[index + 1];
      }
      break;
    case 'ArrowLeft':
      if (expandedState === 'true') {
        current.toggle(false);
      } else {
        target =
          current.parentElement?.closest<HTMLElement>('[role="treeitem"]') ??
          undefined;
      }
      break;
    case 'Enter':
    case ' ':
      if (current.open) {
        current.open();
      } else if (expandedState !== null) {
        current.toggle(expandedState !== 'true');
      }
      break;
    default:
      return;
  }
  event.preventDefault();
  event.stopPropagation();
  if (target) {
    focusItem(tree, target);
  }
}
