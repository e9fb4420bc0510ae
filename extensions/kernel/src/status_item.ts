import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

/** What `snds._status()` reports. */
export interface IKernelStatus {
  engine: string;
  dataset: {
    patients: number;
    seed: number;
    years: number[];
    products: string[] | null;
  } | null;
}

/** The status-bar item: the engine and the loaded dataset of the current kernel. */
export class SndsStatusItem extends Widget {
  constructor(private readonly _trans: TranslationBundle) {
    super({ node: document.createElement('span') });
    this.addClass('jp-SndsStatus');
    this.node.setAttribute('role', 'status');
    this.setStatus(null);
  }

  setStatus(status: IKernelStatus | null | undefined): void {
    const trans = this._trans;
    if (!status) {
      this.node.textContent = trans.__('SNDS: —');
      this.node.title = trans.__('No snds helper in this kernel yet');
      return;
    }
    const data = status.dataset
      ? trans.__(
          '%1 patients, seed %2',
          status.dataset.patients.toLocaleString(),
          String(status.dataset.seed)
        )
      : trans.__('no data');
    this.node.textContent = `SNDS: ${status.engine} · ${data}`;
    this.node.title = trans.__(
      'snds helper engine and loaded synthetic dataset'
    );
  }
}
