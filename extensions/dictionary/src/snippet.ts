import type { INotebookTracker } from '@jupyterlab/notebook';
import { NotebookActions } from '@jupyterlab/notebook';
import { SndsDictionary } from './tokens';

/** SQL as the notebook cell runs it: a `%%sql` cell or a `snds.sql("""…""")` call. */
export function formatSnippet(
  sql: string,
  style: SndsDictionary.SnippetStyle
): string {
  const body = sql.trim();
  if (style === 'magic') {
    return `%%sql\n${body}`;
  }
  // Triple quotes and backslashes in the SQL would end or alter the Python literal.
  const escaped = body.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
  return `snds.sql("""\n${escaped}\n""")`;
}

/** Where an insertion ended up, for the status message. */
export type InsertResult = 'cursor' | 'cell' | 'newCell' | 'noNotebook';

/**
 * Puts the text into the active notebook: at the cursor of the active cell when the setting
 * says so and the cell is a code cell, in the active cell when it is an empty code cell, else
 * in a new code cell below it, which becomes the active cell.
 */
export function insertIntoNotebook(
  tracker: INotebookTracker | null,
  text: string,
  into: SndsDictionary.InsertInto
): InsertResult {
  const panel = tracker?.currentWidget;
  if (!panel) {
    return 'noNotebook';
  }
  const notebook = panel.content;
  const cell = notebook.activeCell;
  if (cell && cell.model.type === 'code') {
    const source = cell.model.sharedModel.getSource();
    if (source.trim() === '') {
      cell.model.sharedModel.setSource(text);
      return 'cell';
    }
    const editor = cell.editor;
    if (into === 'cursor' && editor) {
      const offset = editor.getOffsetAt(editor.getCursorPosition());
      cell.model.sharedModel.updateSource(offset, offset, text);
      return 'cursor';
    }
  }
  if (!notebook.model) {
    return 'noNotebook';
  }
  NotebookActions.insertBelow(notebook);
  const created = notebook.activeCell;
  if (created && created.model.type !== 'code') {
    NotebookActions.changeCellType(notebook, 'code');
  }
  notebook.activeCell?.model.sharedModel.setSource(text);
  notebook.mode = 'command';
  return 'newCell';
}
