import type { TranslationBundle } from '@jupyterlab/translation';
import type { DictionaryModel } from './model';
import type { SndsDictionary } from './tokens';

/** What every view of the sidebar can reach. */
export interface IViewContext {
  readonly model: DictionaryModel;
  readonly trans: TranslationBundle;
  /** Shows another view, remembering this one for Back. */
  show(view: SndsDictionary.View): void;
  insertSelect(table: string): void;
  insertJoin(from: string, to: string): void;
  showGraph(options?: { from?: string; to?: string }): void;
}

/** Makes an element drag its name into an editor (CodeMirror takes text/plain drops). */
export function dragName(element: HTMLElement, text: string): void {
  element.draggable = true;
  element.addEventListener('dragstart', event => {
    event.dataTransfer?.setData('text/plain', text);
    if (event.dataTransfer) {
      event.dataTransfer.effectAllowed = 'copy';
    }
  });
}
