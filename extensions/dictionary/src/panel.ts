import type { TranslationBundle } from '@jupyterlab/translation';
import { SidePanel } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import { sndsIcon } from './icon';

/** Data credit required by the Licence Ouverte 2.0 of the SNDS schema. */
export const SCHEMA_CREDIT =
  'Schéma et SNDS synthétique, Health Data Hub / DREES lab santé, ' +
  'gitlab.com/healthdatahub/synthetic-snds, mise à jour du 2021-04-19 ' +
  '(Licence Ouverte 2.0).';

/** The left-sidebar panel titled SNDS. */
export class DictionaryPanel extends SidePanel {
  constructor(trans: TranslationBundle) {
    super({ translator: undefined });
    this.id = 'snds-dictionary';
    this.addClass('jp-SndsDictionary');
    this.title.icon = sndsIcon;
    this.title.caption = trans.__('SNDS dictionary');
    this.title.label = '';
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', trans.__('SNDS dictionary'));

    const body = new Widget();
    body.addClass('jp-SndsDictionary-body');
    const intro = document.createElement('p');
    intro.textContent = trans.__(
      'Tables, variables and nomenclatures of the SNDS (Système National des Données de Santé).'
    );
    const credit = document.createElement('p');
    credit.className = 'jp-SndsDictionary-credit';
    credit.textContent = SCHEMA_CREDIT;
    body.node.append(intro, credit);
    body.title.label = 'SNDS';
    this.addWidget(body);
  }
}
