import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';

export const PLUGIN_ID = '@snds-lab/dictionary-extension:plugin';

/** Command ids of the SNDS dictionary, all in the palette's SNDS category. */
export namespace CommandIDs {
  /** Opens the sidebar; `{ table?, column?, search? }` open a view in it. */
  export const open = 'snds-dictionary:open';
  /** Opens a table: `{ table: 'ER_PRS_F' }`, or asks for one. */
  export const openTable = 'snds-dictionary:open-table';
  /** Opens a column and its nomenclature: `{ table, column }`. */
  export const openColumn = 'snds-dictionary:open-column';
  /** Searches the dictionary: `{ query?: string }`. */
  export const search = 'snds-dictionary:search';
  /** Opens the join graph: `{ from?, to? }`. */
  export const graph = 'snds-dictionary:graph';
  /** Inserts a SELECT of a table: `{ table }`. */
  export const insertSelect = 'snds-dictionary:insert-select';
  /** Inserts the join of two tables: `{ from, to }`, or asks for `to`. */
  export const insertJoin = 'snds-dictionary:insert-join';
}

/** Where a snippet goes and how it is written (the plugin's settings). */
export namespace SndsDictionary {
  export type SnippetStyle = 'python' | 'magic';
  export type InsertInto = 'cursor' | 'newCell';

  export interface ISettings {
    snippetStyle: SnippetStyle;
    insertInto: InsertInto;
    pmsiYear: number;
    rowLimit: number;
    excludeForInformation: boolean;
    validPmsiLinks: boolean;
    vitalStatus: 'any' | 'alive' | 'deceased';
  }

  export const DEFAULT_SETTINGS: ISettings = {
    snippetStyle: 'python',
    insertInto: 'newCell',
    pmsiYear: 2019,
    rowLimit: 100,
    excludeForInformation: true,
    validPmsiLinks: true,
    vitalStatus: 'any'
  };

  /** What the sidebar shows. */
  export type View =
    | { kind: 'browse' }
    | { kind: 'table'; table: string }
    | { kind: 'column'; table: string; column: string };
}

/** The SNDS dictionary sidebar, for other extensions and links. */
export interface ISndsDictionary {
  /** Resolves when the dictionary is loaded. */
  readonly ready: Promise<void>;
  /** The view shown. */
  readonly view: SndsDictionary.View;
  /** Emitted when the view or the search text changes. */
  readonly changed: ISignal<ISndsDictionary, void>;
  /** Shows a table; throws for an unknown name, with suggestions. */
  openTable(name: string): Promise<void>;
  /** Shows a column and its nomenclature values. */
  openColumn(table: string, column: string): Promise<void>;
  /** Fills the search box and shows the results. */
  search(query: string): Promise<void>;
}

export const ISndsDictionary = new Token<ISndsDictionary>(
  '@snds-lab/dictionary-extension:ISndsDictionary',
  'The SNDS dictionary sidebar: open tables, columns and searches.'
);
