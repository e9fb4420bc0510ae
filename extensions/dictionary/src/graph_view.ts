import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import type { Core, EdgeSingular, NodeSingular } from 'cytoscape';
import { h } from './elements';
import type { DictionaryModel } from './model';

/** JupyterLab colour variables, one per product, so both themes colour the graph. */
const PRODUCT_COLOURS = [
  '--jp-brand-color1',
  '--jp-warn-color1',
  '--jp-success-color1',
  '--jp-error-color1',
  '--jp-accent-color1',
  '--jp-info-color1',
  '--jp-mirror-editor-keyword-color',
  '--jp-mirror-editor-string-color',
  '--jp-mirror-editor-number-color',
  '--jp-mirror-editor-def-color',
  '--jp-mirror-editor-meta-color',
  '--jp-mirror-editor-attribute-color',
  '--jp-mirror-editor-variable-2-color',
  '--jp-mirror-editor-builtin-color',
  '--jp-mirror-editor-link-color'
];

/** On-screen size of the labels of the tables of a join path. */
const PATH_LABEL_PX = 14;

let graphId = 0;

/**
 * The join graph of the linked tables, drawn with Cytoscape.js: pan, zoom, colour and filter by
 * product, keys on hover, neighbours on hover, click to open, and the shortest join path
 * between two tables with its SQL.
 */
export class GraphView extends Widget {
  constructor(
    private readonly model: DictionaryModel,
    private readonly trans: TranslationBundle,
    private readonly actions: {
      openTable: (name: string) => void;
      insertJoin: (from: string, to: string) => void;
    }
  ) {
    super();
    this.addClass('jp-SndsGraph');
    this.id = `snds-graph-${++graphId}`;
    this.title.label = trans.__('SNDS join graph');
    this.title.closable = true;
    const listId = `${this.id}-tables`;
    this.fromInput = h('input', {
      class: 'jp-mod-styled',
      list: listId,
      'aria-label': trans.__('From table'),
      placeholder: trans.__('From table')
    });
    this.toInput = h('input', {
      class: 'jp-mod-styled',
      list: listId,
      'aria-label': trans.__('To table'),
      placeholder: trans.__('To table')
    });
    this.datalist = h('datalist', { id: listId });
    const find = h(
      'button',
      { class: 'jp-mod-styled', type: 'submit' },
      trans.__('Show path')
    );
    this.insertButton = h(
      'button',
      { class: 'jp-mod-styled jp-mod-accept', type: 'button', disabled: true },
      trans.__('Insert join SQL')
    );
    this.insertButton.addEventListener('click', () => {
      if (this.path) {
        this.actions.insertJoin(this.path[0], this.path[this.path.length - 1]);
      }
    });
    const form = h(
      'form',
      { class: 'jp-SndsGraph-path', 'aria-label': trans.__('Join path') },
      this.fromInput,
      h('span', { 'aria-hidden': 'true' }, '→'),
      this.toInput,
      this.datalist,
      find,
      this.insertButton
    );
    form.addEventListener('submit', event => {
      event.preventDefault();
      this.showPath(this.fromInput.value, this.toInput.value);
    });
    this.pathText = h('p', { class: 'jp-SndsGraph-pathText', role: 'status' });
    this.filters = h(
      'fieldset',
      { class: 'jp-SndsGraph-filters' },
      h('legend', {}, trans.__('Products'))
    );
    this.canvas = h('div', {
      class: 'jp-SndsGraph-canvas',
      role: 'img',
      'aria-label': trans.__(
        'Join graph of the SNDS tables: use the path form to find a join without a pointer'
      )
    });
    this.tooltip = h('div', {
      class: 'jp-SndsGraph-tooltip',
      role: 'tooltip',
      hidden: true
    });
    const side = h(
      'div',
      { class: 'jp-SndsGraph-side' },
      form,
      this.pathText,
      this.filters
    );
    this.node.append(
      side,
      h('div', { class: 'jp-SndsGraph-stage' }, this.canvas, this.tooltip)
    );
  }

  /** Resolves once the graph is drawn (layout done). */
  get drawn(): Promise<void> {
    return this.drawing ?? Promise.resolve();
  }

  /** Sets the path endpoints, and shows the path when both are there. */
  pick(from?: string, to?: string): void {
    if (from) {
      this.fromInput.value = from;
    }
    if (to) {
      this.toInput.value = to;
    }
    if (this.fromInput.value && this.toInput.value) {
      void this.drawn.then(() =>
        this.showPath(this.fromInput.value, this.toInput.value)
      );
    } else if (from) {
      void this.drawn.then(() => this.focusTable(from));
    }
  }

  protected onAfterAttach(): void {
    if (!this.drawing) {
      this.attachedAt = performance.now();
      this.drawing = this.draw();
    }
  }

  protected onResize(): void {
    this.cy?.resize();
  }

  protected onBeforeDetach(): void {
    this.tooltip.hidden = true;
  }

  dispose(): void {
    this.cy?.destroy();
    this.cy = null;
    super.dispose();
  }

  private colour(product: string): string {
    const style = getComputedStyle(this.node);
    const index = this.products.indexOf(product);
    const variable = PRODUCT_COLOURS[index % PRODUCT_COLOURS.length];
    return style.getPropertyValue(variable).trim() || style.color;
  }

  private async draw(): Promise<void> {
    const { default: cytoscape } = await import('cytoscape');
    await this.model.load();
    const { dictionary, graph } = this.model;
    const linked = new Set(
      graph.components().find(group => group.length > 1) ?? []
    );
    const tables = dictionary.data.tables.filter(t => linked.has(t.name));
    this.products = [...new Set(tables.map(t => t.product))];
    for (const table of tables) {
      this.datalist.append(h('option', { value: table.name }, table.title));
    }
    const style = getComputedStyle(this.node);
    const text = style.getPropertyValue('--jp-ui-font-color1').trim() || '#000';
    const muted = style.getPropertyValue('--jp-border-color1').trim() || '#999';
    const accent = style.getPropertyValue('--jp-brand-color0').trim() || '#00f';
    const background =
      style.getPropertyValue('--jp-layout-color1').trim() || '#fff';
    const font =
      style.getPropertyValue('--jp-ui-font-family').trim() || 'sans-serif';

    for (const product of this.products) {
      const box = h('input', { type: 'checkbox', checked: true });
      const swatch = h('span', {
        class: 'jp-SndsGraph-swatch',
        'aria-hidden': 'true'
      });
      swatch.style.background = this.colour(product);
      box.addEventListener('change', () => {
        this.cy
          ?.nodes(`[product = ${JSON.stringify(product)}]`)
          .style('display', box.checked ? 'element' : 'none');
      });
      this.filters.append(h('label', {}, box, swatch, product));
    }

    const cy = cytoscape({
      container: this.canvas,
      elements: [
        ...tables.map(t => ({
          data: {
            id: t.name,
            label: t.name,
            product: t.product,
            colour: this.colour(t.product)
          }
        })),
        ...dictionary.data.links
          .filter(l => linked.has(l.from) && linked.has(l.to))
          .map(l => ({
            data: {
              id: `link${l.id}`,
              source: l.from,
              target: l.to,
              kind: l.kind,
              keys: l.fromColumns
                .map((c, i) =>
                  c === l.toColumns[i] ? c : `${c} = ${l.toColumns[i]}`
                )
                .join(', ')
            }
          }))
      ],
      style: [
        {
          selector: 'node',
          style: {
            'background-color': 'data(colour)',
            label: 'data(label)',
            color: text,
            'font-family': font,
            'font-size': 9,
            width: 14,
            height: 14,
            'text-valign': 'bottom',
            'text-margin-y': 2,
            'min-zoomed-font-size': 6
          }
        },
        {
          selector: 'edge',
          style: {
            width: 1.2,
            'line-color': muted,
            'curve-style': 'haystack',
            opacity: 0.8
          }
        },
        {
          selector: 'edge[kind = "reference"]',
          style: { 'line-style': 'dashed' }
        },
        { selector: '.faded', style: { opacity: 0.15 } },
        {
          selector: 'node.near',
          style: { 'border-width': 2, 'border-color': accent }
        },
        {
          selector: 'edge.near, edge.path',
          style: { 'line-color': accent, width: 3, opacity: 1 }
        },
        {
          selector: 'node.path',
          style: {
            'min-zoomed-font-size': 0,
            'font-size': PATH_LABEL_PX,
            'font-weight': 'bold',
            'text-background-color': background,
            'text-background-opacity': 0.85,
            'text-background-padding': '2px',
            'border-width': 3,
            'border-color': accent,
            width: 20,
            height: 20
          }
        }
      ],
      layout: {
        name: 'cose',
        animate: false,
        randomize: false,
        numIter: 120,
        nodeRepulsion: () => 60000,
        idealEdgeLength: () => 40,
        componentSpacing: 40
      } as cytoscape.LayoutOptions,
      minZoom: 0.1,
      maxZoom: 4,
      wheelSensitivity: 0.3
    });
    this.cy = cy;
    // For bench/sidebar.mjs: from the graph's first attach to its first layout.
    performance.measure('snds-graph:draw', { start: this.attachedAt });

    cy.on('zoom', () => this.scalePathLabels());
    cy.on('mouseover', 'node', event =>
      this.near(event.target as NodeSingular)
    );
    cy.on('mouseout', 'node', () => cy.elements().removeClass('near faded'));
    cy.on('tap', 'node', event => {
      const name = (event.target as NodeSingular).id();
      if (
        this.fromInput.value &&
        !this.toInput.value &&
        this.fromInput.value !== name
      ) {
        this.toInput.value = name;
      } else if (!this.fromInput.value) {
        this.fromInput.value = name;
      }
      this.actions.openTable(name);
    });
    cy.on('mouseover', 'edge', event => {
      const edge = event.target as EdgeSingular;
      const position = event.renderedPosition ?? { x: 0, y: 0 };
      this.tooltip.textContent = `${edge.source().id()} → ${edge.target().id()}: ${String(edge.data('keys'))}`;
      this.tooltip.style.left = `${position.x + 12}px`;
      this.tooltip.style.top = `${position.y + 12}px`;
      this.tooltip.hidden = false;
    });
    cy.on('mouseout', 'edge', () => (this.tooltip.hidden = true));
  }

  private near(node: NodeSingular): void {
    if (!this.cy) {
      return;
    }
    const hood = node.closedNeighborhood();
    this.cy.elements().not(hood).addClass('faded');
    hood.addClass('near');
  }

  private focusTable(name: string): void {
    const node = this.cy?.getElementById(name);
    if (node && node.nonempty()) {
      this.cy?.animate(
        { center: { eles: node }, zoom: 1.5 },
        { duration: 200 }
      );
      this.near(node);
    }
  }

  private showPath(fromName: string, toName: string): void {
    const { dictionary, graph } = this.model;
    const trans = this.trans;
    this.cy?.elements().removeClass('path near faded');
    this.cy?.nodes().removeStyle('font-size');
    this.path = null;
    this.insertButton.disabled = true;
    const from = dictionary.findTable(fromName.trim());
    const to = dictionary.findTable(toName.trim());
    if (!from || !to) {
      this.pathText.textContent = trans.__(
        'Unknown table %1',
        !from ? fromName : toName
      );
      return;
    }
    try {
      const path = graph.path(from.name, to.name);
      this.path = path.tables;
      this.pathText.textContent = [
        path.tables.join(' → '),
        ...path.steps.map(
          step =>
            `${step.from} → ${step.to}: ${step.fromColumns
              .map((c, i) =>
                c === step.toColumns[i] ? c : `${c} = ${step.toColumns[i]}`
              )
              .join(', ')}`
        )
      ].join('\n');
      this.insertButton.disabled = false;
      const cy = this.cy;
      if (cy) {
        let elements = cy.collection();
        for (const name of path.tables) {
          elements = elements.union(cy.getElementById(name));
        }
        for (const step of path.steps) {
          elements = elements.union(cy.getElementById(`link${step.link.id}`));
        }
        cy.elements().not(elements).addClass('faded');
        elements.addClass('path');
        cy.animate(
          { fit: { eles: elements, padding: 60 } },
          { duration: 200, complete: () => this.scalePathLabels() }
        );
      }
    } catch (error) {
      this.pathText.textContent = (error as Error).message;
    }
  }

  /** Path labels keep a readable size on screen, however far the graph is zoomed out. */
  private scalePathLabels(): void {
    const cy = this.cy;
    if (cy) {
      const size = Math.max(PATH_LABEL_PX, PATH_LABEL_PX / cy.zoom());
      cy.nodes('.path').style('font-size', size);
    }
  }

  private cy: Core | null = null;
  private attachedAt = 0;
  private drawing: Promise<void> | null = null;
  private products: string[] = [];
  private path: string[] | null = null;
  private readonly fromInput: HTMLInputElement;
  private readonly toInput: HTMLInputElement;
  private readonly datalist: HTMLDataListElement;
  private readonly insertButton: HTMLButtonElement;
  private readonly pathText: HTMLElement;
  private readonly filters: HTMLFieldSetElement;
  private readonly canvas: HTMLElement;
  private readonly tooltip: HTMLElement;
}
