import { h, highlight } from './elements';
import { dragName, type IViewContext } from './view_context';
import { VirtualList } from './virtual_list';

const ROW_HEIGHT = 24;

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** A column and its nomenclature's values: loaded on demand, filtered as you type. */
export function renderColumn(
  context: IViewContext,
  tableName: string,
  columnName: string
): HTMLElement {
  const { model, trans } = context;
  const table = model.dictionary.table(tableName);
  const column = model.dictionary.column(table.name, columnName);
  const section = h('section', {
    class: 'jp-SndsDictionary-details jp-SndsDictionary-columnView',
    'aria-label': trans.__('Column %1', `${table.name}.${column.name}`)
  });
  const heading = h('h2', { class: 'jp-SndsDictionary-title' }, column.name);
  dragName(heading, column.name);
  const back = h('button', { class: 'jp-SndsDictionary-link' }, table.name);
  back.addEventListener('click', () =>
    context.show({ kind: 'table', table: table.name })
  );
  section.append(
    heading,
    h('p', { class: 'jp-SndsDictionary-subtitle' }, column.description)
  );
  const facts = h('dl', { class: 'jp-SndsDictionary-facts' });
  const fact = (term: string, value: Node | string | undefined) => {
    if (value) {
      facts.append(h('dt', {}, term), h('dd', {}, value));
    }
  };
  fact(trans.__('Table'), back);
  fact(
    trans.__('Type'),
    column.length ? `${column.type} (${column.length})` : column.type
  );
  fact(trans.__('SQL type'), model.lib.duckdbType(column));
  fact(trans.__('Format'), column.format);
  fact(trans.__('Created'), column.dateCreated);
  fact(trans.__('Deleted'), column.dateDeleted);
  fact(trans.__('Rule'), column.rule);
  fact(trans.__('Note'), column.observation);
  const nomenclature = column.nomenclature
    ? model.dictionary.findNomenclature(column.nomenclature.name)
    : undefined;
  fact(
    trans.__('Nomenclature'),
    nomenclature
      ? `${nomenclature.name}${nomenclature.title ? ` — ${nomenclature.title}` : ''}`
      : undefined
  );
  section.append(facts);

  const others = model.dictionary
    .tablesWithColumn(column.name)
    .filter(t => t.name !== table.name);
  if (others.length > 0) {
    const ul = h('ul', {
      class: 'jp-SndsDictionary-inline',
      'aria-label': trans.__('Other tables with %1', column.name)
    });
    for (const other of others.slice(0, 40)) {
      const b = h('button', { class: 'jp-SndsDictionary-link' }, other.name);
      b.addEventListener('click', () =>
        context.show({ kind: 'table', table: other.name })
      );
      ul.append(h('li', {}, b));
    }
    section.append(
      h(
        'h3',
        { class: 'jp-SndsDictionary-heading' },
        trans.__('Also in %1 tables', others.length)
      ),
      ul
    );
  }

  if (!nomenclature) {
    return section;
  }
  const status = h('p', {
    class: 'jp-SndsDictionary-muted',
    role: 'status'
  });
  if (nomenclature.valueCount === null) {
    status.textContent = trans.__(
      '%1 has no values in the published schema.',
      nomenclature.name
    );
    section.append(status);
    return section;
  }
  const filter = h('input', {
    type: 'search',
    class: 'jp-mod-styled jp-SndsDictionary-filter',
    'aria-label': trans.__('Filter the values of %1', nomenclature.name),
    placeholder: trans.__('Filter codes and labels')
  });
  const list = new VirtualList<number>({
    label: trans.__('Values of %1', nomenclature.name),
    rowHeight: ROW_HEIGHT,
    render: () => h('div')
  });
  section.append(
    h(
      'h3',
      { class: 'jp-SndsDictionary-heading' },
      trans.__('Values of %1', nomenclature.name)
    ),
    filter,
    status,
    list.node
  );
  status.textContent = trans.__('Loading %1…', nomenclature.name);

  void model.values(nomenclature.name).then(
    values => {
      const codes = values.rows.map(row => row[values.code] ?? '');
      const labels = values.rows.map(row =>
        values.labels
          .map(i => row[i])
          .filter(Boolean)
          .join(' — ')
      );
      const haystack = values.rows.map((_, i) =>
        fold(`${codes[i]} ${labels[i]}`)
      );
      let query = '';
      list.render = (index: number) =>
        h(
          'div',
          { class: 'jp-SndsDictionary-value' },
          h(
            'span',
            { class: 'jp-SndsDictionary-code' },
            highlight(codes[index], query)
          ),
          h(
            'span',
            { class: 'jp-SndsDictionary-valueLabel', title: labels[index] },
            highlight(labels[index], query)
          )
        );
      const all = codes.map((_, i) => i);
      const apply = () => {
        query = filter.value.trim();
        const words = fold(query).split(/\s+/).filter(Boolean);
        const shown =
          words.length === 0
            ? all
            : all.filter(i => words.every(w => haystack[i].includes(w)));
        list.items = shown;
        status.textContent =
          words.length === 0
            ? trans._n('%1 value', '%1 values', all.length)
            : trans.__('%1 of %2 values', shown.length, all.length);
      };
      filter.addEventListener('input', apply);
      apply();
    },
    (error: Error) => {
      status.textContent = trans.__(
        'Could not load %1: %2',
        nomenclature.name,
        error.message
      );
    }
  );
  return section;
}
