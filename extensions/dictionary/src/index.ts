import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  InputDialog,
  MainAreaWidget,
  Notification,
  WidgetTracker
} from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { dictionaryBundleUrl, valueIndexUrl } from './bundle_url';
import { GraphView } from './graph_view';
import { joinGraphIcon } from './icon';
import { DictionaryModel } from './model';
import { DictionaryPanel } from './panel';
import { translateSettings } from './schema_translation';
import { formatSnippet, insertIntoNotebook } from './snippet';
import {
  CommandIDs,
  ISndsDictionary,
  PLUGIN_ID,
  SndsDictionary
} from './tokens';

export { CommandIDs, ISndsDictionary, SndsDictionary } from './tokens';
export { DictionaryPanel, SCHEMA_CREDIT } from './panel';
export { translateSchema, translateSettings } from './schema_translation';

const STATE_KEY = `${PLUGIN_ID}:state`;
const CATEGORY = 'SNDS';

function readSettings(
  composite: ReadonlyPartialJSONObject | undefined
): SndsDictionary.ISettings {
  return {
    ...SndsDictionary.DEFAULT_SETTINGS,
    ...(composite ?? {})
  } as SndsDictionary.ISettings;
}

const plugin: JupyterFrontEndPlugin<ISndsDictionary> = {
  id: PLUGIN_ID,
  description: 'The SNDS dictionary in the left sidebar.',
  autoStart: true,
  provides: ISndsDictionary,
  optional: [
    ILayoutRestorer,
    ICommandPalette,
    ITranslator,
    ISettingRegistry,
    INotebookTracker,
    IStateDB
  ],
  activate: (
    app: JupyterFrontEnd,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    settingRegistry: ISettingRegistry | null,
    notebooks: INotebookTracker | null,
    state: IStateDB | null
  ): ISndsDictionary => {
    const trans = (translator ?? nullTranslator).load('snds_lab');
    const model = new DictionaryModel(dictionaryBundleUrl(), valueIndexUrl());
    let settings = SndsDictionary.DEFAULT_SETTINGS;
    if (settingRegistry) {
      translateSettings(settingRegistry, PLUGIN_ID, trans);
      void settingRegistry.load(PLUGIN_ID).then(
        loaded => {
          const update = () => {
            settings = readSettings(
              loaded.composite as ReadonlyPartialJSONObject
            );
          };
          update();
          loaded.changed.connect(update);
        },
        (error: Error) =>
          Notification.warning(
            trans.__('SNDS dictionary settings not loaded: %1', error.message)
          )
      );
    }

    const insert = (sql: string, what: string) => {
      const text = formatSnippet(sql, settings.snippetStyle);
      const where = insertIntoNotebook(notebooks, text, settings.insertInto);
      if (where === 'noNotebook') {
        void navigator.clipboard?.writeText(text).catch(() => undefined);
        Notification.warning(
          trans.__(
            'Open a notebook to insert the %1; the SQL was copied to the clipboard.',
            what
          ),
          { autoClose: 5000 }
        );
      } else if (notebooks?.currentWidget) {
        app.shell.activateById(notebooks.currentWidget.id);
      }
    };
    const reportError = (error: unknown) =>
      Notification.error((error as Error).message, { autoClose: 8000 });

    const graphs = new WidgetTracker<MainAreaWidget<GraphView>>({
      namespace: 'snds-graph'
    });

    const actions = {
      insertSelect: (table: string) => {
        try {
          insert(
            model.selectSql(table, settings).sql,
            trans.__('SELECT of %1', table)
          );
        } catch (error) {
          reportError(error);
        }
      },
      insertJoin: (from: string, to: string) => {
        try {
          insert(
            model.joinSql(from, to, settings).sql,
            trans.__('join of %1 and %2', from, to)
          );
        } catch (error) {
          reportError(error);
        }
      },
      showGraph: (options: { from?: string; to?: string } = {}) =>
        void app.commands.execute(CommandIDs.graph, options)
    };

    // Once JupyterLab is idle after start-up, load the dictionary and the graph library, so
    // that opening the panel or the graph does not wait for the network.
    void app.restored.then(() => {
      const idle =
        window.requestIdleCallback ??
        ((f: () => void) => window.setTimeout(f, 1000));
      idle(() => {
        void model.load().catch(() => undefined);
        void import('cytoscape').catch(() => undefined);
      });
    });

    const panel = new DictionaryPanel(model, trans, actions);
    app.shell.add(panel, 'left', { rank: 450 });
    restorer?.add(panel, 'snds-dictionary');

    // The open view and the search text come back after a reload.
    if (state) {
      void app.restored
        .then(() => state.fetch(STATE_KEY))
        .then(saved => {
          const s = saved as
            { view?: SndsDictionary.View; query?: string } | undefined;
          return s && (s.view?.kind !== 'browse' || s.query)
            ? panel.restore(s)
            : undefined;
        })
        .catch(reportError)
        .finally(() => {
          // One write per pause in typing, not one per keystroke.
          let timer = 0;
          panel.changed.connect(() => {
            window.clearTimeout(timer);
            timer = window.setTimeout(() => {
              void state.save(STATE_KEY, {
                view: panel.view,
                query: panel.query
              } as unknown as ReadonlyPartialJSONObject);
            }, 150);
          });
        });
    }

    const { commands } = app;
    const str = (value: unknown) => (typeof value === 'string' ? value : '');

    commands.addCommand(CommandIDs.open, {
      label: trans.__('Open the SNDS dictionary'),
      caption: trans.__('Show the SNDS dictionary in the left sidebar'),
      icon: args => (args.isPalette ? undefined : panel.title.icon),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            table: { type: 'string', description: trans.__('A table to open') },
            column: {
              type: 'string',
              description: trans.__('A column of that table to open')
            },
            search: { type: 'string', description: trans.__('Text to search') }
          }
        }
      },
      execute: async args => {
        app.shell.activateById(panel.id);
        try {
          if (str(args.table) && str(args.column)) {
            await panel.openColumn(str(args.table), str(args.column));
          } else if (str(args.table)) {
            await panel.openTable(str(args.table));
          } else if (str(args.search)) {
            await panel.search(str(args.search));
          }
        } catch (error) {
          reportError(error);
        }
      }
    });

    commands.addCommand(CommandIDs.openTable, {
      label: args =>
        str(args.table)
          ? trans.__('Open the SNDS table %1', str(args.table))
          : trans.__('Open an SNDS table…'),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            table: {
              type: 'string',
              description: trans.__('Table name, e.g. ER_PRS_F')
            }
          }
        }
      },
      execute: async args => {
        let name = str(args.table);
        if (!name) {
          await model.load();
          const answer = await InputDialog.getItem({
            title: trans.__('Open an SNDS table'),
            items: model.dictionary.data.tables.map(t => t.name),
            editable: true,
            label: trans.__('Table')
          });
          if (!answer.button.accept || !answer.value) {
            return;
          }
          name = answer.value;
        }
        return commands.execute(CommandIDs.open, { table: name });
      }
    });

    commands.addCommand(CommandIDs.openColumn, {
      label: args =>
        trans.__(
          'Open the SNDS column %1',
          `${str(args.table)}.${str(args.column)}`
        ),
      describedBy: {
        args: {
          type: 'object',
          required: ['table', 'column'],
          properties: {
            table: { type: 'string', description: trans.__('Table name') },
            column: { type: 'string', description: trans.__('Column name') }
          }
        }
      },
      execute: args =>
        commands.execute(CommandIDs.open, {
          table: str(args.table),
          column: str(args.column)
        })
    });

    commands.addCommand(CommandIDs.search, {
      label: trans.__('Search the SNDS dictionary'),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            query: { type: 'string', description: trans.__('Text to search') }
          }
        }
      },
      execute: async args => {
        app.shell.activateById(panel.id);
        if (str(args.query)) {
          await panel.search(str(args.query));
        }
        panel.focusSearch();
      }
    });

    commands.addCommand(CommandIDs.graph, {
      label: trans.__('Open the SNDS join graph'),
      icon: joinGraphIcon,
      describedBy: {
        args: {
          type: 'object',
          properties: {
            from: {
              type: 'string',
              description: trans.__('First table of the join path')
            },
            to: {
              type: 'string',
              description: trans.__('Last table of the join path')
            }
          }
        }
      },
      execute: args => {
        let widget = graphs.currentWidget;
        if (!widget || widget.isDisposed) {
          const view = new GraphView(model, trans, {
            openTable: name =>
              void commands.execute(CommandIDs.open, { table: name }),
            insertJoin: actions.insertJoin
          });
          widget = new MainAreaWidget({ content: view });
          widget.id = 'snds-join-graph';
          widget.title.label = trans.__('SNDS join graph');
          widget.title.icon = joinGraphIcon;
          void graphs.add(widget);
          // A tab of its own: beside a notebook the graph had half the width it needs.
          app.shell.add(widget, 'main');
        }
        app.shell.activateById(widget.id);
        widget.content.pick(
          str(args.from) || undefined,
          str(args.to) || undefined
        );
      }
    });

    commands.addCommand(CommandIDs.insertSelect, {
      label: args =>
        str(args.table)
          ? trans.__('Insert a SELECT of %1', str(args.table))
          : trans.__('Insert a SELECT of the open SNDS table'),
      execute: async args => {
        await model.load();
        const view = panel.view;
        const table =
          str(args.table) || (view.kind !== 'browse' ? view.table : '');
        if (table) {
          actions.insertSelect(table);
        }
      }
    });

    commands.addCommand(CommandIDs.insertJoin, {
      label: args =>
        str(args.from) && str(args.to)
          ? trans.__(
              'Insert the join of %1 and %2',
              str(args.from),
              str(args.to)
            )
          : trans.__('Insert a join of two SNDS tables'),
      execute: async args => {
        await model.load();
        const view = panel.view;
        const from =
          str(args.from) || (view.kind !== 'browse' ? view.table : '');
        if (from && str(args.to)) {
          actions.insertJoin(from, str(args.to));
        } else {
          await commands.execute(CommandIDs.graph, { from });
        }
      }
    });

    if (restorer) {
      void restorer.restore(graphs, {
        command: CommandIDs.graph,
        name: () => 'snds-graph'
      });
    }

    for (const command of [
      CommandIDs.open,
      CommandIDs.openTable,
      CommandIDs.search,
      CommandIDs.graph,
      CommandIDs.insertSelect,
      CommandIDs.insertJoin
    ]) {
      palette?.addItem({ command, category: CATEGORY });
    }
    return panel;
  }
};

export default [plugin];
