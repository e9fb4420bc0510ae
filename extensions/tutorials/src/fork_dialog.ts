import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import type { ITutorialEntry } from './tokens';

/** The body of "New study from…": one radio button per tutorial or template. */
export class ForkForm extends Widget {
  constructor(trans: TranslationBundle, entries: readonly ITutorialEntry[]) {
    super();
    this.addClass('jp-SndsFork');
    const intro = document.createElement('p');
    intro.textContent = trans.__(
      'The copy goes into the folder etudes/ under a new name; the original stays as it is.'
    );
    const list = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = trans.__('Start from');
    list.append(legend);
    entries.forEach((entry, i) => {
      const label = document.createElement('label');
      label.className = 'jp-SndsFork-item';
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'snds-fork-source';
      radio.value = entry.path;
      radio.checked = i === 0;
      const title = document.createElement('span');
      title.textContent =
        entry.kind === 'template'
          ? trans.__('%1 (template)', entry.title)
          : entry.title;
      const path = document.createElement('span');
      path.className = 'jp-SndsFork-path';
      path.textContent = entry.path;
      label.append(radio, title, path);
      list.append(label);
      this._radios.push(radio);
    });
    this.node.append(intro, list);
  }

  /** The path of the chosen notebook. */
  getValue(): string {
    const chosen = this._radios.find(r => r.checked) ?? this._radios[0];
    return chosen.value;
  }

  private readonly _radios: HTMLInputElement[] = [];
}
