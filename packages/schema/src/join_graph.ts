/**
 * Tables as nodes, links as edges carrying their key columns. Finds the cheapest join path
 * between two tables, where a link through an establishment or a professional costs more than a
 * link on the same record or the same patient (see `LINK_WEIGHTS`).
 */
import { LINK_WEIGHTS } from './domain.js';
import type { SndsDictionary } from './dictionary.js';
import { NoJoinPathError } from './errors.js';
import type { ILink, ITable } from './model.js';

/** One join along a path, oriented from the previous table to the next. */
export interface IJoinStep {
  from: string;
  to: string;
  fromColumns: string[];
  toColumns: string[];
  link: ILink;
}

export interface IJoinPath {
  from: string;
  to: string;
  /** Tables in join order, `from` first and `to` last. */
  tables: string[];
  steps: IJoinStep[];
  /** Sum of the link weights. */
  cost: number;
}

interface IEdge {
  target: number;
  link: ILink;
  weight: number;
}

export class JoinGraph {
  private readonly names: string[];
  private readonly index = new Map<string, number>();
  private readonly adjacency: IEdge[][];
  private readonly component: number[];
  private readonly componentMembers: string[][] = [];

  constructor(readonly dictionary: SndsDictionary) {
    this.names = dictionary.tables.map(table => table.name);
    this.names.forEach((name, i) => this.index.set(name, i));
    this.adjacency = this.names.map(() => []);
    for (const link of dictionary.links) {
      const a = this.index.get(link.from);
      const b = this.index.get(link.to);
      if (a === undefined || b === undefined || a === b) {
        continue;
      }
      const weight = LINK_WEIGHTS[link.kind];
      this.adjacency[a].push({ target: b, link, weight });
      this.adjacency[b].push({ target: a, link, weight });
    }
    // Cheapest edge first, then the link order of the source: ties resolve the same way each time.
    for (const edges of this.adjacency) {
      edges.sort((x, y) => x.weight - y.weight || x.link.id - y.link.id);
    }
    this.component = new Array<number>(this.names.length).fill(-1);
    for (let start = 0; start < this.names.length; start++) {
      if (this.component[start] >= 0) {
        continue;
      }
      const id = this.componentMembers.length;
      const members: string[] = [];
      const stack = [start];
      this.component[start] = id;
      while (stack.length > 0) {
        const node = stack.pop() as number;
        members.push(this.names[node]);
        for (const edge of this.adjacency[node]) {
          if (this.component[edge.target] < 0) {
            this.component[edge.target] = id;
            stack.push(edge.target);
          }
        }
      }
      this.componentMembers.push(members.sort());
    }
  }

  /** Tables linked to `table`, with the links (several links may join the same two tables). */
  neighbours(table: string): { table: string; link: ILink }[] {
    const node = this.node(table);
    return this.adjacency[node].map(edge => ({
      table: this.names[edge.target],
      link: edge.link
    }));
  }

  /** Groups of tables that links join, largest first. */
  components(): string[][] {
    return [...this.componentMembers].sort(
      (a, b) => b.length - a.length || (a[0] < b[0] ? -1 : 1)
    );
  }

  /** The tables `table` can be joined with, itself included. */
  componentOf(table: string): string[] {
    return this.componentMembers[this.component[this.node(table)]];
  }

  connected(a: string, b: string): boolean {
    return this.component[this.node(a)] === this.component[this.node(b)];
  }

  private node(name: string): number {
    const table: ITable = this.dictionary.table(name);
    return this.index.get(table.name) as number;
  }

  /** The cheapest join path, or undefined when the tables are not connected. */
  findPath(from: string, to: string): IJoinPath | undefined {
    const source = this.node(from);
    const target = this.node(to);
    if (this.component[source] !== this.component[target]) {
      return undefined;
    }
    const n = this.names.length;
    const cost = new Float64Array(n).fill(Infinity);
    const hops = new Int32Array(n);
    const via: (IEdge | undefined)[] = new Array(n);
    const previous = new Int32Array(n).fill(-1);
    const done = new Uint8Array(n);
    cost[source] = 0;
    // Binary heap of nodes keyed by (cost, hops); stale entries are skipped when popped.
    const heap: number[] = [source];
    const before = (a: number, b: number): boolean =>
      cost[a] < cost[b] || (cost[a] === cost[b] && hops[a] < hops[b]);
    const push = (node: number): void => {
      heap.push(node);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!before(heap[i], heap[parent])) {
          break;
        }
        [heap[i], heap[parent]] = [heap[parent], heap[i]];
        i = parent;
      }
    };
    const pop = (): number => {
      const top = heap[0];
      const last = heap.pop() as number;
      if (heap.length > 0) {
        heap[0] = last;
        for (let i = 0; ;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && before(heap[l], heap[m])) {
            m = l;
          }
          if (r < heap.length && before(heap[r], heap[m])) {
            m = r;
          }
          if (m === i) {
            break;
          }
          [heap[i], heap[m]] = [heap[m], heap[i]];
          i = m;
        }
      }
      return top;
    };
    while (heap.length > 0) {
      const node = pop();
      if (done[node]) {
        continue;
      }
      done[node] = 1;
      if (node === target) {
        break;
      }
      for (const edge of this.adjacency[node]) {
        const next = edge.target;
        if (done[next]) {
          continue;
        }
        const c = cost[node] + edge.weight;
        const h = hops[node] + 1;
        if (c < cost[next] || (c === cost[next] && h < hops[next])) {
          cost[next] = c;
          hops[next] = h;
          via[next] = edge;
          previous[next] = node;
          push(next);
        }
      }
    }
    const steps: IJoinStep[] = [];
    for (let node = target; node !== source; node = previous[node]) {
      const edge = via[node] as IEdge;
      const forward = edge.link.to === this.names[node];
      steps.push({
        from: this.names[previous[node]],
        to: this.names[node],
        fromColumns: forward ? edge.link.fromColumns : edge.link.toColumns,
        toColumns: forward ? edge.link.toColumns : edge.link.fromColumns,
        link: edge.link
      });
    }
    steps.reverse();
    return {
      from: this.names[source],
      to: this.names[target],
      tables: [this.names[source], ...steps.map(step => step.to)],
      steps,
      cost: cost[target]
    };
  }

  /** The cheapest join path, or a `NoJoinPathError` that says which groups the tables are in. */
  path(from: string, to: string): IJoinPath {
    const found = this.findPath(from, to);
    if (found) {
      return found;
    }
    const a = this.dictionary.table(from);
    const b = this.dictionary.table(to);
    const describe = (table: ITable): string => {
      const members = this.componentOf(table.name);
      if (members.length === 1) {
        return `${table.name} has no link to any other table`;
      }
      const products = [
        ...new Set(members.map(name => this.dictionary.table(name).product))
      ].sort();
      return `${table.name} is in a group of ${members.length} linked tables (${products.join(', ')})`;
    };
    throw new NoJoinPathError(
      a.name,
      b.name,
      `${describe(a)}; ${describe(b)}; no chain of links joins them. Join them yourself on columns they share, if that makes sense for your study.`
    );
  }
}
