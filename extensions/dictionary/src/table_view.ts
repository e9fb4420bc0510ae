import type { ILink, ITable } from '@snds-lab/schema';
import { h } from './elements';
import { dragName, type IViewContext } from './view_context';

let joinFormId = 0;

/** A table: title, product, description, key, links both ways, actions and columns. */
export function renderTable(context: IViewContext, name: string): HTMLElement {
  const { model, trans } = context;
  const table = model.dictionary.table(name);
  const section = h('section', {
    class: 'jp-SndsDictionary-details',
    'aria-label': trans.__('Table %1', table.name)
  });
  const heading = h('h2', { class: 'jp-SndsDictionary-title' }, table.name);
  dragName(heading, table.name);
  section.append(
    heading,
    h('p', { class: 'jp-SndsDictionary-subtitle' }, table.title)
  );

  const facts = h('dl', { class: 'jp-SndsDictionary-facts' });
  const fact = (term: string, value: Node | string | undefined) => {
    if (value) {
      facts.append(h('dt', {}, term), h('dd', {}, value));
    }
  };
  fact(trans.__('Product'), table.product);
  fact(trans.__('Description'), table.observation);
  fact(trans.__('Scope'), table.scope);
  fact(
    trans.__('Primary key'),
    table.primaryKey.length ? table.primaryKey.join(', ') : undefined
  );
  fact(trans.__('Created'), table.dateCreated);
  fact(trans.__('Deleted'), table.dateDeleted);
  fact(
    trans.__('Per year'),
    table.yearPattern
      ? trans.__('one table per year (%1)', table.name)
      : undefined
  );
  section.append(facts);

  section.append(renderActions(context, table));
  section.append(renderLinks(context, table));

  section.append(
    h(
      'h3',
      { class: 'jp-SndsDictionary-heading' },
      trans._n('%1 column', '%1 columns', table.columns.length)
    )
  );
  const columns = h('table', {
    class: 'jp-SndsDictionary-columns',
    'aria-label': trans.__('Columns of %1', table.name)
  });
  columns.append(
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, trans.__('Column')),
        h('th', { scope: 'col' }, trans.__('Type')),
        h('th', { scope: 'col' }, trans.__('Description')),
        h('th', { scope: 'col' }, trans.__('Nomenclature')),
        h('th', { scope: 'col' }, trans.__('Dates'))
      )
    )
  );
  const body = h('tbody');
  for (const column of table.columns) {
    const open = h(
      'button',
      {
        class: 'jp-SndsDictionary-link',
        title: trans.__('Open the column %1', column.name)
      },
      column.name
    );
    open.addEventListener('click', () =>
      context.show({ kind: 'column', table: table.name, column: column.name })
    );
    const nomenclature = column.nomenclature
      ? h(
          'button',
          {
            class: 'jp-SndsDictionary-link',
            title: trans.__('Values of %1', column.nomenclature.name)
          },
          column.nomenclature.name
        )
      : '';
    if (nomenclature) {
      nomenclature.addEventListener('click', () =>
        context.show({
          kind: 'column',
          table: table.name,
          column: column.name
        })
      );
    }
    const dates = [
      column.dateCreated ? trans.__('from %1', column.dateCreated) : '',
      column.dateDeleted ? trans.__('until %1', column.dateDeleted) : ''
    ]
      .filter(Boolean)
      .join(' ');
    const row = h(
      'tr',
      {},
      h('td', {}, open),
      h(
        'td',
        { class: 'jp-SndsDictionary-type' },
        column.length ? `${column.type} (${column.length})` : column.type
      ),
      h('td', {}, column.description),
      h('td', {}, nomenclature),
      h('td', { class: 'jp-SndsDictionary-muted' }, dates)
    );
    dragName(row, column.name);
    body.append(row);
  }
  columns.append(body);
  section.append(columns);
  return section;
}

function renderActions(context: IViewContext, table: ITable): HTMLElement {
  const { model, trans } = context;
  const actions = h('div', { class: 'jp-SndsDictionary-actions' });
  const select = h(
    'button',
    { class: 'jp-mod-styled jp-mod-accept' },
    trans.__('Insert SELECT')
  );
  select.addEventListener('click', () => context.insertSelect(table.name));

  const joinButton = h(
    'button',
    { class: 'jp-mod-styled', 'aria-expanded': 'false' },
    trans.__('Insert join with…')
  );
  const graph = h(
    'button',
    { class: 'jp-mod-styled' },
    trans.__('Show in graph')
  );
  graph.addEventListener('click', () =>
    context.showGraph({ from: table.name })
  );

  const listId = `jp-SndsDictionary-joinTables-${++joinFormId}`;
  const input = h('input', {
    class: 'jp-mod-styled',
    list: listId,
    'aria-label': trans.__('Table to join with %1', table.name),
    placeholder: trans.__('Table name')
  });
  const group = model.graph.componentOf(table.name);
  const options = h('datalist', { id: listId });
  for (const other of model.dictionary.data.tables) {
    if (other.name !== table.name && group.includes(other.name)) {
      options.append(h('option', { value: other.name }, other.title));
    }
  }
  const go = h(
    'button',
    { class: 'jp-mod-styled jp-mod-accept' },
    trans.__('Insert join')
  );
  const form = h(
    'form',
    { class: 'jp-SndsDictionary-joinForm', hidden: true },
    input,
    options,
    go
  );
  form.addEventListener('submit', event => {
    event.preventDefault();
    const other = model.dictionary.findTable(input.value.trim());
    if (other) {
      context.insertJoin(table.name, other.name);
    } else {
      input.setCustomValidity(trans.__('Unknown table %1', input.value.trim()));
      input.reportValidity();
    }
  });
  input.addEventListener('input', () => input.setCustomValidity(''));
  joinButton.addEventListener('click', () => {
    form.hidden = !form.hidden;
    joinButton.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) {
      input.focus();
    }
  });
  if (group.length < 2) {
    joinButton.disabled = true;
    joinButton.title = trans.__('%1 has no link to another table', table.name);
    graph.disabled = true;
  }
  actions.append(select, joinButton, graph, form);
  return actions;
}

function renderLinks(context: IViewContext, table: ITable): HTMLElement {
  const { model, trans } = context;
  const links = model.dictionary.linksOf(table.name);
  const section = h('div', { class: 'jp-SndsDictionary-links' });
  const list = (title: string, items: ILink[], outgoing: boolean) => {
    if (items.length === 0) {
      return;
    }
    const ul = h('ul', { 'aria-label': title });
    for (const link of items) {
      const other = outgoing ? link.to : link.from;
      const mine = outgoing ? link.fromColumns : link.toColumns;
      const theirs = outgoing ? link.toColumns : link.fromColumns;
      const button = h('button', { class: 'jp-SndsDictionary-link' }, other);
      button.addEventListener('click', () =>
        context.show({ kind: 'table', table: other })
      );
      const keys = mine
        .map((column, i) =>
          column === theirs[i] ? column : `${column} = ${theirs[i]}`
        )
        .join(', ');
      ul.append(
        h(
          'li',
          {},
          button,
          ' ',
          h('span', { class: 'jp-SndsDictionary-muted' }, keys)
        )
      );
    }
    section.append(h('h3', { class: 'jp-SndsDictionary-heading' }, title), ul);
  };
  list(
    trans.__('Links to'),
    links.filter(l => l.from === table.name),
    true
  );
  list(
    trans.__('Links from'),
    links.filter(l => l.to === table.name && l.from !== table.name),
    false
  );
  return section;
}
