import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { DictionaryPanel } from './panel';
import { CommandIDs, PLUGIN_ID } from './tokens';

export { CommandIDs } from './tokens';
export { DictionaryPanel, SCHEMA_CREDIT } from './panel';

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'The SNDS dictionary in the left sidebar.',
  autoStart: true,
  optional: [ILayoutRestorer, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('snds_lab');
    const panel = new DictionaryPanel(trans);
    app.shell.add(panel, 'left', { rank: 450 });
    restorer?.add(panel, 'snds-dictionary');

    app.commands.addCommand(CommandIDs.open, {
      label: trans.__('Open the SNDS dictionary'),
      execute: () => app.shell.activateById(panel.id)
    });
    palette?.addItem({ command: CommandIDs.open, category: 'SNDS' });
  }
};

export default [plugin];
