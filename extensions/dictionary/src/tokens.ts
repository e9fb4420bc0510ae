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
  /** Fills the search box with `{ query? }` and focuses it. */
  export const search = 'snds-dictionary:search';
  /** Opens the join graph in the main area; `{ from?, to? }` pick the ends of a path. */
  export const graph = 'snds-dictionary:graph';
  /** Inserts a SELECT of `{ table }`, or of the table open in the sidebar. */
  export const insertSelect = 'snds-dictionary:insert-select';
  /**
   * Inserts the join of `{ from, to }`; `from` defaults to the open table. Without `to`, opens
   * the join graph with `from` picked, to choose the other end there.
   */
  export const insertJoin = 'snds-dictionary:insert-join';
}

/** The plugin's settings (`schema/plugin.json`): snippet style and place, PMSI year, row limit, default filters. */
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

  /** What the sidebar shows when the search box is empty. */
  export type View =
    | { kind: 'browse' }
    | { kind: 'table'; table: string }
    | { kind: 'column'; table: string; column: string };
}

/** The SNDS dictionary sidebar, for other extensions and links. */
export interface ISndsDictionary {
  /** Loads the dictionary if needed; resolves when it is loaded. */
  readonly ready: Promise<void>;
  /** The view shown. */
  readonly view: SndsDictionary.View;
  /** Emitted when the view or the search text changes. */
  readonly changed: ISignal<ISndsDictionary, void>;
  /** Shows a table; rejects for an unknown name with an error that suggests close names. */
  openTable(name: string): Promise<void>;
  /** Shows a column and its nomenclature values; rejects for an unknown table or column. */
  openColumn(table: string, column: string): Promise<void>;
  /** Fills the search box and shows the results. */
  search(query: string): Promise<void>;
}

export const ISndsDictionary = new Token<ISndsDictionary>(
  '@snds-lab/dictionary-extension:ISndsDictionary',
  'The SNDS dictionary sidebar: open tables, columns and searches.'
);
