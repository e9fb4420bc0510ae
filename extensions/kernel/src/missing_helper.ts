import type { NotebookPanel } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

const BANNER_CLASS = 'jp-SndsMissingHelper';

/**
 * A banner at the top of a notebook whose kernel has no snds package: what is
 * wrong and the command that fixes it. The kernel itself stays usable.
 */
export class MissingHelperBanner extends Widget {
  constructor(trans: TranslationBundle, python: string) {
    super();
    this.addClass(BANNER_CLASS);
    this.node.setAttribute('role', 'alert');
    const text = document.createElement('p');
    text.textContent = trans.__(
      'The snds helper is not installed in this kernel’s Python (%1), so snds, %%%%sql and the SNDS data are not available here. Install it into that environment by running this in a cell, then restart the kernel:',
      python || trans.__('unknown executable')
    );
    const command = document.createElement('code');
    command.textContent = '%pip install snds-lab';
    const close = document.createElement('button');
    close.className = 'jp-mod-styled jp-mod-reject';
    close.textContent = trans.__('Dismiss');
    close.addEventListener('click', () => this.dispose());
    this.node.append(text, command, close);
  }
}

/** Shows the banner in `panel` (once), or removes it when `python` is null. */
export function showMissingHelper(
  panel: NotebookPanel,
  trans: TranslationBundle,
  python: string | null
): void {
  for (const widget of [...panel.contentHeader.widgets]) {
    if (widget instanceof MissingHelperBanner) {
      widget.dispose();
    }
  }
  if (python !== null) {
    panel.contentHeader.addWidget(new MissingHelperBanner(trans, python));
  }
}
